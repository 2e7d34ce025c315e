import { tf } from '@dfp/core';
import { DfpArgumentError, describeValue } from '@dfp/envs';
import type { Rng } from '@dfp/envs';

/**
 * Standard-normal float32 tensor of `shape`, drawn from `rng` (the repository's one seeded generator), so
 * sampling is reproducible from a seed. Create it inside a `tf.tidy` or dispose it.
 */
export function normalTensor(rng: Rng, shape: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(rng.fillNormal(new Float32Array(n)), [...shape], 'float32');
}

/**
 * One noise stream per batch row: a single `Rng` is shared by all `batch` rows (one stream for the whole
 * batch), an array must hold exactly one `Rng` per row (row b's noise then depends only on `rngs[b]`, not on
 * which other rows share the batch).
 * @throws DfpArgumentError naming `who` on a wrong length or a non-Rng entry.
 */
export function rowRngs(rng: Rng | readonly Rng[], batch: number, who: string): readonly Rng[] {
  const isRng = (r: unknown): r is Rng => !!r && typeof (r as Rng).normal === 'function';
  if (isRng(rng)) return Array.from({ length: batch }, () => rng);
  if (!Array.isArray(rng)) throw new DfpArgumentError(`${who}: rng must be an Rng from @dfp/envs or an array of one Rng per batch row, received ${describeValue(rng)}`);
  if (rng.length !== batch) throw new DfpArgumentError(`${who}: rng must have one Rng per batch row (${batch}), received an array of ${rng.length}`);
  const bad = rng.findIndex((r) => !isRng(r));
  if (bad >= 0) throw new DfpArgumentError(`${who}: rng[${bad}] must be an Rng from @dfp/envs, received ${describeValue(rng[bad])}`);
  return rng;
}

/**
 * Token-major noise `[T, B, D]` (T = `scale.length`, B = `rngs.length`): slice (t, b) holds D deviates of
 * `rngs[b]` times `scale[t]`; slices with `scale[t] = 0` stay 0 and draw nothing (e.g. DDIM η-noise only for
 * tokens that take a noisy step). Each row's stream is read in token order, so with one `Rng` repeated over the
 * rows the layout is that of one stream filling the whole array.
 */
export function tokenMajorNoise(rngs: readonly Rng[], scale: ArrayLike<number>, D: number): Float32Array {
  const B = rngs.length;
  const data = new Float32Array(scale.length * B * D);
  for (let t = 0; t < scale.length; t++) {
    const s = scale[t];
    if (s === 0) continue;
    for (let b = 0; b < B; b++) {
      const rng = rngs[b];
      const at = (t * B + b) * D;
      for (let i = at; i < at + D; i++) data[i] = s * rng.normal();
    }
  }
  return data;
}

/** {@link tokenMajorNoise} as a tensor `[T, B, D]` (create it inside a `tf.tidy` or dispose it). */
export function tokenMajorNoiseTensor(rngs: readonly Rng[], scale: ArrayLike<number>, D: number): tf.Tensor3D {
  return tf.tensor3d(tokenMajorNoise(rngs, scale, D), [scale.length, rngs.length, D]);
}
