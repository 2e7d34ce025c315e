import * as tf from '@tensorflow/tfjs';
import { geluFused, gruFused, gruGradFused, type GeluConstants } from '../ops/fused-kernels';
import { raw } from '../ops/raw-ops';
import type { Affine, RnnPack, TailBlock } from './rnn-pack';

/**
 * A hand-written forward and backward pass of the RNN over a whole sequence (backpropagation through time), on the
 * packed weights of {@link RnnPack}. Why: with tfjs autodiff every layer of every token is a custom-gradient op
 * that transposes its weight, computes its own weight gradient and adds it to a running sum: hundreds of small
 * kernels per token, each with ~5 µs of bookkeeping. Here:
 *
 * - the token and noise-embedding part of the first layer is one matMul for all tokens, before the recurrence;
 * - every product with z_{t-1} is one matMul per token ({@link RnnPack.wz});
 * - GELU with its derivative, and the GRU gates, are one fused kernel each (`ops/fused-kernels.ts`);
 * - the backward pass multiplies by weight transposes computed once per pass, and runs each element-wise step as the
 *   epilogue of the product before it (`raw.matMulAddMul`: one `DfpMatMul` on wasm);
 * - each weight gradient is one large matMul over all tokens at the end, `Xᵀ·dY`, not one per token.
 *
 * Activations are `[1, N, F]` (the wasm fused matMul wants batch-1 3-D). Rows are time-major: token t of every
 * sequence is the row block `[t·B, (t+1)·B)`.
 */

type T3 = tf.Tensor3D;

const affine = (x: T3, l: Affine): T3 => raw.affine(x, l.w, l.b);

/** Per-token activations kept for the backward pass of one residual block. */
interface BlockCache {
  /** Block input (fc1's input; the identity shortcut's value). */
  readonly x: T3;
  /** GELU derivative after fc1, fc1's GELU output (fc2's input), GELU derivative at the block output. */
  readonly d1: T3;
  readonly h: T3;
  readonly d2: T3;
}

/** Everything one token keeps for its backward pass. */
export interface TokenCache {
  readonly zp: T3;
  readonly before0: BlockCache;
  readonly beforeTail: BlockCache[];
  /** Input of the before-MLP's output layer. */
  readonly beforeOutX: T3;
  /** GRU input g, the gates' cache (r | u | n | gh_n) and the GRU output h (after-MLP input). */
  readonly g: T3;
  readonly gates: T3;
  readonly h: T3;
  readonly after0: BlockCache;
  readonly afterTail: BlockCache[];
  readonly afterOutX: T3;
}

/** Second half of a residual block from the fc1 pre-activation `a1` and the shortcut value `sc`. */
function blockFrom(a1: T3, sc: T3, fc2: Affine, x: T3, k: GeluConstants, grad: boolean): { y: T3; cache: BlockCache | null } {
  const g1 = geluFused(a1, null, grad, k);
  const g2 = geluFused(affine(g1.y, fc2), sc, grad, k);
  return { y: g2.y, cache: grad ? { x, d1: g1.d!, h: g1.y, d2: g2.d! } : null };
}

/** Residual blocks 1.. of an MLP (identity shortcuts). */
function tailForward(blocks: readonly TailBlock[], y0: T3, k: GeluConstants, grad: boolean): { y: T3; caches: BlockCache[] } {
  let y = y0;
  const caches: BlockCache[] = [];
  for (const blk of blocks) {
    const r = blockFrom(affine(y, blk.fc1), y, blk.fc2, y, k, grad);
    if (r.cache) caches.push(r.cache);
    y = r.y;
  }
  return { y, caches };
}

/**
 * One token: `zp = z_{t-1} [1, B, Z]`, `preU [1, B, 2H]` (the token/embedding part of the first layer, bias
 * included) -> `z_t`, plus the activations of the backward pass when `grad`.
 */
export function cellForward(p: RnnPack, zp: T3, preU: T3, grad: boolean): { z: T3; cache: TokenCache | null } {
  const { H, Z } = p;
  const [a, gh] = raw.split(affine(zp, p.wz), [2 * H, 3 * Z], 2);
  const [a1, sc] = raw.split(raw.add(a, preU), [H, H], 2);
  const b0 = blockFrom(a1, sc, p.beforeFc2, zp, p.gelu, grad);
  const bt = tailForward(p.beforeTail, b0.y, p.gelu, grad);
  const g = affine(bt.y, p.beforeOut);
  const gru = gruFused(affine(g, p.wgi), gh, zp, grad);
  const h = gru.h;
  const a0pre = affine(h, p.wa0);
  const [b1, bsc] = p.afterShortcut ? raw.split(a0pre, [H, H], 2) : [a0pre, h];
  const a0 = blockFrom(b1, bsc, p.afterFc2, h, p.gelu, grad);
  const at = tailForward(p.afterTail, a0.y, p.gelu, grad);
  const z = affine(at.y, p.afterOut);
  if (!grad) return { z, cache: null };
  return {
    z,
    cache: {
      zp, before0: b0.cache!, beforeTail: bt.caches, beforeOutX: bt.y, g, gates: gru.cache!, h,
      after0: a0.cache!, afterTail: at.caches, afterOutX: at.y,
    },
  };
}

/** All tensors of a token cache (to keep or dispose them). */
export function cacheTensors(cache: TokenCache): tf.Tensor[] {
  const block = (b: BlockCache) => [b.x, b.d1, b.h, b.d2];
  return [
    cache.zp, ...block(cache.before0), ...cache.beforeTail.flatMap(block), cache.beforeOutX, cache.g, cache.gates, cache.h,
    ...block(cache.after0), ...cache.afterTail.flatMap(block), cache.afterOutX,
  ];
}

/**
 * Collects `(X_t, dY_t)` pairs of a layer over tokens; its weight gradient is then one matMul `Xᵀ·dY` over all
 * tokens and its bias gradient one ones-matMul (column sums). Not used when only input gradients are wanted.
 */
export class WeightGradRecorder {
  private readonly pairs = new Map<string, { xs: T3[]; dys: T3[] }>();

  add(key: string, x: T3, dy: T3): void {
    let e = this.pairs.get(key);
    if (!e) this.pairs.set(key, (e = { xs: [], dys: [] }));
    e.xs.push(x);
    e.dys.push(dy);
  }

  /** `{dw = Σ X_tᵀ·dY_t [in, out], db = Σ colSum(dY_t) [out]}` of a layer. */
  grads(key: string): { dw: tf.Tensor2D; db: tf.Tensor1D } {
    const e = this.pairs.get(key)!;
    const x = raw.concat(e.xs, 1);
    const dy = raw.concat(e.dys, 1);
    const [, n, fin] = x.shape;
    const fout = dy.shape[2];
    const dw = raw.matMul(raw.transpose(x, [0, 2, 1]), dy);
    const db = raw.matMul(tf.ones([1, 1, n]), dy);
    return { dw: raw.reshape(dw, [fin, fout]), db: raw.reshape(db, [fout]) };
  }
}

/** Transposed weights `[1, out, in]` of the backward pass (computed once per pass). */
export interface PackTransposes {
  readonly wz: T3;
  readonly beforeFc2: T3;
  readonly beforeTail: readonly { fc1: T3; fc2: T3 }[];
  readonly beforeOut: T3;
  readonly wgi: T3;
  readonly wa0: T3;
  readonly afterFc2: T3;
  readonly afterTail: readonly { fc1: T3; fc2: T3 }[];
  readonly afterOut: T3;
  readonly head: T3;
}

export function transposePack(p: RnnPack): PackTransposes {
  const t = (l: Affine): T3 => raw.transpose(l.w, [0, 2, 1]);
  const tl = (blocks: readonly TailBlock[]) => blocks.map((b) => ({ fc1: t(b.fc1), fc2: t(b.fc2) }));
  return {
    wz: t(p.wz), beforeFc2: t(p.beforeFc2), beforeTail: tl(p.beforeTail), beforeOut: t(p.beforeOut), wgi: t(p.wgi), wa0: t(p.wa0),
    afterFc2: t(p.afterFc2), afterTail: tl(p.afterTail), afterOut: t(p.afterOut), head: t(p.head),
  };
}

/** All tensors of {@link PackTransposes}. */
export function transposeTensors(wT: PackTransposes): T3[] {
  const tail = (b: PackTransposes['beforeTail']) => b.flatMap((x) => [x.fc1, x.fc2]);
  return [wT.wz, wT.beforeFc2, ...tail(wT.beforeTail), wT.beforeOut, wT.wgi, wT.wa0, wT.afterFc2, ...tail(wT.afterTail), wT.afterOut, wT.head];
}

/**
 * Backward of an MLP's residual blocks in reverse order. `dp` is the gradient at the pre-activation of the last
 * block's output GELU (`(block output)' ⊙ GELU'`); returns the same at the first block. Each step is two GEMMs with
 * their epilogue (`raw.matMulAddMul`): `dc1 = (dp·fc2ᵀ) ⊙ GELU'(fc1)` and, for the block before,
 * `dp ← (dp + dc1·fc1ᵀ) ⊙ d2` (the identity shortcut's gradient plus fc1's, through the earlier block's GELU).
 */
function tailBackward(first: BlockCache, caches: BlockCache[], wT: PackTransposes['beforeTail'], dp0: T3, rec: WeightGradRecorder | null, key: string): T3 {
  let dp = dp0;
  for (let i = caches.length - 1; i >= 0; i--) {
    const cc = caches[i];
    const dc1 = raw.matMulAddMul(dp, wT[i].fc2, null, cc.d1);
    rec?.add(`${key}/${i + 1}/fc2`, cc.h, dp);
    rec?.add(`${key}/${i + 1}/fc1`, cc.x, dc1);
    dp = raw.matMulAddMul(dc1, wT[i].fc1, dp, (i > 0 ? caches[i - 1] : first).d2);
  }
  return dp;
}

/** GELU derivative at the output of an MLP's last residual block. */
const lastD2 = (first: BlockCache, tail: BlockCache[]): T3 => (tail.length > 0 ? tail[tail.length - 1] : first).d2;

/**
 * Backward of one token: `dz` (gradient at z_t) -> gradient at z_{t-1} and at the token's first-layer input
 * `preU` (`[1, B, 2H]`). Records the weight-gradient pairs in `rec` (training). Gradients flow as `dp`, the gradient
 * at a block's output pre-activation, so that every element-wise step is a GEMM epilogue (see {@link tailBackward}).
 */
export function cellBackward(p: RnnPack, wT: PackTransposes, cc: TokenCache, dz: T3, rec: WeightGradRecorder | null): { dzp: T3; dPreU: T3 } {
  rec?.add('after/out', cc.afterOutX, dz);
  const dpA = tailBackward(cc.after0, cc.afterTail, wT.afterTail, raw.matMulAddMul(dz, wT.afterOut, null, lastD2(cc.after0, cc.afterTail)), rec, 'after');
  rec?.add('after/0/fc2', cc.after0.h, dpA);
  const da1 = raw.matMulAddMul(dpA, wT.afterFc2, null, cc.after0.d1);
  const dA0 = p.afterShortcut ? raw.concat([da1, dpA], 2) : da1;
  rec?.add('after/0/in', cc.h, dA0);
  const dh = raw.matMulAddMul(dA0, wT.wa0, p.afterShortcut ? null : dpA, null); // + the identity shortcut's gradient
  const gru = gruGradFused(dh, cc.gates, cc.zp);
  rec?.add('gru/input', cc.g, gru.dgi);
  const dg = raw.matMul(gru.dgi, wT.wgi);
  rec?.add('before/out', cc.beforeOutX, dg);
  const dpB = tailBackward(cc.before0, cc.beforeTail, wT.beforeTail, raw.matMulAddMul(dg, wT.beforeOut, null, lastD2(cc.before0, cc.beforeTail)), rec, 'before');
  rec?.add('before/0/fc2', cc.before0.h, dpB);
  const dPreU = raw.concat([raw.matMulAddMul(dpB, wT.beforeFc2, null, cc.before0.d1), dpB], 2);
  const dM = raw.concat([dPreU, gru.dgh], 2);
  rec?.add('wz', cc.zp, dM);
  return { dzp: raw.matMulAddMul(dM, wT.wz, gru.dh, null), dPreU };
}

/**
 * Forward over T tokens from `z0 [1, B, Z]` with `preU [1, T·B, 2H]` -> `value [1, T·B, D + Z]`: the head output
 * of each token followed by its latent z_t (`zAll [1, T·B, Z]` holds the latents alone). `caches` is filled when
 * given (the backward pass needs it).
 */
export function scanForward(p: RnnPack, z0: T3, preU: T3, T: number, caches: TokenCache[] | null): { value: T3; zAll: T3 } {
  const B = z0.shape[1];
  const pre = T === 1 ? [preU] : raw.split(preU, new Array<number>(T).fill(B), 1);
  const zs: T3[] = [];
  let z = z0;
  for (let t = 0; t < T; t++) {
    const r = cellForward(p, z, pre[t], caches !== null);
    if (caches) caches.push(r.cache!);
    z = r.z;
    zs.push(z);
  }
  const zAll = raw.concat(zs, 1);
  return { value: raw.concat([affine(zAll, p.head), zAll], 2), zAll };
}

/**
 * Backward of {@link scanForward}: `dy [1, T·B, D + Z]` -> gradients at `z0` and at `preU` (`[1, T·B, 2H]`),
 * recording the weight-gradient pairs of every layer (the head as `head`) when `rec` is given.
 */
export function scanBackward(p: RnnPack, wT: PackTransposes, caches: TokenCache[], zAll: T3, dy: T3, rec: WeightGradRecorder | null): { dz0: T3; dPreU: T3 } {
  const T = caches.length;
  const B = zAll.shape[1] / T;
  const [dOut, dZext] = raw.split(dy, [p.D, p.Z], 2);
  rec?.add('head', zAll, dOut);
  const dZall = raw.matMulAddMul(dOut, wT.head, dZext, null);
  const dZ = T === 1 ? [dZall] : raw.split(dZall, new Array<number>(T).fill(B), 1);
  const dPre: T3[] = new Array<T3>(T);
  let carry: T3 | null = null;
  for (let t = T - 1; t >= 0; t--) {
    const r = cellBackward(p, wT, caches[t], carry ? raw.add(dZ[t], carry) : dZ[t], rec);
    dPre[t] = r.dPreU;
    carry = r.dzp;
  }
  return { dz0: carry!, dPreU: raw.concat(dPre, 1) };
}
