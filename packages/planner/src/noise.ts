import { tf } from '@dfp/core';
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
 * Like {@link normalTensor} for `[T, ...rest]`, but draws only the slices whose `scale[t]` is non-zero and
 * leaves zeros elsewhere (so e.g. DDIM η-noise is drawn only for tokens that take a noisy step), and
 * multiplies slice t by `scale[t]`.
 */
export function scaledNormalTensor(rng: Rng, scale: ArrayLike<number>, rest: readonly number[]): tf.Tensor {
  const per = rest.reduce((a, b) => a * b, 1);
  const data = new Float32Array(scale.length * per);
  for (let t = 0; t < scale.length; t++) {
    const s = scale[t];
    if (s === 0) continue;
    for (let i = t * per; i < (t + 1) * per; i++) data[i] = s * rng.normal();
  }
  return tf.tensor(data, [scale.length, ...rest], 'float32');
}
