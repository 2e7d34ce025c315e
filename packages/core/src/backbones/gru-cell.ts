import * as tf from '@tensorflow/tfjs';
import { tanh } from '../ops/activations';
import { linear } from './layers';
import type { LinearParams, ParamStore } from './param-store';

/**
 * PyTorch `nn.GRUCell`:
 * ```
 * r = σ(x·W_ir + b_ir + h·W_hr + b_hr)
 * u = σ(x·W_iz + b_iz + h·W_hz + b_hz)          (PyTorch's z, the update gate)
 * n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn))
 * h' = (1 - u) ⊙ n + u ⊙ h
 * ```
 * One `[in, hidden]` weight per gate and side (PyTorch's `weight_ih`/`weight_hh` row blocks, transposed),
 * initialised U(±1/√hidden) like PyTorch. Separate matMuls instead of one `[in, 3·hidden]` product avoid
 * three `SplitV`s per step, which cost more than the extra small matMuls on wasm.
 */
export interface GruParams {
  readonly input: { readonly r: LinearParams; readonly z: LinearParams; readonly n: LinearParams };
  readonly hidden: { readonly r: LinearParams; readonly z: LinearParams; readonly n: LinearParams };
  readonly size: number;
}

export function createGru(store: ParamStore, name: string, inDim: number, size: number): GruParams {
  const side = (s: string, d: number) => ({
    r: store.linear(`${name}/${s}_r`, d, size, { fanIn: size }),
    z: store.linear(`${name}/${s}_z`, d, size, { fanIn: size }),
    n: store.linear(`${name}/${s}_n`, d, size, { fanIn: size }),
  });
  return { input: side('input', inDim), hidden: side('hidden', size), size };
}

/** One GRU step: `x [B, in]`, `h [B, size]` -> `h' [B, size]`. */
export function gruCell(p: GruParams, x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  const { input: i, hidden: hh } = p;
  const r = tf.sigmoid(tf.add(linear(i.r, x), linear(hh.r, h)));
  const u = tf.sigmoid(tf.add(linear(i.z, x), linear(hh.z, h)));
  const n = tanh(tf.add(linear(i.n, x), tf.mul(r, linear(hh.n, h))));
  return tf.add(n, tf.mul(u, tf.sub(h, n))) as tf.Tensor2D; // (1-u)·n + u·h
}
