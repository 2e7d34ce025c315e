import { DfpArgumentError, assertInteger, describeValue } from '../errors';
import type { Rng } from '../rng';
import { ACTION_LIMIT } from './locomotion-simulator';

/**
 * What MPPI needs from a simulator: restore a state and advance one env step. {@link LocomotionSimulator}
 * implements it; tests use tiny pure-JS systems.
 */
export interface RolloutModel<S> {
  readonly spec: { readonly actDim: number };
  setState(state: S): void;
  advance(action: ArrayLike<number>): { readonly reward: number; readonly terminated: boolean };
}

/** Options of {@link MppiController}. Defaults are the "expert" preset of the dataset generator. */
export interface MppiOptions {
  /** Number of sampled action sequences K per control step (the current plan is always one of them). */
  readonly samples: number;
  /** Planning horizon H in env steps. */
  readonly horizon: number;
  /** Std σ of the Gaussian perturbation added to the plan, in action units (actions live in [-1, 1]). */
  readonly noiseStd: number;
  /**
   * Temperature λ relative to the spread of the sampled returns: weights are `exp((R_k - max R) / (λ·std R))`.
   * Small values approach "take the best sample", large ones a plain average.
   */
  readonly temperature: number;
  /**
   * Safeguard: also roll out the weighted-mean plan and keep the best sampled sequence instead when the mean does
   * worse. Averaging good sequences of an unstable system (the hopper) can give a bad one; with the safeguard the
   * plan's predicted return never drops below that of the best sample, which includes the previous plan.
   * Costs one extra rollout per step.
   * @defaultValue true
   */
  readonly safeguard?: boolean;
  /**
   * Return subtracted from a rollout whose state terminates (falls), so plans avoid falling even when the horizon
   * is too short to see the lost healthy bonus.
   * @defaultValue 0
   */
  readonly terminationPenalty?: number;
}

/**
 * Validates MPPI options.
 * @throws DfpArgumentError naming the field, the expected range and the received value.
 */
export function validateMppiOptions(o: MppiOptions): MppiOptions {
  if (o === null || typeof o !== 'object') throw new DfpArgumentError(`MppiOptions: expected an object, received ${describeValue(o)}`);
  assertInteger('MppiOptions.samples', o.samples, 1, 1_000_000);
  assertInteger('MppiOptions.horizon', o.horizon, 1, 100_000);
  const positive = (name: string, v: unknown, allowZero: boolean): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw new DfpArgumentError(`MppiOptions.${name}: expected a finite number ${allowZero ? '>= 0' : '> 0'}, received ${describeValue(v)}`);
    }
  };
  positive('noiseStd', o.noiseStd, true);
  positive('temperature', o.temperature, false);
  if (o.terminationPenalty !== undefined) positive('terminationPenalty', o.terminationPenalty, true);
  if (o.safeguard !== undefined && typeof o.safeguard !== 'boolean') {
    throw new DfpArgumentError(`MppiOptions.safeguard: expected a boolean, received ${describeValue(o.safeguard)}`);
  }
  return o;
}

/**
 * MPPI's importance weights (Williams et al., 2017): `w_k ∝ exp((R_k - max_j R_j) / λ)` with
 * `λ = temperature · std(R)`, normalized to sum to 1. Non-finite returns (a simulation that blew up) get weight
 * 0; when the finite returns are all equal the weights are uniform over them.
 * @param returns - sampled returns `R_k`, at least one finite.
 * @param out - optional output of the same length.
 * @throws DfpArgumentError when no return is finite.
 */
export function mppiWeights(returns: ArrayLike<number>, temperature: number, out: Float64Array = new Float64Array(returns.length)): Float64Array {
  const n = returns.length;
  let max = -Infinity;
  let mean = 0;
  let finite = 0;
  for (let k = 0; k < n; k++) {
    const r = returns[k];
    if (!Number.isFinite(r)) continue;
    max = Math.max(max, r);
    mean += r;
    finite++;
  }
  if (finite === 0) throw new DfpArgumentError(`mppiWeights: returns must contain a finite value, received ${describeValue(returns)}`);
  mean /= finite;
  let varSum = 0;
  for (let k = 0; k < n; k++) if (Number.isFinite(returns[k])) varSum += (returns[k] - mean) ** 2;
  const lambda = temperature * Math.sqrt(varSum / finite);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const r = returns[k];
    out[k] = !Number.isFinite(r) ? 0 : lambda > 0 ? Math.exp((r - max) / lambda) : 1;
    sum += out[k];
  }
  for (let k = 0; k < n; k++) out[k] /= sum;
  return out;
}

/**
 * Model predictive path integral control (Williams et al., "Information theoretic MPC for model-based
 * reinforcement learning", ICRA 2017) on the true simulator. Each call of {@link MppiController.act} perturbs the
 * current plan `U` (H × actDim) with K - 1 Gaussian sequences (plus the plan itself), rolls each out from the given
 * state, averages them with the weights of {@link mppiWeights} (optionally safeguarded, see
 * {@link MppiOptions.safeguard}), executes the first action and shifts the plan by one step (warm start).
 * Cost per call: at most `(samples + 1) · horizon` env steps. All noise comes from the `rng` passed in.
 */
export class MppiController<S> {
  readonly options: Required<MppiOptions>;
  private readonly model: RolloutModel<S>;
  private readonly rng: Rng;
  private readonly actDim: number;
  /** The plan U, `[H, actDim]` row-major. */
  private readonly plan: Float64Array;
  /** Sampled (clipped) sequences `[K, H, actDim]`; sample 0 is the current plan. */
  private readonly sampled: Float64Array;
  private readonly returns: Float64Array;
  private readonly weights: Float64Array;

  constructor(model: RolloutModel<S>, options: MppiOptions, rng: Rng) {
    validateMppiOptions(options);
    this.options = { terminationPenalty: 0, safeguard: true, ...options };
    this.model = model;
    this.rng = rng;
    this.actDim = model.spec.actDim;
    const { samples: K, horizon: H } = this.options;
    this.plan = new Float64Array(H * this.actDim);
    this.sampled = new Float64Array(K * H * this.actDim);
    this.returns = new Float64Array(K);
    this.weights = new Float64Array(K);
  }

  /** Forgets the plan (back to all-zero actions); call at the start of an episode. */
  reset(): void {
    this.plan.fill(0);
  }

  /** A copy of the current plan `[H, actDim]`. */
  getPlan(): Float64Array {
    return this.plan.slice();
  }

  /**
   * Plans from `state` and returns the action to execute now (a fresh array in [-1, 1]). Leaves the rollout model
   * in an arbitrary state.
   */
  act(state: S): Float64Array {
    const { samples: K, horizon: H, noiseStd, temperature, safeguard } = this.options;
    const A = this.actDim;
    const { plan, sampled, returns, rng } = this;
    let best = 0;
    for (let k = 0; k < K; k++) {
      const seq = sampled.subarray(k * H * A, (k + 1) * H * A);
      // Sample 0 is the current plan itself, so a good plan is never lost to unlucky noise.
      for (let i = 0; i < H * A; i++) {
        const u = plan[i] + (k === 0 ? 0 : noiseStd * rng.normal());
        seq[i] = Math.min(ACTION_LIMIT, Math.max(-ACTION_LIMIT, u));
      }
      returns[k] = this.rollout(state, seq);
      if (!(returns[k] <= returns[best])) best = k; // NaN-safe: a NaN best is replaced
    }
    const w = mppiWeights(returns, temperature, this.weights);
    plan.fill(0);
    for (let k = 0; k < K; k++) {
      if (!(w[k] > 0)) continue;
      const base = k * H * A;
      for (let i = 0; i < H * A; i++) plan[i] += w[k] * sampled[base + i];
    }
    if (safeguard && K > 1 && !(this.rollout(state, plan) >= returns[best])) {
      plan.set(sampled.subarray(best * H * A, (best + 1) * H * A));
    }
    const action = plan.slice(0, A);
    // Warm start: shift the plan one step; the new last step repeats the previous last one.
    plan.copyWithin(0, A);
    return action;
  }

  /** Return of one action sequence `[H, actDim]` from `state`, with the termination penalty on a fall. */
  private rollout(state: S, seq: Float64Array): number {
    const { horizon: H, terminationPenalty } = this.options;
    const A = this.actDim;
    this.model.setState(state);
    let R = 0;
    for (let t = 0; t < H; t++) {
      const r = this.model.advance(seq.subarray(t * A, (t + 1) * A));
      R += r.reward;
      if (r.terminated) return R - terminationPenalty;
    }
    return R;
  }
}
