import * as tf from '@tensorflow/tfjs';
import { fastMatMul } from './fast-mat-mul';

/**
 * Column sums of `[n, f]` as `ones[1, n]·dy` reshaped to `[f]`: an XNNPACK matMul instead of the wasm
 * axis-0 `Sum`, which is 4-90x slower for the shapes of dfp (measured: [1920, 256] 0.14 ms vs 0.98 ms,
 * [2048, 1024] 0.26 ms vs 22.6 ms; see the core README).
 */
export function columnSum(dy: tf.Tensor2D): tf.Tensor1D {
  return tf.matMul(tf.ones([1, dy.shape[0]]), dy).reshape([dy.shape[1]]);
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;

/**
 * `x·w + b`. A variable `w` lives through the backward pass, so it is used from the closure instead of being saved
 * (saving clones it: one copy kernel per call, hundreds per RNN training step).
 */
function denseBias(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const keepW = !(w instanceof tf.Variable);
  return tf.customGrad((...args: Args) => {
    const [xi, wi, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save(keepW ? [xi, wi] : [xi]);
    return {
      value: tf.fused.matMul({ a: xi, b: wi, bias: bi }), // one kernel for matMul + bias
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor2D;
        const xs = saved[0] as tf.Tensor2D;
        const ws = (keepW ? saved[1] : w) as tf.Tensor2D;
        return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), columnSum(g)];
      },
    };
  })(x, w, b) as tf.Tensor2D;
}

/**
 * Affine layer `y = x·w + b` on the wasm fast path (see {@link fastMatMul}): every product of the forward and
 * backward pass is an untransposed 2-D matMul (explicit transposes), the forward pass is one fused
 * matMul-plus-bias kernel, and the bias gradient is a ones-matMul ({@link columnSum}). Every backbone layer goes
 * through this function. Gradients equal those of `tf.add(tf.matMul(x, w), b)`.
 * @param x - `[n, in]`
 * @param w - `[in, out]`
 * @param b - `[out]`, optional
 * @returns `[n, out]`
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  return b ? denseBias(x, w, b) : fastMatMul(x, w);
}
