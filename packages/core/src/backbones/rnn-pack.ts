import * as tf from '@tensorflow/tfjs';
import { geluConstants, type GeluConstants } from '../ops/fused-kernels';
import { raw } from '../ops/raw-ops';
import type { GruParams } from './gru-cell';
import type { ResBlockParams, ResMlpParams } from './layers';
import type { LinearParams } from './param-store';

/** The parameter groups of an RNN backbone that the hand-written pass (`rnn-scan.ts`) reads. */
export interface RnnParts {
  readonly before: ResMlpParams;
  readonly gru: GruParams;
  readonly after: ResMlpParams;
  readonly head: LinearParams;
  readonly zDim: number;
  readonly tokenDim: number;
  readonly embDim: number;
  readonly hidden: number;
}

/** Weight `[1, in, out]` (batch-1 3-D, the layout of the wasm fused matMul) and bias `[out]` of one affine layer. */
export interface Affine {
  readonly w: tf.Tensor3D;
  readonly b: tf.Tensor1D;
}

/** A residual block after the first one: fc1 and fc2 (identity shortcut). */
export interface TailBlock {
  readonly fc1: Affine;
  readonly fc2: Affine;
}

/**
 * The RNN weights regrouped so that one token costs few, large kernels (`dispose()` frees what the pack made):
 *
 * - `wz [Z, 2H+3Z]`: every product with z_{t-1} in one matMul: the z rows of the first before-block's fc1 and
 *   shortcut, and the GRU's hidden-side r, z, n weights; bias [0, 0, b_hr, b_hz, b_hn].
 * - `wu [D+E, 2H]`: the token and noise-embedding rows of the same fc1 and shortcut, applied to all tokens at once
 *   before the recurrence; bias [b_fc1, b_shortcut].
 * - `wgi [Z, 3Z]`: the GRU's input-side r, z, n weights.
 * - `wa0`: the first after-block's fc1 and shortcut side by side (`[Z, 2H]`), or fc1 alone when its shortcut is
 *   the identity (Z = H).
 *
 * The products are those of the layer-by-layer model; only their grouping (and so float rounding) differs.
 */
export interface RnnPack {
  readonly Z: number;
  readonly H: number;
  readonly D: number;
  readonly E: number;
  readonly wz: Affine;
  readonly wu: Affine;
  /** fc2 of the first before-block. */
  readonly beforeFc2: Affine;
  /** Blocks 1.. of the before-MLP, then its output layer. */
  readonly beforeTail: readonly TailBlock[];
  readonly beforeOut: Affine;
  readonly wgi: Affine;
  readonly wa0: Affine;
  /** Whether the first after-block has a linear shortcut (packed into `wa0`). */
  readonly afterShortcut: boolean;
  readonly afterFc2: Affine;
  readonly afterTail: readonly TailBlock[];
  readonly afterOut: Affine;
  readonly head: Affine;
  /** Scalars of the GELU formula (large tensors on wasm). */
  readonly gelu: GeluConstants;
  /** The tensors this pack created. */
  readonly owned: readonly tf.Tensor[];
  dispose(): void;
}

/** Whether the hand-written pass supports these parts (the first before-block needs a linear shortcut). */
export function rnnPackSupported(parts: RnnParts): boolean {
  return parts.before.blocks[0].shortcut !== undefined;
}

/**
 * Builds the packed weights of `parts` from the current values of its variables. `vars`, when given, replaces
 * each variable by the tensor at the same position of {@link rnnScanVariables} (the custom-gradient inputs).
 */
export function packRnn(parts: RnnParts, vars?: readonly tf.Tensor[]): RnnPack {
  const sub = new Map<tf.Tensor, tf.Tensor>();
  if (vars) rnnScanVariables(parts).forEach((v, i) => sub.set(v, vars[i]));
  const get = <T extends tf.Tensor>(t: T): T => (sub.get(t) ?? t) as T;
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const as3 = (w: tf.Tensor2D): tf.Tensor3D => own(raw.reshape<tf.Tensor3D>(w, [1, w.shape[0], w.shape[1]]));
  const lin = (l: LinearParams): Affine => ({ w: as3(get(l.w)), b: get(l.b!) });
  /** Layers side by side: `[in, Σ out]`, biases concatenated. */
  const joint = (ws: tf.Tensor2D[], bs: tf.Tensor1D[]): Affine => ({ w: as3(own(tf.concat(ws, 1))), b: own(tf.concat(bs)) });
  const tail = (blocks: readonly ResBlockParams[]): TailBlock[] => blocks.slice(1).map((blk) => ({ fc1: lin(blk.fc1), fc2: lin(blk.fc2) }));
  const Z = parts.zDim;
  const H = parts.hidden;
  const { before, gru, after } = parts;
  const b0 = before.blocks[0];
  const a0 = after.blocks[0];
  const [fc1w, scw] = [get(b0.fc1.w), get(b0.shortcut!.w)];
  const inDim = fc1w.shape[0];
  const hid = [gru.hidden.r, gru.hidden.z, gru.hidden.n];
  const inp = [gru.input.r, gru.input.z, gru.input.n];
  const rows = (w: tf.Tensor2D, from: number, n: number) => own(tf.slice(w, [from, 0], [n, H]));
  const wa0Parts = a0.shortcut ? [a0.fc1, a0.shortcut] : [a0.fc1];
  return {
    Z, H, D: parts.tokenDim, E: parts.embDim,
    wz: joint([rows(fc1w, 0, Z), rows(scw, 0, Z), ...hid.map((l) => get(l.w))], [own(tf.zeros([2 * H])), ...hid.map((l) => get(l.b!))]),
    wu: joint([rows(fc1w, Z, inDim - Z), rows(scw, Z, inDim - Z)], [get(b0.fc1.b!), get(b0.shortcut!.b!)]),
    beforeFc2: lin(b0.fc2),
    beforeTail: tail(before.blocks),
    beforeOut: lin(before.out),
    wgi: joint(inp.map((l) => get(l.w)), inp.map((l) => get(l.b!))),
    wa0: wa0Parts.length === 1 ? lin(a0.fc1) : joint(wa0Parts.map((l) => get(l.w)), wa0Parts.map((l) => get(l.b!))),
    afterShortcut: a0.shortcut !== undefined,
    afterFc2: lin(a0.fc2),
    afterTail: tail(after.blocks),
    afterOut: lin(after.out),
    head: lin(parts.head),
    gelu: Object.fromEntries(Object.entries(geluConstants()).map(([k, v]) => [k, own(v)])) as unknown as GeluConstants,
    owned,
    dispose: () => tf.dispose(owned),
  };
}

/**
 * The variables the hand-written pass reads, in a fixed order (the inputs of its custom gradient): the before-MLP,
 * the GRU, the after-MLP and the observation head. The encoder and the noise-level embedding are not included:
 * they run outside the recurrence.
 */
export function rnnScanVariables(parts: RnnParts): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const lin = (l: LinearParams | undefined) => {
    if (l) out.push(l.w, l.b!);
  };
  const mlp = (m: ResMlpParams) => {
    for (const blk of m.blocks) [blk.fc1, blk.fc2, blk.shortcut].forEach(lin);
    lin(m.out);
  };
  mlp(parts.before);
  for (const side of [parts.gru.input, parts.gru.hidden]) [side.r, side.z, side.n].forEach(lin);
  mlp(parts.after);
  lin(parts.head);
  return out;
}
