import * as tf from '@tensorflow/tfjs';
import type { DiffusionModel } from '../diffusion/diffusion-model';
import type { TrainingBatch } from './training-batch';

/**
 * The Diffusion Forcing loss of a batch (DF §3.2, Alg. 1): weighted squared error between the network output and
 * the objective's target, averaged over all B·T·D elements (masked padding counts as zeros, as in the DF code).
 * Builds its input tensors from the batch's arrays; call inside a gradient scope.
 */
export function diffusionLoss(model: DiffusionModel, batch: TrainingBatch): tf.Scalar {
  const { batchSize: B, tokens: T, tokenDim: D, obsDim } = batch;
  const obs0 = tf.tensor2d(batch.obs0, [B, obsDim]);
  const xk = tf.tensor3d(batch.xk, [B, T, D]);
  const k = tf.tensor2d(batch.k, [B, T], 'int32');
  const target = tf.tensor3d(batch.target, [B, T, D]);
  const weight = tf.tensor3d(batch.weight, [B, T, D]);
  const out = model.backbone.forward(model.backbone.encode(obs0), xk, k);
  return tf.div(tf.sum(tf.mul(weight, tf.squaredDifference(out, target))), B * T * D) as tf.Scalar;
}
