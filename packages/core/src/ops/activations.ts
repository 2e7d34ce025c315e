import * as tf from '@tensorflow/tfjs';

/** 2·√(2/π): GELU's tanh argument scale, doubled because `0.5·(1 + tanh(u)) = sigmoid(2u)`. */
export const GELU_C = 2 * Math.sqrt(2 / Math.PI);
/** The cubic coefficient of the tanh approximation of GELU. */
export const GELU_A = 0.044715;

/**
 * GELU, tanh approximation (`0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))`, within 1e-3 of PyTorch's erf GELU),
 * written as `x·sigmoid(2u)` with a hand-written gradient. Why: wasm's `Tanh` and `Erf` kernels are ~10x
 * slower than `Sigmoid`, and the autodiff graph of the formula has twice the ops.
 */
export const gelu = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const s = tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), GELU_A * GELU_C), GELU_C)));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ss] = saved;
      // d/dx x·σ(u) = σ + x·σ(1-σ)·u',  u' = C(1 + 3a·x²)
      const du = tf.add(tf.mul(tf.square(xs), 3 * GELU_A * GELU_C), GELU_C);
      return [tf.mul(dy, tf.add(ss, tf.mul(tf.mul(xs, tf.mul(ss, tf.sub(1, ss))), du)))];
    },
  };
}) as <T extends tf.Tensor>(x: T) => T;

/** tanh as `2·sigmoid(2x) - 1` with gradient `1 - y²`: the wasm `Tanh` kernel is ~10x slower than `Sigmoid`. */
export const tanh = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.sub(1, tf.square(saved[0])))],
  };
}) as <T extends tf.Tensor>(x: T) => T;
