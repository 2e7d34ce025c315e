import type { DiffusionModelSpec } from '@dfp/core';
import { qSampleCoefficients, stepCoefficients, x0Coefficients } from './ddim-step';
import type { SamplerKind } from './ddim-step';
import type { RowPlan } from './stabilization';

/** Per-token coefficients of one row, for tokens `[from, to)` (see `stepCoefficients`). */
export interface RowCoefficients {
  readonly x0FromX: Float32Array;
  readonly x0FromOut: Float32Array;
  /** Tokens that do not step keep their value: nextFromX = 1, nextFromOut = 0, sigma = 0, guidance = 0. */
  readonly nextFromX: Float32Array;
  readonly nextFromOut: Float32Array;
  readonly sigma: Float32Array;
  /** λ_t (DF §3.2) of each token's step; 0 for tokens that are clean or do not step. */
  readonly guidance: Float32Array;
  /** q_sample coefficients at each token's level (Monte Carlo Guidance re-noising). */
  readonly renoiseX0: Float32Array;
  readonly renoiseNoise: Float32Array;
}

/**
 * Coefficients of every token of a row, computed in float64 from ᾱ and rounded once to float32.
 * Pure; used by the sampler to apply a whole row with a few batched tensor ops.
 */
export function rowCoefficients(
  plan: Pick<RowPlan, 'steps' | 'levels'>,
  from: number,
  to: number,
  times: Int32Array,
  model: Pick<DiffusionModelSpec, 'alphaBar' | 'objective'>,
  sampler: SamplerKind,
  eta: number,
): RowCoefficients {
  const n = to - from;
  const arr = (): Float32Array => new Float32Array(n);
  const c: RowCoefficients = {
    x0FromX: arr(), x0FromOut: arr(), nextFromX: arr(), nextFromOut: arr(), sigma: arr(), guidance: arr(), renoiseX0: arr(), renoiseNoise: arr(),
  };
  for (let j = 0; j < n; j++) {
    const t = from + j;
    const k = plan.levels[t];
    const i = plan.steps[t];
    const q = qSampleCoefficients(model.alphaBar[k]);
    c.renoiseX0[j] = q.fromX0;
    c.renoiseNoise[j] = q.fromNoise;
    if (i >= 0) {
      const s = stepCoefficients({ alphaBar: model.alphaBar, objective: model.objective, k: times[i], kNext: times[i + 1], sampler, eta });
      c.x0FromX[j] = s.x0FromX;
      c.x0FromOut[j] = s.x0FromOut;
      c.nextFromX[j] = s.nextFromX;
      c.nextFromOut[j] = s.nextFromOut;
      c.sigma[j] = s.sigma;
      c.guidance[j] = s.guidance;
    } else {
      const x = x0Coefficients(model.alphaBar[k], model.objective);
      c.x0FromX[j] = x.fromX;
      c.x0FromOut[j] = x.fromOut;
      c.nextFromX[j] = 1;
    }
  }
  return c;
}
