import * as tf from '@tensorflow/tfjs';
import type { Objective } from '../api';

/**
 * Tensor versions of the conversions in `parameterization.ts`, for samplers: `xk` and `pred` of any shape,
 * `alphaBar` broadcastable to them (e.g. `[B, T, 1]` for one level per token).
 */

/** The x0 estimate implied by a network output of kind `objective`. */
export function predictionToX0(objective: Objective, xk: tf.Tensor, pred: tf.Tensor, alphaBar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (objective === 'x0') return pred.clone();
    const sa = tf.sqrt(alphaBar);
    const s1 = tf.sqrt(tf.sub(1, alphaBar));
    if (objective === 'eps') return tf.div(tf.sub(xk, tf.mul(s1, pred)), sa); // (x_k - √(1-ᾱ)ε)/√ᾱ
    return tf.sub(tf.mul(sa, xk), tf.mul(s1, pred)); // √ᾱ·x_k - √(1-ᾱ)·v
  });
}

/** ε implied by an x0 estimate: `(x_k - √ᾱ·x0) / √(1-ᾱ)` (DF §2.1 step 2). */
export function epsFromX0Tensor(xk: tf.Tensor, x0: tf.Tensor, alphaBar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(tf.sub(xk, tf.mul(tf.sqrt(alphaBar), x0)), tf.sqrt(tf.sub(1, alphaBar))));
}

/** Forward process on tensors: `√ᾱ·x0 + √(1-ᾱ)·eps` (re-noising, Monte Carlo guidance). */
export function qSampleTensor(x0: tf.Tensor, eps: tf.Tensor, alphaBar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(tf.sqrt(alphaBar), x0), tf.mul(tf.sqrt(tf.sub(1, alphaBar)), eps)));
}
