import * as tf from '@tensorflow/tfjs';
import type { FrameNormalizer, TokenLayout } from '../api';
import { DfpArgumentError, describeValue } from '../errors';
import { frameDim } from './token-layout';
import type { TrajectoryDataset } from './trajectory-dataset';

/** Standard deviations below this are treated as constant dimensions and replaced by 1. */
export const MIN_STD = 1e-6;

/**
 * Per-dimension affine normalizer of a frame `[o, a, r?]`: `n = (v - mean) / std` and its inverse
 * `v = n·std + mean` (DF `_preprocess_batch`). Arrays may hold any number of whole frames (or tokens, which
 * are whole frames). Fitted on a dataset with {@link Normalizer.fit} and saved with the model.
 */
export class Normalizer implements FrameNormalizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;

  /** @throws DfpArgumentError for mismatched lengths, non-finite values or std ≤ 0. */
  constructor(mean: ArrayLike<number>, std: ArrayLike<number>) {
    if (mean.length === 0 || mean.length !== std.length) {
      throw new DfpArgumentError(`Normalizer: mean and std must be non-empty and of equal length, received ${mean.length} and ${std.length}`);
    }
    for (let i = 0; i < mean.length; i++) {
      if (!Number.isFinite(mean[i])) throw new DfpArgumentError(`Normalizer: mean[${i}] must be finite, received ${describeValue(mean[i])}`);
      if (!(std[i] > 0 && Number.isFinite(std[i]))) throw new DfpArgumentError(`Normalizer: std[${i}] must be a finite number > 0, received ${describeValue(std[i])}`);
    }
    this.mean = Float32Array.from(mean);
    this.std = Float32Array.from(std);
  }

  /** Numbers per frame. */
  get dim(): number {
    return this.mean.length;
  }

  /**
   * Fits mean and (population) std per frame dimension: observation dims over all N observations, action dims
   * over all actions, the reward dim over all rewards. Constant dimensions get std 1.
   * @param opts.actionStd - fixed action std per action dimension instead of the fitted one (the reference
   *   code's `dataset.action_std`; the maintainer's Maze2D recipe uses [2, 2], which shrinks normalized actions).
   * @throws DfpArgumentError when the dataset does not match the layout (or lacks rewards for rewardDim 1), or for
   *   an `actionStd` of the wrong length or with values that are not finite and > 0.
   */
  static fit(dataset: TrajectoryDataset, layout: TokenLayout, opts: { actionStd?: ArrayLike<number> | null } = {}): Normalizer {
    const actionStd = opts.actionStd ?? null;
    if (actionStd !== null && (actionStd.length !== layout.actDim || Array.from(actionStd).some((v) => !(v > 0 && Number.isFinite(v))))) {
      throw new DfpArgumentError(`Normalizer.fit: actionStd (data.actionStd of a training config) must hold ${layout.actDim} finite numbers > 0 (one per action dimension), received ${describeValue(Array.from(actionStd))}`);
    }
    if (dataset.obsDim !== layout.obsDim || dataset.actDim !== layout.actDim) {
      throw new DfpArgumentError(`Normalizer.fit: dataset has obsDim ${dataset.obsDim}, actDim ${dataset.actDim} but the layout expects ${layout.obsDim}, ${layout.actDim}`);
    }
    if (layout.rewardDim === 1 && !dataset.rewards) throw new DfpArgumentError('Normalizer.fit: layout has rewardDim 1 but the dataset has no rewards');
    const mean: number[] = [];
    const std: number[] = [];
    const columns = (values: Float32Array, dim: number) => {
      const n = values.length / dim;
      for (let d = 0; d < dim; d++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += values[i * dim + d];
        const m = s / n;
        let v = 0;
        for (let i = 0; i < n; i++) v += (values[i * dim + d] - m) ** 2;
        const sd = Math.sqrt(v / n);
        mean.push(m);
        std.push(sd < MIN_STD ? 1 : sd);
      }
    };
    columns(dataset.observations, dataset.obsDim);
    columns(dataset.actions, dataset.actDim);
    if (actionStd !== null) std.splice(layout.obsDim, layout.actDim, ...Array.from(actionStd));
    if (layout.rewardDim === 1 && dataset.rewards) columns(dataset.rewards, 1);
    return new Normalizer(mean, std);
  }

  private checkLength(values: ArrayLike<number>, fn: string): void {
    if (values.length % this.dim !== 0) throw new DfpArgumentError(`Normalizer.${fn}: length ${values.length} is not a multiple of the frame size ${this.dim}`);
  }

  /** `(v - mean) / std` per frame dimension; `out` may alias `values`. */
  normalize(values: ArrayLike<number>, out: Float32Array = new Float32Array(values.length)): Float32Array {
    this.checkLength(values, 'normalize');
    const d = this.dim;
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - this.mean[i % d]) / this.std[i % d];
    return out;
  }

  /** `n·std + mean` per frame dimension; `out` may alias `values`. */
  unnormalize(values: ArrayLike<number>, out: Float32Array = new Float32Array(values.length)): Float32Array {
    this.checkLength(values, 'unnormalize');
    const d = this.dim;
    for (let i = 0; i < values.length; i++) out[i] = values[i] * this.std[i % d] + this.mean[i % d];
    return out;
  }

  /** Tensor inverse on `[..., m·frameDim]` (whole frames or tokens in the last axis). */
  unnormalizeTensor(values: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const shape = values.shape;
      const flat = values.reshape([-1, this.dim]);
      return tf.add(tf.mul(flat, tf.tensor1d(this.std)), tf.tensor1d(this.mean)).reshape(shape);
    });
  }

  /** Tensor normalization on `[..., m·frameDim]`. */
  normalizeTensor(values: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const shape = values.shape;
      const flat = values.reshape([-1, this.dim]);
      return tf.div(tf.sub(flat, tf.tensor1d(this.mean)), tf.tensor1d(this.std)).reshape(shape);
    });
  }

  /** The observation part only (`[0, obsDim)`), for normalizing o_0 before the encoder. */
  observationPart(obsDim: number): Normalizer {
    return new Normalizer(this.mean.subarray(0, obsDim), this.std.subarray(0, obsDim));
  }

  toJSON(): { mean: number[]; std: number[] } {
    return { mean: Array.from(this.mean), std: Array.from(this.std) };
  }

  /** Checks that this normalizer fits frames of `layout`. */
  checkLayout(layout: TokenLayout): void {
    if (this.dim !== frameDim(layout)) throw new DfpArgumentError(`Normalizer: has ${this.dim} dims but the layout's frame has ${frameDim(layout)}`);
  }
}
