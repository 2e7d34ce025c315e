/**
 * The reward and observation terms shared by Gym's hopper, half-cheetah and walker2d (v4), as pure
 * functions on plain arrays so they can be tested on hand-made states without MuJoCo.
 */

/** The parts of a locomotion reward, named after Gymnasium v5's `info` keys (camelCased). */
export interface LocomotionRewardTerms {
  /** `forwardRewardWeight · Δx / dt` (Gym's `reward_forward`). */
  readonly rewardForward: number;
  /** `-ctrlCostWeight · ‖a‖²` (Gym's `reward_ctrl`, a negative number or 0). */
  readonly rewardCtrl: number;
  /** The healthy bonus (Gym's `reward_survive`). */
  readonly rewardSurvive: number;
  /** The sum of the three terms: the env's reward. */
  readonly reward: number;
  /** `Δx / dt`, the torso's mean x velocity over the env step (Gym's `x_velocity`). */
  readonly xVelocity: number;
}

/**
 * Gym v4's locomotion reward: `w_f · (x_after - x_before) / dt + healthy - w_c · ‖a‖²`.
 *
 * @remarks Gym v4 pays the healthy bonus on every step, the terminating one included, because
 * `terminate_when_unhealthy` is true (`healthy_reward = float(is_healthy or terminate_when_unhealthy) · 1`).
 * @param xBefore - `qpos[0]` before the env step.
 * @param xAfter - `qpos[0]` after it.
 * @param dt - env step length `timestep · frameSkip`, > 0.
 * @param action - the (clipped) action that was applied.
 */
export function locomotionReward(
  xBefore: number,
  xAfter: number,
  dt: number,
  action: ArrayLike<number>,
  weights: { readonly forwardRewardWeight: number; readonly ctrlCostWeight: number; readonly healthyReward: number },
): LocomotionRewardTerms {
  const xVelocity = (xAfter - xBefore) / dt;
  const rewardForward = weights.forwardRewardWeight * xVelocity;
  const rewardCtrl = -weights.ctrlCostWeight * squaredNorm(action);
  const rewardSurvive = weights.healthyReward;
  return { rewardForward, rewardCtrl, rewardSurvive, reward: rewardForward + rewardCtrl + rewardSurvive, xVelocity };
}

/** `‖a‖² = Σ a_i²`. */
export function squaredNorm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

/**
 * Gym's locomotion observation `[qpos[1:], clip(qvel, -c, c)]` (the x position is excluded, which makes the
 * policy translation invariant).
 * @param velocityClip - `c`, or `null` for no clipping (the cheetah).
 * @param out - optional output of length `qpos.length - 1 + qvel.length`.
 */
export function locomotionObservation(
  qpos: ArrayLike<number>,
  qvel: ArrayLike<number>,
  velocityClip: number | null,
  out: Float64Array = new Float64Array(qpos.length - 1 + qvel.length),
): Float64Array {
  const nq1 = qpos.length - 1;
  for (let i = 0; i < nq1; i++) out[i] = qpos[i + 1];
  for (let i = 0; i < qvel.length; i++) {
    const v = qvel[i];
    out[nq1 + i] = velocityClip === null ? v : Math.min(velocityClip, Math.max(-velocityClip, v));
  }
  return out;
}
