import * as tf from '@tensorflow/tfjs';
import { GELU_A, GELU_C } from './activations';
import { hasKernel, registerLoopKernels, type LoopKernel } from './loop-kernels';
import { raw } from './raw-ops';
import { activeWasmGemm } from './wasm/wasm-kernels';

/**
 * Fused element-wise kernels of the hand-written RNN pass, registered on the `wasm` and `cpu` backends as plain
 * loops over the tensors' memory (float64 arithmetic, rounded once to float32; `loop-kernels.ts`); on wasm, dfp's
 * wasm module runs them instead where it is active (`wasm/gelu-wat.ts`, `wasm/gru-wat.ts`). Why: at planning sizes
 * (one or a few rows) a tfjs kernel costs ~4-7 µs of bookkeeping whatever its size, and GELU with its derivative is
 * 13 kernels, a GRU gate update ~15; each of these is now one. On other backends the same math runs as tfjs ops.
 *
 * - `DfpGelu`: `y = v·σ(v·(C + A·C·v²))`, `v = x (+ add)`, the tanh approximation of GELU (C = 2√(2/π),
 *   A = 0.044715); with `derivative`, also `dy/dv = s + v·s(1-s)·C(1 + 3A·v²)`.
 * - `DfpGru`: PyTorch `GRUCell` gates from the packed products `gi = g·W_i + b_i`, `gh = h·W_h + b_h`
 *   (`[N, 3Z]`, columns r | z | n) and `h [N, Z]`: `r, u = σ(gi + gh)`, `n = tanh(gi_n + r·gh_n)`,
 *   `h' = n + u·(h - n)`; with `cache`, also `[N, 4Z]` = r | u | n | gh_n for the backward kernel.
 * - `DfpGruGrad`: from `dh' [N, Z]`, the cache and `h`: `dgi [N, 3Z]`, `dgh [N, 3Z]` and the direct part of `dh`.
 */

type Loop = LoopKernel['loop'];

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

const geluLoop: Loop = ({ ins: [x, add], outs: [y, d] }) => {
  const AC = GELU_A * GELU_C;
  const AC3 = 3 * AC;
  for (let i = 0; i < x.length; i++) {
    const v = add ? x[i] + add[i] : x[i];
    const v2 = v * v;
    const s = sig(v * (GELU_C + AC * v2));
    y[i] = v * s;
    if (d) d[i] = s + v * s * (1 - s) * (GELU_C + AC3 * v2);
  }
};

const gruLoop: Loop = ({ ins: [gi, gh, h], outs: [out, cache] }, _attrs, shapes) => {
  const Z = shapes[2][shapes[2].length - 1];
  const N = h.length / Z;
  for (let b = 0; b < N; b++) {
    const g3 = b * 3 * Z;
    for (let j = 0; j < Z; j++) {
      const r = sig(gi[g3 + j] + gh[g3 + j]);
      const u = sig(gi[g3 + Z + j] + gh[g3 + Z + j]);
      const ghn = gh[g3 + 2 * Z + j];
      const n = Math.tanh(gi[g3 + 2 * Z + j] + r * ghn);
      const hp = h[b * Z + j];
      out[b * Z + j] = n + u * (hp - n);
      if (cache) {
        const c4 = b * 4 * Z;
        cache[c4 + j] = r;
        cache[c4 + Z + j] = u;
        cache[c4 + 2 * Z + j] = n;
        cache[c4 + 3 * Z + j] = ghn;
      }
    }
  }
};

const gruGradLoop: Loop = ({ ins: [dh, cache, h], outs: [dgi, dgh, dhDirect] }, _attrs, shapes) => {
  const Z = shapes[0][shapes[0].length - 1];
  const N = dh.length / Z;
  for (let b = 0; b < N; b++) {
    const c4 = b * 4 * Z;
    const g3 = b * 3 * Z;
    for (let j = 0; j < Z; j++) {
      const r = cache[c4 + j];
      const u = cache[c4 + Z + j];
      const n = cache[c4 + 2 * Z + j];
      const ghn = cache[c4 + 3 * Z + j];
      const g = dh[b * Z + j];
      const dq = g * (1 - u) * (1 - n * n); // through n = tanh(q)
      const dr = dq * ghn * r * (1 - r);
      const du = g * (h[b * Z + j] - n) * u * (1 - u);
      dgi[g3 + j] = dr;
      dgh[g3 + j] = dr;
      dgi[g3 + Z + j] = du;
      dgh[g3 + Z + j] = du;
      dgi[g3 + 2 * Z + j] = dq;
      dgh[g3 + 2 * Z + j] = dq * r;
      dhDirect[b * Z + j] = g * u;
    }
  }
};

const KERNELS: Record<string, LoopKernel> = {
  DfpGelu: { outShapes: (s, a) => (a.derivative ? [s[0], s[0]] : [s[0]]), loop: geluLoop },
  DfpGru: { outShapes: (s, a) => (a.cache ? [s[2], [...s[2].slice(0, -1), 4 * s[2][s[2].length - 1]]] : [s[2]]), loop: gruLoop },
  DfpGruGrad: {
    outShapes: (s) => [s[1].slice(0, -1).concat(3 * s[0][s[0].length - 1]), s[1].slice(0, -1).concat(3 * s[0][s[0].length - 1]), s[0]],
    loop: gruGradLoop,
  },
};

/** Registers the fused kernels on `wasm` and `cpu` (idempotent). */
export function registerFusedKernels(): void {
  registerLoopKernels(KERNELS);
}

/** Scalar constants of the GELU formula as tensors (for the large-tensor path of {@link geluFused}). */
export interface GeluConstants {
  readonly one: tf.Scalar;
  readonly c: tf.Scalar;
  readonly ac: tf.Scalar;
  readonly ac3: tf.Scalar;
}

/** Creates {@link GeluConstants} (the caller disposes them). */
export function geluConstants(): GeluConstants {
  return { one: tf.scalar(1), c: tf.scalar(GELU_C), ac: tf.scalar(GELU_A * GELU_C), ac3: tf.scalar(3 * GELU_A * GELU_C) };
}

/**
 * Without dfp's wasm module (`DFP_WASM_GEMM=off`), from this many elements on wasm runs GELU as 13 stock
 * (vectorized) kernels instead of one JS loop: measured for x + add with derivative, 2048 elements 52 vs 52 µs,
 * 8192: 57 vs 88 µs, 16384: 82 vs 163 µs. The module's GELU takes ~15 µs at 8192.
 */
const WASM_COMPOSITE_FROM = 4096;

/** The GELU formula in raw kernel calls (see `raw-ops.ts`). */
function geluComposite<T extends tf.Tensor>(x: T, add: T | null, derivative: boolean, k: GeluConstants): { y: T; d: T | null } {
  const v = add ? raw.add(x, add) : x;
  const v2 = raw.mul(v, v);
  const s = raw.sigmoid(raw.mul(v, raw.add(raw.mul(v2, k.ac), k.c)));
  const y = raw.mul(v, s);
  if (!derivative) return { y, d: null };
  // d/dv v·σ(u) = σ + v·σ(1-σ)·u',  u' = C(1 + 3A·v²)
  return { y, d: raw.add(s, raw.mul(raw.mul(v, raw.mul(s, raw.sub(k.one, s))), raw.add(raw.mul(v2, k.ac3), k.c))) };
}

/**
 * GELU of `x (+ add)` and, with `derivative`, its derivative (no gradient is recorded: for hand-written passes).
 * Inputs must be float32 and of equal shapes. `consts` enables the faster path for large tensors on wasm.
 */
export function geluFused<T extends tf.Tensor>(x: T, add: T | null, derivative: boolean, consts: GeluConstants | null = null): { y: T; d: T | null } {
  if (consts && x.size >= WASM_COMPOSITE_FROM && tf.getBackend() === 'wasm' && activeWasmGemm() === null) return geluComposite(x, add, derivative, consts);
  if (hasKernel('DfpGelu')) {
    const outs = tf.engine().runKernel('DfpGelu', add ? { a: x, b: add } : { a: x }, { derivative }) as unknown as T[];
    return { y: outs[0], d: derivative ? outs[1] : null };
  }
  const v = add ? tf.add(x, add) : x;
  const v2 = tf.square(v);
  const s = tf.sigmoid(tf.mul(v, tf.add(tf.mul(v2, GELU_A * GELU_C), GELU_C)));
  const y = tf.mul(v, s) as T;
  if (!derivative) return { y, d: null };
  const du = tf.add(tf.mul(v2, 3 * GELU_A * GELU_C), GELU_C);
  return { y, d: tf.add(s, tf.mul(tf.mul(v, tf.mul(s, tf.sub(1, s))), du)) as T };
}

/** The GRU update from packed gate products (see the file comment); `cache` is null unless asked for. */
export function gruFused<T extends tf.Tensor>(gi: T, gh: T, h: T, cache: boolean): { h: T; cache: T | null } {
  if (hasKernel('DfpGru')) {
    const outs = tf.engine().runKernel('DfpGru', { a: gi, b: gh, c: h }, { cache }) as unknown as T[];
    return { h: outs[0], cache: cache ? outs[1] : null };
  }
  const Z = h.shape[h.rank - 1];
  const axis = h.rank - 1;
  const [gi2, gin] = tf.split(gi, [2 * Z, Z], axis);
  const [gh2, ghn] = tf.split(gh, [2 * Z, Z], axis);
  const ru = tf.sigmoid(tf.add(gi2, gh2));
  const [r, u] = tf.split(ru, 2, axis);
  const n = tf.tanh(tf.add(gin, tf.mul(r, ghn)));
  const out = tf.add(n, tf.mul(u, tf.sub(h, n))) as T;
  return { h: out, cache: cache ? (tf.concat([r, u, n, ghn], axis) as T) : null };
}

/** Backward of {@link gruFused}: `dh'` -> gradients at `gi`, `gh` and the direct part at `h`. */
export function gruGradFused<T extends tf.Tensor>(dh: T, cache: T, h: T): { dgi: T; dgh: T; dh: T } {
  if (hasKernel('DfpGruGrad')) {
    const [dgi, dgh, dhDirect] = tf.engine().runKernel('DfpGruGrad', { a: dh, b: cache, c: h }, {}) as unknown as T[];
    return { dgi, dgh, dh: dhDirect };
  }
  const axis = dh.rank - 1;
  const [r, u, n, ghn] = tf.split(cache, 4, axis);
  const dq = tf.mul(tf.mul(dh, tf.sub(1, u)), tf.sub(1, tf.square(n)));
  const dr = tf.mul(tf.mul(dq, ghn), tf.mul(r, tf.sub(1, r)));
  const du = tf.mul(tf.mul(dh, tf.sub(h, n)), tf.mul(u, tf.sub(1, u)));
  return {
    dgi: tf.concat([dr, du, dq], axis) as T,
    dgh: tf.concat([dr, du, tf.mul(dq, r)], axis) as T,
    dh: tf.mul(dh, u) as T,
  };
}
