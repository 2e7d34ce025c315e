/**
 * Building blocks of dfp's wasm kernels in WebAssembly text: f32x4 constants, multiply-add, σ(x) and tanh(x), which
 * wasm SIMD lacks (it has no exp). Both use Cephes' `expf`: range reduction by ln 2, degree-5 polynomial, relative
 * error ~1e-7.
 */

/** What a kernel generator needs to know about the build. */
export interface SimdBuild {
  /** Use `f32x4.relaxed_madd` (one fused multiply-add, relaxed SIMD) instead of `f32x4.mul` + `f32x4.add`. */
  readonly fusedMultiplyAdd: boolean;
}

/** `(local.get $name)`. */
export const get = (name: string): string => `(local.get $${name})`;
/** An f32x4 constant with `x` in every lane. */
export const f4 = (x: number): string => `(v128.const f32x4 ${x} ${x} ${x} ${x})`;
/** `a·b + c` in f32x4, as one fused multiply-add when the build has relaxed SIMD. */
export const maddWith =
  (fma: boolean) =>
  (a: string, b: string, c: string): string =>
    fma ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;

/** `1.5·2^23`: adding it rounds a float32 of magnitude < 2^22 to an integer that its low mantissa bits hold. */
const ROUNDER = 12582912;
/** Bits of ROUNDER (0x4B400000); `bits(x + ROUNDER) - ROUNDER_BITS` is the rounded integer. */
const ROUNDER_BITS = 0x4b400000;
/** Cephes expf: polynomial coefficients on |r| <= ln2/2, and ln 2 in two parts for an exact range reduction. */
const EXP_POLY = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;

/** Scratch locals that {@link sigmoidInto} and {@link tanhInto} need in the enclosing function. */
export const SIGMOID_LOCALS = ['t', 'x', 'z', 'k', 'r', 'p', 'e', 'm'].map((n) => `(local $${n} v128)`).join(' ');

/**
 * Instructions that, from `$t`, set `$x` = t clamped to ±87 (so that 2^k stays a normal float32), `$k` = round(x/ln 2)
 * with `$z` holding its bits, `$r` = x - k·ln 2 (|r| <= ln2/2) and `$p` with exp(r) = 1 + r + p·r².
 */
function reduceExp(fma: boolean): string {
  const madd = maddWith(fma);
  let poly = f4(EXP_POLY[0]);
  for (const c of EXP_POLY.slice(1)) poly = madd(poly, get('r'), f4(c));
  return `(local.set $x (f32x4.pmax ${f4(-87)} (f32x4.pmin ${f4(87)} ${get('t')})))
    (local.set $z ${madd(get('x'), f4(Math.LOG2E), f4(ROUNDER))})
    (local.set $k (f32x4.sub ${get('z')} ${f4(ROUNDER)}))
    (local.set $r (f32x4.sub (f32x4.sub ${get('x')} (f32x4.mul ${get('k')} ${f4(LN2_HI)})) (f32x4.mul ${get('k')} ${f4(LN2_LO)})))
    (local.set $p ${poly})`;
}

/** 2^k as f32x4, from the bits in `$z` (see {@link reduceExp}). */
const BIAS = 127 - ROUNDER_BITS;
const twoToK = `(i32x4.shl (i32x4.add ${get('z')} (v128.const i32x4 ${BIAS} ${BIAS} ${BIAS} ${BIAS})) (i32.const 23))`;
/** Keeps NaN lanes of `$t` in `$out` (t is NaN exactly where the argument is). */
const keepNaN = (out: string) => `(local.set $${out} (v128.or ${get(out)} (v128.and (f32x4.ne ${get('t')} ${get('t')}) ${get('t')})))`;

/**
 * Instructions that set local `$out` to σ(x) = 1/(1 + exp(-x)) for the f32x4 expression `x` (evaluated once):
 * exactly 0 where -x >= 87 (exp would leave float32), NaN where x is NaN.
 */
export function sigmoidInto(out: string, x: string, fma: boolean): string {
  const madd = maddWith(fma);
  return `(local.set $t (f32x4.neg ${x}))
    (local.set $m (f32x4.lt ${get('t')} ${f4(87)}))
    ${reduceExp(fma)}
    ;; e = exp(x) = 2^k·(1 + r + p·r²)
    (local.set $e (f32x4.mul ${madd(`(f32x4.mul ${get('p')} ${get('r')})`, get('r'), `(f32x4.add ${get('r')} ${f4(1)})`)} ${twoToK}))
    (local.set $${out} (v128.and ${get('m')} (f32x4.div ${f4(1)} (f32x4.add ${f4(1)} ${get('e')}))))
    ${keepNaN(out)}`;
}

/**
 * Instructions that set local `$out` to tanh(q) for the f32x4 expression `q` (evaluated once), as E / (E + 2) with
 * E = expm1(2q) = 2^k·(r + p·r²) + (2^k - 1): no cancellation near 0, so the error stays within a few ulps
 * everywhere (2σ(2q) - 1 loses the relative precision of small values). NaN where q is NaN.
 */
export function tanhInto(out: string, q: string, fma: boolean): string {
  const madd = maddWith(fma);
  return `(local.set $t (f32x4.add ${q} ${q}))
    ${reduceExp(fma)}
    (local.set $e ${twoToK})
    (local.set $e ${madd(get('e'), madd(`(f32x4.mul ${get('p')} ${get('r')})`, get('r'), get('r')), `(f32x4.sub ${get('e')} ${f4(1)})`)})
    (local.set $${out} (f32x4.div ${get('e')} (f32x4.add ${get('e')} ${f4(2)})))
    ${keepNaN(out)}`;
}
