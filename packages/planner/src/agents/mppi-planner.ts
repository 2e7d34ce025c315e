import { DfpArgumentError, assertFiniteVector, assertInteger, describeValue } from '@dfp/envs';
import type { EnvLike } from '../api';
import { BatchedAgent } from './batched-agent';
import type { EnvSlot, ReplanRequest } from './batched-agent';

/**
 * Batched dynamics on plain arrays: `states [n, stateDim]` and `actions [n, actDim]` row-major; writes the next
 * states into `out` (which may be `states`). For Maze2D: `(s, a, out) => maze2dStepBatch(s, a, mazeLayout('large'), out)`.
 */
export type BatchDynamics = (states: Float64Array, actions: Float64Array, out: Float64Array) => void;

/** Running cost of the state row at `offset` (the state after the action), given the env's goal. */
export type StateCost = (states: Float64Array, offset: number, goal: ArrayLike<number> | null) => number;

/** Euclidean distance of the first `goal.length` state dims to the goal (Maze2D: position to target). */
export const goalDistanceCost: StateCost = (s, offset, goal) => {
  if (!goal) throw new DfpArgumentError('MPPIPlanner: the default cost (distance to the goal) needs a goal: pass {goal} to act() or a goal option');
  let d2 = 0;
  for (let i = 0; i < goal.length; i++) d2 += (s[offset + i] - goal[i]) ** 2;
  return Math.sqrt(d2);
};

/** Options of {@link MPPIPlanner}. */
export interface MPPIPlannerOptions {
  /** Dynamics on the observation (MPPI assumes the observation is the full state, as in Maze2D). */
  readonly dynamics: BatchDynamics;
  readonly obsDim: number;
  readonly actDim: number;
  /** Per-step cost. @defaultValue {@link goalDistanceCost} */
  readonly cost?: StateCost;
  /** Lookahead steps T. @defaultValue 50 (half a cell to ~2.5 cells of travel in the maze) */
  readonly horizon?: number;
  /** Sampled action sequences K per iteration. @defaultValue 256 */
  readonly samples?: number;
  /** Temperature λ of the weights `exp(-(S_k - min S)/λ)`. @defaultValue 1 */
  readonly temperature?: number;
  /** Std of the Gaussian action perturbations. @defaultValue 0.5 (the action range is [-1, 1]) */
  readonly noiseStd?: number;
  /** Update iterations per step. @defaultValue 1 */
  readonly iterations?: number;
  /** Action bounds for sampling. @defaultValue the attached env's action space, else [-1, 1] */
  readonly actionLow?: number;
  readonly actionHigh?: number;
  readonly goal?: ArrayLike<number>;
  /** @defaultValue 0 */
  readonly seed?: number;
  readonly env?: EnvLike;
}

/**
 * Model Predictive Path Integral control (Williams et al. 2017), the classical baseline of DF Table 1 (MPPI with
 * the true dynamics). Each step, for every env: perturb the warm-started nominal action sequence with K Gaussian
 * samples, roll them out through the dynamics, weight them by `exp(-cost/λ)`, update the nominal sequence with
 * the weighted mean perturbation, execute its first action and shift it. Seeded; plain JS (no tensors).
 */
export class MPPIPlanner extends BatchedAgent<Float64Array> {
  readonly name = 'MPPIPlanner';
  private readonly opts: MPPIPlannerOptions;
  private readonly T: number;
  private readonly K: number;

  constructor(opts: MPPIPlannerOptions) {
    if (!opts || typeof opts.dynamics !== 'function') throw new DfpArgumentError(`MPPIPlanner: dynamics must be a function (states, actions, out) => void, received ${describeValue(opts?.dynamics)}`);
    super(assertInteger('MPPIPlanner: obsDim', opts.obsDim, 1), assertInteger('MPPIPlanner: actDim', opts.actDim, 1), opts.seed ?? 0);
    this.opts = opts;
    this.T = assertInteger('MPPIPlanner: horizon', opts.horizon ?? 50, 1);
    this.K = assertInteger('MPPIPlanner: samples', opts.samples ?? 256, 1);
    assertInteger('MPPIPlanner: iterations', opts.iterations ?? 1, 1);
    for (const [k, v] of [['temperature', opts.temperature ?? 1], ['noiseStd', opts.noiseStd ?? 0.5]] as const) {
      if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new DfpArgumentError(`MPPIPlanner: ${k} must be a finite number > 0, received ${describeValue(v)}`);
    }
    if (opts.goal !== undefined) assertFiniteVector('MPPIPlanner: goal', opts.goal);
    if (opts.env) this.attach(opts.env);
  }

  /** MPPI re-optimizes at every step (warm-started from the previous nominal sequence). */
  protected needsReplan(): boolean {
    return true;
  }

  protected actionFrom(slot: EnvSlot<Float64Array>): ArrayLike<number> {
    return slot.plan!.subarray(0, this.actDim);
  }

  private bounds(i: number): [number, number] {
    const box = this.env?.actionSpace;
    return [box ? box.low[i] : (this.opts.actionLow ?? -1), box ? box.high[i] : (this.opts.actionHigh ?? 1)];
  }

  protected async replan(requests: readonly ReplanRequest<Float64Array>[]): Promise<Float64Array[]> {
    return requests.map((r) => this.optimize(r.observation, r.goal ?? this.opts.goal ?? null, r.slot.plan));
  }

  /** One MPPI solve for one env; returns the new nominal sequence `[T, actDim]` (its first row is executed). */
  private optimize(obs: ArrayLike<number>, goal: ArrayLike<number> | null, previous: Float64Array | null): Float64Array {
    const { T, K, actDim: A, obsDim: S } = this;
    const cost = this.opts.cost ?? goalDistanceCost;
    const lambda = this.opts.temperature ?? 1;
    const sigma = this.opts.noiseStd ?? 0.5;
    const lo = Array.from({ length: A }, (_, i) => this.bounds(i)[0]);
    const hi = Array.from({ length: A }, (_, i) => this.bounds(i)[1]);
    // Warm start: the previous sequence shifted by one step, last action repeated (zeros the first time).
    const U = new Float64Array(T * A);
    if (previous) {
      U.set(previous.subarray(A));
      U.set(previous.subarray((T - 1) * A), (T - 1) * A);
    }
    const eps = new Float64Array(K * T * A);
    const states = new Float64Array(K * S);
    const actions = new Float64Array(K * A);
    const costs = new Float64Array(K);
    for (let it = 0; it < (this.opts.iterations ?? 1); it++) {
      for (let j = 0; j < eps.length; j++) eps[j] = sigma * this.rng.normal();
      for (let k = 0; k < K; k++) for (let d = 0; d < S; d++) states[k * S + d] = obs[d];
      costs.fill(0);
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < K; k++) {
          for (let i = 0; i < A; i++) {
            const a = Math.min(hi[i], Math.max(lo[i], U[t * A + i] + eps[(k * T + t) * A + i]));
            eps[(k * T + t) * A + i] = a - U[t * A + i]; // perturbation actually applied (after clipping)
            actions[k * A + i] = a;
          }
        }
        this.opts.dynamics(states, actions, states);
        for (let k = 0; k < K; k++) costs[k] += cost(states, k * S, goal);
      }
      let min = Infinity;
      for (let k = 0; k < K; k++) min = Math.min(min, Number.isFinite(costs[k]) ? costs[k] : Infinity);
      if (!Number.isFinite(min)) throw new DfpArgumentError('MPPIPlanner: every rollout has a non-finite cost; check the dynamics and cost functions');
      let norm = 0;
      const w = costs.map((c) => (Number.isFinite(c) ? Math.exp(-(c - min) / lambda) : 0));
      for (let k = 0; k < K; k++) norm += w[k];
      for (let t = 0; t < T; t++) {
        for (let i = 0; i < A; i++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += w[k] * eps[(k * T + t) * A + i];
          U[t * A + i] = Math.min(hi[i], Math.max(lo[i], U[t * A + i] + s / norm));
        }
      }
    }
    return U;
  }
}
