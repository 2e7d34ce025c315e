import * as tf from '@tensorflow/tfjs';
import { fastBatchMatMul } from '../ops/fast-mat-mul';
import { linear } from './layers';
import type { LinearParams, ParamStore } from './param-store';

/**
 * Additive attention mask `[T, T]`: 0 where query t may attend key s (s ≤ t when causal, everywhere otherwise),
 * -1e9 elsewhere. Additive masks avoid `tf.where` and its Tile on wasm (compute-stack.md §1.3).
 */
export function attentionMask(T: number, causal: boolean): Float32Array {
  const m = new Float32Array(T * T);
  if (causal) for (let t = 0; t < T; t++) for (let s = t + 1; s < T; s++) m[t * T + s] = -1e9;
  return m;
}

/** Multi-head self-attention parameters: fused QKV projection `[W, 3W]` and output projection `[W, W]`. */
export interface AttentionParams {
  readonly qkv: LinearParams;
  readonly out: LinearParams;
  readonly heads: number;
}

export function createAttention(store: ParamStore, name: string, width: number, heads: number): AttentionParams {
  return { qkv: store.linear(`${name}/qkv`, width, 3 * width), out: store.linear(`${name}/out`, width, width), heads };
}

/** `[B·T, W]` -> `[B·heads, T, W/heads]` (4-D transpose, never 5-D). */
function splitHeads(x: tf.Tensor, B: number, T: number, heads: number, hd: number): tf.Tensor3D {
  return x.reshape([B, T, heads, hd]).transpose([0, 2, 1, 3]).reshape([B * heads, T, hd]);
}

/**
 * Self-attention over `x [B·T, W]` (rows batch-major) with an additive `mask [T, T]`. Projections are 2-D
 * matMuls through the fast dense helper; only the two `[B·heads, T, T]` products are batched matMuls, untransposed
 * (`kᵀ` is an explicit transpose) and with explicit transposes in their gradients (`fastBatchMatMul`).
 */
export function selfAttention(p: AttentionParams, x: tf.Tensor2D, B: number, T: number, mask: tf.Tensor2D): tf.Tensor2D {
  const W = x.shape[1];
  const hd = W / p.heads;
  const [q, k, v] = tf.split(linear(p.qkv, x), 3, 1);
  const qh = splitHeads(q, B, T, p.heads, hd);
  const kh = splitHeads(k, B, T, p.heads, hd);
  const vh = splitHeads(v, B, T, p.heads, hd);
  const scores = tf.add(tf.mul(fastBatchMatMul(qh, tf.transpose(kh, [0, 2, 1])), 1 / Math.sqrt(hd)), mask);
  const ctx = fastBatchMatMul(tf.softmax(scores) as tf.Tensor3D, vh); // [B·heads, T, hd]
  const merged = ctx.reshape([B, p.heads, T, hd]).transpose([0, 2, 1, 3]).reshape([B * T, W]) as tf.Tensor2D;
  return linear(p.out, merged);
}
