import { DfpArgumentError, describeValue } from '../errors';
import type { LocomotionSimulator, MujocoState } from './locomotion-simulator';
import type { RolloutModel } from './mppi-controller';

/**
 * Extra terms a planner adds to the env reward inside its rollouts only (recorded dataset rewards stay Gym's).
 * Short-horizon MPPI cannot see a fall or a flip coming a second ahead; these soft penalties make its
 * plans keep the torso upright and high, and an optional velocity cap trades speed for stability
 * (the knob that separates "medium" from "expert" data).
 */
export interface PlanningShaping {
  /** Penalty per step and per radian of `|torso angle| - angleFree` beyond 0. @defaultValue 0 */
  readonly anglePenalty?: number;
  /** Torso angle (rad) that is free of penalty. @defaultValue 0 */
  readonly angleFree?: number;
  /** Penalty per step and per metre of `minHeight - torso z` beyond 0. @defaultValue 0 */
  readonly heightPenalty?: number;
  /** Torso height (m) below which the height penalty starts. @defaultValue 0 */
  readonly minHeight?: number;
  /** Forward velocity above this (m/s) earns nothing in the plan: the reward is `r - max(0, Δx/dt - cap)`. */
  readonly velocityCap?: number;
}

/** Checks the fields of a {@link PlanningShaping}. @throws DfpArgumentError naming the field. */
export function validatePlanningShaping(s: PlanningShaping): PlanningShaping {
  if (s === null || typeof s !== 'object') throw new DfpArgumentError(`PlanningShaping: expected an object, received ${describeValue(s)}`);
  for (const key of ['anglePenalty', 'angleFree', 'heightPenalty', 'minHeight', 'velocityCap'] as const) {
    const v = s[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw new DfpArgumentError(`PlanningShaping.${key}: expected a finite number >= 0, received ${describeValue(v)}`);
    }
  }
  return s;
}

/**
 * The shaped per-step planning reward: `r - cA·max(0, |θ| - θfree) - cZ·max(0, zMin - z) - max(0, v - vCap)`.
 * @param reward - the env reward `r` of the step.
 * @param z - torso height `qpos[1]` after the step; `theta` the torso angle `qpos[2]`; `xVelocity` `Δx/dt`.
 */
export function shapedReward(reward: number, z: number, theta: number, xVelocity: number, s: PlanningShaping): number {
  const angle = (s.anglePenalty ?? 0) * Math.max(0, Math.abs(theta) - (s.angleFree ?? 0));
  const height = (s.heightPenalty ?? 0) * Math.max(0, (s.minHeight ?? 0) - z);
  const speed = s.velocityCap === undefined ? 0 : Math.max(0, xVelocity - s.velocityCap);
  return reward - angle - height - speed;
}

/** A {@link LocomotionSimulator} seen through {@link shapedReward}: the rollout model MPPI plans with. */
export class ShapedRollout implements RolloutModel<MujocoState> {
  readonly spec: { readonly actDim: number };
  private readonly sim: LocomotionSimulator;
  private readonly shaping: PlanningShaping;

  constructor(sim: LocomotionSimulator, shaping: PlanningShaping) {
    this.sim = sim;
    this.spec = sim.spec;
    this.shaping = validatePlanningShaping(shaping);
  }

  setState(state: MujocoState): void {
    this.sim.setState(state);
  }

  advance(action: ArrayLike<number>): { reward: number; terminated: boolean } {
    const s = this.sim.advance(action);
    const [z, theta] = this.sim.torsoHeightAndAngle();
    return { reward: shapedReward(s.reward, z, theta, s.xVelocity, this.shaping), terminated: s.terminated };
  }
}
