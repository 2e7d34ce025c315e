import type { Backbone, StepwiseBackbone, StepwisePlanSession } from '@dfp/core';
import { StepPlanSession, tf } from '@dfp/core';

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
 * The planning session of a stepwise backbone for the given levels: its own fast one (`planSession`), else one
 * made of `step` calls. The caller disposes it.
 */
export function openPlanSession(backbone: StepwiseBackbone, levels: readonly number[]): StepwisePlanSession {
  return typeof backbone.planSession === 'function' ? backbone.planSession(levels) : new StepPlanSession(backbone);
}

/**
 * Runs the causal chain over tokens `xs [T, B, D]` from latent `z` (token t fed at `levels[t]`). Returns the
 * network outputs `[T, B, D]`, the latent *before* each token `[T, B, zDim]` (the `z_prev` that Monte Carlo
 * Guidance reuses) and the latent after the last token.
 */
export function runStepwise(
  session: StepwisePlanSession,
  z: tf.Tensor2D,
  xs: tf.Tensor3D,
  levels: ArrayLike<number>,
  counters: ChainCounters,
): { out: tf.Tensor3D; zBefore: tf.Tensor3D; z: tf.Tensor2D } {
  const [T, B] = xs.shape;
  const r = session.chain(z, xs, levels);
  const Z = r.z.shape[2];
  const zBefore = T === 1 ? tf.expandDims(z, 0) : tf.concat([tf.expandDims(z, 0), tf.slice(r.z, [0, 0, 0], [T - 1, B, Z])], 0);
  counters.backboneCalls += T;
  counters.tokenEvaluations += T;
  return { out: r.out, zBefore: zBefore as tf.Tensor3D, z: tf.reshape(tf.slice(r.z, [T - 1, 0, 0], [1, B, Z]), [B, Z]) as tf.Tensor2D };
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
