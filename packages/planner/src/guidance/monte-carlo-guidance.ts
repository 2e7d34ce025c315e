import type { Backbone, StepwisePlanSession } from '@dfp/core';
import { tf } from '@dfp/core';
import { DfpArgumentError, describeValue } from '@dfp/envs';
import type { Rng } from '@dfp/envs';
import { affine, perToken, runForward } from '../chain';
import type { ChainCounters } from '../chain';
import { tokenMajorNoiseTensor } from '../noise';

/**
 * Monte Carlo Guidance (DF §3.4, App. B.5, C.5; research doc §3.3). Each still-noisy token gets R x0
 * estimates: the main one, then R-1 more, each obtained by re-noising the previous estimate to the token's
 * current level (`q_sample`) and denoising it again. The guidance objective is averaged over the R samples,
 * so its gradient is the mean of the per-sample gradients. R = 1 is plain guidance.
 */

/** Checks the number of MCG samples R (1 = MCG off). */
export function checkMcgSamples(r: unknown): number {
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1) {
    throw new DfpArgumentError(`mcgSamples must be an integer >= 1 (1 = Monte Carlo Guidance off), received ${describeValue(r)}`);
  }
  return r;
}

/**
 * Mean over samples of values laid out `[R, B]` (sample-major): `out[b] = (1/R) Σ_r values[r·B + b]`.
 * The pure form of {@link mcgReduce}.
 */
export function mcgMean(values: ArrayLike<number>, samples: number): Float64Array {
  checkMcgSamples(samples);
  if (values.length % samples !== 0) throw new DfpArgumentError(`mcgMean: ${values.length} values do not split into ${samples} samples`);
  const B = values.length / samples;
  const out = new Float64Array(B);
  for (let r = 0; r < samples; r++) for (let b = 0; b < B; b++) out[b] += values[r * B + b];
  for (let b = 0; b < B; b++) out[b] /= samples;
  return out;
}

/**
 * Guidance value of a batch from per-trajectory objective values `j` laid out `[R·B]` (sample-major):
 * `Σ_b (1/R) Σ_r j[r, b]`. Batch elements are independent, so summing over them gives every env the
 * gradient of its own objective (the reference code sums over the batch too).
 */
export function mcgReduce(j: tf.Tensor1D, samples: number): tf.Scalar {
  return tf.sum(tf.mean(tf.reshape(j, [samples, j.shape[0] / samples]), 0));
}

/** Per-token coefficients the samplers need to draw MCG estimates. */
export interface McgCoefficients {
  /** x0Hat = x0FromX·x + x0FromOut·out at each token's level. */
  readonly x0FromX: Float32Array;
  readonly x0FromOut: Float32Array;
  /** q_sample at each token's level: √ᾱ_k and √(1-ᾱ_k). */
  readonly renoiseX0: Float32Array;
  readonly renoiseNoise: Float32Array;
}

/** What every MCG draw needs: coefficients of the active tokens, the number of extra samples R-1, noise, counters. */
export interface McgDraw {
  readonly coef: McgCoefficients;
  readonly extra: number;
  /** One noise stream per batch row. */
  readonly rngs: readonly Rng[];
  readonly counters: ChainCounters;
}

/** q_sample of token-major `x0 [T, B, D]`, row b's noise from `rngs[b]`. */
function renoise(rngs: readonly Rng[], x0: tf.Tensor3D, c: McgCoefficients): tf.Tensor3D {
  const [T, , D] = x0.shape;
  const noise = tokenMajorNoiseTensor(rngs, new Float32Array(T).fill(1), D);
  return tf.add(tf.mul(perToken(c.renoiseX0), x0), tf.mul(perToken(c.renoiseNoise), noise)) as tf.Tensor3D;
}

/**
 * Extra x0 samples for a stepwise (RNN) backbone, as in the reference code: every token's extra samples
 * reuse the latent `z_prev` of the main chain (only the main sample carries z forward). All tokens are
 * batched into one backbone call per extra sample (`[Ta·B, D]`), instead of one call per token.
 *
 * @param session - the backbone's planning session (its `cell` evaluates all rows at once).
 * @param x0Main - main x0 estimates of the active tokens, token-major `[Ta, B, D]`.
 * @param zBefore - the main chain's latent before each active token, `[Ta, B, zDim]`.
 * @param levels - level each active token is fed at (length Ta).
 * @param draw - coefficients of the active tokens, number of extra samples, noise source and counters.
 * @returns R-1 tensors `[Ta, B, D]`.
 */
export function stepwiseMcgSamples(
  session: StepwisePlanSession,
  x0Main: tf.Tensor3D,
  zBefore: tf.Tensor3D,
  levels: ArrayLike<number>,
  draw: McgDraw,
): tf.Tensor3D[] {
  const { coef, extra, rngs, counters } = draw;
  if (extra <= 0) return [];
  const [T, B, D] = x0Main.shape;
  const z = tf.reshape(zBefore, [T * B, -1]) as tf.Tensor2D;
  const k = Int32Array.from({ length: T }, (_, t) => levels[t]); // one level per token block of B rows
  const samples: tf.Tensor3D[] = [];
  let prev = x0Main;
  for (let r = 0; r < extra; r++) {
    const xk = renoise(rngs, prev, coef);
    const out = tf.reshape(session.cell(z, tf.reshape(xk, [T * B, D]) as tf.Tensor2D, k), [T, B, D]);
    counters.backboneCalls += 1;
    counters.tokenEvaluations += T;
    prev = affine(coef.x0FromX, xk, coef.x0FromOut, out);
    samples.push(prev);
  }
  return samples;
}

/**
 * Extra x0 samples for a whole-sequence backbone (transformer): the active tokens `[f, H)` are re-noised
 * together and the sequence is denoised jointly, so each extra sample is an alternative future (the paper's
 * description; a per-token `z_prev` does not exist without a stepwise backbone). Frozen tokens `[0, f)`
 * keep their inputs and their main x0 estimate.
 *
 * @param xAll - the row's input tokens `[H, B, D]` (prefix constant, active part differentiable).
 * @param x0Main - main x0 estimates of all tokens `[H, B, D]`.
 * @param levels - level of every token (length H); `draw.coef` covers the active tokens only.
 * @returns R-1 tensors `[H, B, D]`.
 */
export function jointMcgSamples(
  backbone: Backbone,
  z0: tf.Tensor2D,
  xAll: tf.Tensor3D,
  x0Main: tf.Tensor3D,
  frozen: number,
  levels: ArrayLike<number>,
  draw: McgDraw,
): tf.Tensor3D[] {
  const { coef, extra, rngs, counters } = draw;
  if (extra <= 0) return [];
  const [H, B, D] = xAll.shape;
  const ta = H - frozen;
  const split = <T extends tf.Tensor3D>(x: T): [tf.Tensor3D | null, tf.Tensor3D] =>
    frozen > 0 ? (tf.split(x, [frozen, ta], 0) as [tf.Tensor3D, tf.Tensor3D]) : [null, x];
  const [xPrefix] = split(xAll);
  const [x0Prefix, x0Active] = split(x0Main);
  const samples: tf.Tensor3D[] = [];
  let prev = x0Active;
  for (let r = 0; r < extra; r++) {
    const xk = renoise(rngs, prev, coef);
    const input = xPrefix ? (tf.concat([xPrefix, xk], 0) as tf.Tensor3D) : xk;
    const out = runForward(backbone, z0, input, levels, counters);
    prev = affine(coef.x0FromX, xk, coef.x0FromOut, frozen > 0 ? (tf.slice(out, [frozen, 0, 0], [ta, B, D]) as tf.Tensor3D) : out);
    samples.push(x0Prefix ? (tf.concat([x0Prefix, prev], 0) as tf.Tensor3D) : prev);
  }
  return samples;
}
