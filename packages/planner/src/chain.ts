import type { Backbone, StepwiseBackbone } from '@dfp/core';
import { tf } from '@dfp/core';

/**
 * Running a backbone over plan tokens. Plan tensors are token-major, `[H, B, D]`, so one token is a
 * contiguous `[B, D]` slice (`tf.unstack` along axis 0) and Monte Carlo samples of all tokens can be
 * flattened to `[H·B, D]` for a single batched backbone call.
 * @internal
 */

/** Backbone-call counters of one sampling run. */
export interface ChainCounters {
  /** Backbone invocations (`step` or `forward` calls). */
  backboneCalls: number;
  /** Token positions evaluated (a `step` on `[N, D]` counts N/B, a forward on T tokens counts T). */
  tokenEvaluations: number;
}

/**
 * `tf.tidy` for functions returning a plain object of tensors (tidy keeps every tensor found in it; tfjs's
 * typing only admits index-signature containers). Tensors inside Maps or class instances are NOT found.
 */
export function tidyObject<T extends object>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

/** True when the backbone advances one token at a time (the RNN), so finished prefixes can be cached. */
export function isStepwise(backbone: Backbone): backbone is StepwiseBackbone {
  return typeof (backbone as Partial<StepwiseBackbone>).step === 'function';
}

/**
 * Runs a stepwise backbone over `xs` (each `[B, D]`) from latent `z`, with per-token level tensors `ks`
 * (each `[B]` int32). Returns the network outputs, the latent *before* each token (the `z_prev` that Monte
 * Carlo Guidance reuses) and the latent after the last token.
 */
export function runStepwise(
  backbone: StepwiseBackbone,
  z: tf.Tensor2D,
  xs: readonly tf.Tensor2D[],
  ks: readonly tf.Tensor1D[],
  counters: ChainCounters,
): { outs: tf.Tensor2D[]; zBefore: tf.Tensor2D[]; z: tf.Tensor2D } {
  const outs: tf.Tensor2D[] = [];
  const zBefore: tf.Tensor2D[] = [];
  let zt = z;
  for (let t = 0; t < xs.length; t++) {
    zBefore.push(zt);
    const r = backbone.step(zt, xs[t], ks[t]);
    outs.push(r.out);
    zt = r.z;
  }
  counters.backboneCalls += xs.length;
  counters.tokenEvaluations += xs.length;
  return { outs, zBefore, z: zt };
}

/**
 * Whole-sequence pass of any backbone on token-major `x [T, B, D]` with per-token levels (`levels[t]` for
 * every batch element); returns token-major outputs `[T, B, D]`.
 */
export function runForward(backbone: Backbone, z0: tf.Tensor2D, x: tf.Tensor3D, levels: ArrayLike<number>, counters: ChainCounters): tf.Tensor3D {
  const [T, B] = x.shape;
  const k = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) k[b * T + t] = levels[t];
  const out = backbone.forward(z0, tf.transpose(x, [1, 0, 2]) as tf.Tensor3D, tf.tensor2d(k, [B, T], 'int32'));
  counters.backboneCalls += 1;
  counters.tokenEvaluations += T;
  return tf.transpose(out, [1, 0, 2]) as tf.Tensor3D;
}

/**
 * `tf.unstack(x)` along axis 0, safe under the gradient tape: tfjs's Unpack gradient fails when there is a
 * single output (it receives one `dy` instead of an array), so one token is reshaped instead.
 */
export function unstackTokens(x: tf.Tensor3D): tf.Tensor2D[] {
  const [T, B, D] = x.shape;
  return T === 1 ? [tf.reshape(x, [B, D]) as tf.Tensor2D] : (tf.unstack(x) as tf.Tensor2D[]);
}

/** `tf.stack(xs)` along axis 0 (one tensor is reshaped, mirroring {@link unstackTokens}). */
export function stackTokens(xs: readonly tf.Tensor2D[]): tf.Tensor3D {
  return (xs.length === 1 ? tf.expandDims(xs[0], 0) : tf.stack(xs as tf.Tensor2D[])) as tf.Tensor3D;
}

/** `[T, 1, 1]` float32 tensor of per-token coefficients, broadcast over batch and features. */
export function perToken(values: ArrayLike<number>): tf.Tensor3D {
  return tf.tensor3d(Float32Array.from(values), [values.length, 1, 1]);
}

/** `coefX · x + coefOut · out` with per-token coefficients (the linear form of every step, see ddim-step). */
export function affine(coefX: ArrayLike<number>, x: tf.Tensor, coefOut: ArrayLike<number>, out: tf.Tensor): tf.Tensor3D {
  const all = (a: ArrayLike<number>, v: number): boolean => Array.prototype.every.call(a, (c: number) => c === v) as boolean;
  if (all(coefX, 0)) return (all(coefOut, 1) ? out : tf.mul(perToken(coefOut), out)) as tf.Tensor3D; // x0 objective: x0Hat = out
  return tf.add(tf.mul(perToken(coefX), x), tf.mul(perToken(coefOut), out)) as tf.Tensor3D;
}
