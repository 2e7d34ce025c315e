import * as tf from '@tensorflow/tfjs';

/** The transpose of the last two axes of a 2-D or 3-D tensor. */
const swapLast = (t: tf.Tensor): tf.Tensor => tf.transpose(t, t.rank === 3 ? [0, 2, 1] : [1, 0]);

/** `a·b` whose backward pass multiplies by explicitly transposed operands (see {@link fastMatMul}). */
const matMulExplicitTransposes = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [as, bs] = saved;
      return [tf.matMul(dy as tf.Tensor2D, swapLast(bs) as tf.Tensor2D), tf.matMul(swapLast(as) as tf.Tensor2D, dy as tf.Tensor2D)];
    },
  };
});

/**
 * `y = a·b` for 2-D tensors whose backward pass uses only untransposed 2-D matMuls.
 *
 * Why: the wasm BatchMatMul kernel reaches XNNPACK only for `transposeA = transposeB = false` and batch 1;
 * tfjs' own matMul gradient uses transposed products, which fall back to a scalar loop 10-20x slower
 * (compute-stack.md §1.2-1.3). Here `dA = dy·transpose(b)` and `dB = transpose(a)·dy` with explicit
 * transposes. Gradients equal those of `tf.matMul`.
 * @param a - `[m, k]`
 * @param b - `[k, n]`
 * @returns `[m, n]`
 */
export const fastMatMul = matMulExplicitTransposes as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * `y = a·b` for 3-D tensors with equal batches (`[B, m, k]·[B, k, n]`), with the same explicit-transpose backward
 * pass as {@link fastMatMul}. Why: tfjs' gradient of a batched product (and attention's `q·kᵀ` itself) uses
 * transposed batched products, which the wasm backend runs at ~1 GFLOP/s (13 ms for `[256, 30, 30]ᵀ·[256, 30, 32]`
 * against 0.5 ms untransposed).
 * @param a - `[B, m, k]`
 * @param b - `[B, k, n]`
 * @returns `[B, m, n]`
 */
export const fastBatchMatMul = matMulExplicitTransposes as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
