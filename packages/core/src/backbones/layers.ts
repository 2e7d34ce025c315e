import * as tf from '@tensorflow/tfjs';
import { gelu } from '../ops/activations';
import { dense } from '../ops/dense';
import type { LinearParams, ParamStore } from './param-store';

/** Building blocks shared by the backbones. */

/** Applies an affine layer through the wasm-friendly {@link dense}. */
export function linear(p: LinearParams, x: tf.Tensor2D): tf.Tensor2D {
  return dense(x, p.w, p.b);
}

/** Residual MLP block of the DF code (`models/resnet.py`): `act(shortcut(x) + fc2(act(fc1(x))))`, GELU. */
export interface ResBlockParams {
  readonly fc1: LinearParams;
  readonly fc2: LinearParams;
  /** Linear shortcut when the widths differ; identity otherwise. */
  readonly shortcut?: LinearParams;
}

export function createResBlock(store: ParamStore, name: string, inDim: number, outDim: number): ResBlockParams {
  return {
    fc1: store.linear(`${name}/fc1`, inDim, outDim),
    fc2: store.linear(`${name}/fc2`, outDim, outDim),
    shortcut: inDim === outDim ? undefined : store.linear(`${name}/shortcut`, inDim, outDim),
  };
}

export function resBlock(p: ResBlockParams, x: tf.Tensor2D): tf.Tensor2D {
  const h = linear(p.fc2, gelu(linear(p.fc1, x)));
  const s = p.shortcut ? linear(p.shortcut, x) : x;
  return gelu(tf.add(s, h));
}

/** Residual MLP of the DF transition model: ResBlock(in→H), ResBlock(H→H)×(blocks-1), Linear(H→out). */
export interface ResMlpParams {
  readonly blocks: readonly ResBlockParams[];
  readonly out: LinearParams;
}

export function createResMlp(store: ParamStore, name: string, inDim: number, hidden: number, outDim: number, blocks: number): ResMlpParams {
  const list = Array.from({ length: blocks }, (_, i) => createResBlock(store, `${name}/${i}`, i === 0 ? inDim : hidden, hidden));
  return { blocks: list, out: store.linear(`${name}/out`, hidden, outDim) };
}

export function resMlp(p: ResMlpParams, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (const blk of p.blocks) h = resBlock(blk, h);
  return linear(p.out, h);
}

/** Init encoder of the DF code: Linear(obsDim→128) → ELU → Linear(128→128) → ELU → Linear(128→zDim) (DF §1.3). */
export interface EncoderParams {
  readonly layers: readonly LinearParams[];
}

export function createEncoder(store: ParamStore, name: string, obsDim: number, zDim: number, hidden = 128): EncoderParams {
  return {
    layers: [
      store.linear(`${name}/0`, obsDim, hidden),
      store.linear(`${name}/1`, hidden, hidden),
      store.linear(`${name}/2`, hidden, zDim),
    ],
  };
}

export function encoder(p: EncoderParams, obs0: tf.Tensor2D): tf.Tensor2D {
  let h = obs0;
  p.layers.forEach((l, i) => {
    h = linear(l, h);
    if (i < p.layers.length - 1) h = tf.elu(h);
  });
  return h;
}
