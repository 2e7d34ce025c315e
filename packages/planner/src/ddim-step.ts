import type { Objective } from '@dfp/core';
import { DfpArgumentError, describeValue } from '@dfp/envs';
import { guidanceCoefficient } from './guidance/guidance-coefficient';

/**
 * Pure coefficient math of one reverse-diffusion step (research doc §2.1). Every step the planner takes is
 * linear in the noisy token x and the network output `out`:
 *
 *   x0Hat = x0FromX·x + x0FromOut·out,    xNext = nextFromX·x + nextFromOut·out + sigma·noise,
 *
 * so a whole pyramid row is applied with a few batched tensor ops and the math is testable on plain numbers.
 */

/** Reverse-process sampler: DDIM (`eta` = 0 is deterministic) or DDPM ancestral sampling. */
export type SamplerKind = 'ddim' | 'ddpm';

/**
 * DDIM time grid of the reference code: `linspace(-1, K-1, S+1)` reversed and truncated to integers, so
 * `times[0] = K-1`, `times[S] = -1` ("return x0"); DDIM index i moves a token from `times[i]` to `times[i+1]`.
 * For K = 1000, S = 50: 999, 979, ..., 39, 19, -1.
 *
 * @param K - number of diffusion levels.
 * @param samplingSteps - S, with 1 <= S <= K.
 */
export function ddimTimes(K: number, samplingSteps: number): Int32Array {
  if (!Number.isInteger(K) || K < 1) throw new DfpArgumentError(`ddimTimes: K must be an integer >= 1, received ${describeValue(K)}`);
  if (!Number.isInteger(samplingSteps) || samplingSteps < 1 || samplingSteps > K) {
    throw new DfpArgumentError(`ddimTimes: samplingSteps must be an integer in [1, K=${K}], received ${describeValue(samplingSteps)}`);
  }
  const S = samplingSteps;
  const times = new Int32Array(S + 1);
  for (let j = 0; j <= S; j++) {
    const v = -1 + (j * K) / S; // linspace(-1, K-1, S+1)[j]
    const r = Math.round(v);
    times[S - j] = Math.abs(v - r) < 1e-9 ? r : Math.trunc(v); // int() truncates toward zero
  }
  return times;
}

/** Coefficients of one step; see the file comment for the formulas they enter. */
export interface StepCoefficients {
  readonly x0FromX: number;
  readonly x0FromOut: number;
  readonly nextFromX: number;
  readonly nextFromOut: number;
  /** Standard deviation of the fresh noise added by the step (0 for DDIM with eta = 0 and on the last step). */
  readonly sigma: number;
  /** Guidance coefficient λ of the step (DF §3.2, {@link guidanceCoefficient}); 0 on the last step. */
  readonly guidance: number;
}

/** Options of {@link stepCoefficients}. */
export interface StepCoefficientOptions {
  /** ᾱ_k for k = 0..K-1. */
  readonly alphaBar: ArrayLike<number>;
  /** What the network predicts. */
  readonly objective: Objective;
  /** Current level k, in [0, K-1]. */
  readonly k: number;
  /** Next level, in [-1, k); -1 means "return the x0 prediction". */
  readonly kNext: number;
  /** @defaultValue 'ddim' */
  readonly sampler?: SamplerKind;
  /** DDIM stochasticity η >= 0 (ignored by DDPM). @defaultValue 0 */
  readonly eta?: number;
}

/**
 * x0 prediction as a linear function of (x, out) at level k: x0 objective `x0Hat = out`; eps objective
 * `x0Hat = (x - √(1-ᾱ)·out)/√ᾱ`; v objective `x0Hat = √ᾱ·x - √(1-ᾱ)·out`.
 */
export function x0Coefficients(alphaBarK: number, objective: Objective): { fromX: number; fromOut: number } {
  const a = alphaBarK;
  switch (objective) {
    case 'x0':
      return { fromX: 0, fromOut: 1 };
    case 'eps':
      return { fromX: 1 / Math.sqrt(a), fromOut: -Math.sqrt(1 - a) / Math.sqrt(a) };
    case 'v':
      return { fromX: Math.sqrt(a), fromOut: -Math.sqrt(1 - a) };
    default:
      throw new DfpArgumentError(`x0Coefficients: objective must be 'x0', 'eps' or 'v', received ${describeValue(objective)}`);
  }
}

/** Forward-process coefficients of `q(x_k | x0) = √ᾱ_k·x0 + √(1-ᾱ_k)·ε` (MCG re-noising, DF App. B.5). */
export function qSampleCoefficients(alphaBarK: number): { fromX0: number; fromNoise: number } {
  return { fromX0: Math.sqrt(alphaBarK), fromNoise: Math.sqrt(1 - alphaBarK) };
}

/**
 * Coefficients of one step from level k to kNext.
 *
 * - DDIM (reference `ddim_sample_step`): `ε̂ = (x - √ᾱ_k·x0Hat)/√(1-ᾱ_k)`,
 *   `σ = η·√((1-ᾱ_k/ᾱ_next)(1-ᾱ_next)/(1-ᾱ_k))`, `c = √(1-ᾱ_next-σ²)`,
 *   `x' = √ᾱ_next·x0Hat + c·ε̂ + σ·noise`.
 * - DDPM: the posterior `q(x_next | x_k, x0Hat)` of the (respaced) chain, mean
 *   `√ᾱ_next·β̂/(1-ᾱ_k)·x0Hat + √α̂·(1-ᾱ_next)/(1-ᾱ_k)·x` with `α̂ = ᾱ_k/ᾱ_next`, `β̂ = 1-α̂`, and variance
 *   `β̂(1-ᾱ_next)/(1-ᾱ_k)`; identical to DDIM with η = 1.
 * - kNext = -1: `x' = x0Hat`, no noise, λ = 0.
 *
 * @throws DfpArgumentError for levels out of range or a negative eta.
 */
export function stepCoefficients(opts: StepCoefficientOptions): StepCoefficients {
  const { alphaBar, objective, k, kNext } = opts;
  const sampler = opts.sampler ?? 'ddim';
  const eta = opts.eta ?? 0;
  const K = alphaBar.length;
  if (!Number.isInteger(k) || k < 0 || k >= K) throw new DfpArgumentError(`stepCoefficients: k must be an integer in [0, ${K - 1}], received ${describeValue(k)}`);
  if (!Number.isInteger(kNext) || kNext < -1 || kNext >= k) {
    throw new DfpArgumentError(`stepCoefficients: kNext must be an integer in [-1, k=${k}), received ${describeValue(kNext)}`);
  }
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new DfpArgumentError(`stepCoefficients: sampler must be 'ddim' or 'ddpm', received ${describeValue(sampler)}`);
  if (typeof eta !== 'number' || !Number.isFinite(eta) || eta < 0) throw new DfpArgumentError(`stepCoefficients: eta must be a finite number >= 0, received ${describeValue(eta)}`);
  const { fromX, fromOut } = x0Coefficients(alphaBar[k], objective);
  if (kNext < 0) return { x0FromX: fromX, x0FromOut: fromOut, nextFromX: fromX, nextFromOut: fromOut, sigma: 0, guidance: 0 };
  const a = alphaBar[k];
  const an = alphaBar[kNext];
  let x0Coef: number; // weight of x0Hat in x'
  let xCoef: number; // weight of x in x' (besides through x0Hat)
  let sigma: number;
  if (sampler === 'ddpm') {
    const alphaHat = a / an;
    sigma = Math.sqrt(Math.max(0, ((1 - alphaHat) * (1 - an)) / (1 - a)));
    x0Coef = (Math.sqrt(an) * (1 - alphaHat)) / (1 - a);
    xCoef = (Math.sqrt(alphaHat) * (1 - an)) / (1 - a);
  } else {
    sigma = eta * Math.sqrt(Math.max(0, ((1 - a / an) * (1 - an)) / (1 - a)));
    const c = Math.sqrt(Math.max(0, 1 - an - sigma * sigma));
    x0Coef = Math.sqrt(an) - (c * Math.sqrt(a)) / Math.sqrt(1 - a);
    xCoef = c / Math.sqrt(1 - a);
  }
  // Both samplers write x' = √ᾱ_next·x0Hat + c·ε̂ + σ·noise with c = √(1-ᾱ_next-σ²), so λ has one formula.
  return {
    x0FromX: fromX,
    x0FromOut: fromOut,
    nextFromX: x0Coef * fromX + xCoef,
    nextFromOut: x0Coef * fromOut,
    sigma,
    guidance: guidanceCoefficient(a, an, sigma),
  };
}
