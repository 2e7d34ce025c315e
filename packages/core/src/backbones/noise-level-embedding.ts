import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError, describeValue } from '../errors';
import { gelu } from '../ops/activations';
import { linear } from './layers';
import type { LinearParams, ParamStore } from './param-store';

/**
 * Sinusoidal embedding of an integer level k (DF `models/sin_emb.py`, θ = 10000): `dim/2` sines then `dim/2`
 * cosines of k·exp(-i·ln θ/(dim/2 - 1)), i = 0..dim/2-1. Pure function, one row per level.
 * @returns `[count, dim]` row-major, row k = embedding of level k.
 */
export function sinusoidalTable(count: number, dim: number, theta = 10000): Float32Array {
  if (!Number.isInteger(dim) || dim < 4 || dim % 2 !== 0) throw new DfpArgumentError(`sinusoidalTable: dim must be an even integer >= 4, received ${describeValue(dim)}`);
  const half = dim / 2;
  const out = new Float32Array(count * dim);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < half; i++) {
      const a = k * Math.exp((-i * Math.log(theta)) / (half - 1));
      out[k * dim + i] = Math.sin(a);
      out[k * dim + half + i] = Math.cos(a);
    }
  }
  return out;
}

/**
 * Noise-level embedding: sinusoidal features of k, then Linear → GELU → Linear (DF §1.5). The sinusoid table is
 * a constant, looked up with `gather` (no gradient flows into it, so the missing wasm UnsortedSegmentSum kernel
 * is never needed).
 */
export class NoiseLevelEmbedding {
  private readonly table: tf.Tensor2D;
  private readonly fc1: LinearParams;
  private readonly fc2: LinearParams;

  /**
   * @param K - number of levels.
   * @param sinDim - sinusoid width.
   * @param outDim - output width.
   */
  constructor(store: ParamStore, name: string, readonly K: number, sinDim: number, readonly outDim: number) {
    this.table = tf.tensor2d(sinusoidalTable(K, sinDim), [K, sinDim]);
    this.fc1 = store.linear(`${name}/fc1`, sinDim, outDim);
    this.fc2 = store.linear(`${name}/fc2`, outDim, outDim);
  }

  /** `k [n]` integer levels (int32 or float) -> `[n, outDim]`. */
  apply(k: tf.Tensor1D): tf.Tensor2D {
    const idx = k.dtype === 'int32' ? k : tf.cast(k, 'int32');
    const s = tf.gather(this.table, idx) as tf.Tensor2D;
    return linear(this.fc2, gelu(linear(this.fc1, s)));
  }

  dispose(): void {
    this.table.dispose();
  }
}
