import type { ReferenceScores } from '../api';

/**
 * Everything that defines one Gym-MuJoCo locomotion task (Gymnasium `hopper.py`, `half_cheetah.py`,
 * `walker2d.py`, v4): the model, the step length and the reward, termination and reset rules. The three
 * tasks differ only in these data, so one simulator class runs them all.
 */
export interface LocomotionSpec {
  /** Registered env id, e.g. `'hopper-v4'`. */
  readonly id: string;
  /** MJCF model (written for dfp from Gym's geometry; see the env files). */
  readonly xml: string;
  /** Physics steps per env step (Gym's `frame_skip`); env dt = `timestep * frameSkip`. */
  readonly frameSkip: number;
  /** Observation length: `nq - 1 + nv` (the x position is left out, as in Gym). */
  readonly obsDim: number;
  readonly actDim: number;
  /** Weight of the forward velocity `Δx / dt` (Gym's `forward_reward_weight`). */
  readonly forwardRewardWeight: number;
  /** Weight of the control cost `‖a‖²` (Gym's `ctrl_cost_weight`). */
  readonly ctrlCostWeight: number;
  /** Bonus per step for staying alive (Gym's `healthy_reward`; 0 for the cheetah). */
  readonly healthyReward: number;
  /** Velocities in the observation are clipped to `[-c, c]` (10 for hopper and walker); `null`: no clip. */
  readonly velocityClip: number | null;
  /**
   * Gym's `is_healthy` on the post-step state; the episode terminates when it is false. `null`: the task never
   * terminates (the cheetah).
   */
  readonly isHealthy: ((qpos: ArrayLike<number>, qvel: ArrayLike<number>) => boolean) | null;
  /**
   * Reset noise added to the initial `qpos`, `qvel` (Gym's `reset_noise_scale`): `qpos += U(-s, s)`, and
   * `qvel += U(-s, s)` (`'uniform'`) or `qvel += s·N(0, 1)` (`'normal'`, the cheetah).
   */
  readonly resetNoise: { readonly scale: number; readonly qvel: 'uniform' | 'normal' };
  /** D4RL `REF_MIN_SCORE` / `REF_MAX_SCORE` (`d4rl/infos.py`), shared by all datasets of the task. */
  readonly referenceScores: ReferenceScores;
  /** One-line description for `dfp env --list`. */
  readonly description: string;
}
