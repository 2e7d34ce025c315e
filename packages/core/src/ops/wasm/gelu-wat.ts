import { GELU_A, GELU_C } from '../activations';

/**
 * WebAssembly text of dfp's GELU kernel, `gelu(x, add, hasAdd, y, d, hasD, n)` (byte offsets into the imported
 * memory): `v = x (+ add)`, `y = v·σ(v·(C + A·C·v²))` (the tanh approximation, as `DfpGelu` in
 * `fused-kernels.ts`) and, when `hasD`, its derivative `d = s + v·s(1-s)·(C + 3A·C·v²)`. Four elements per step in
 * f32x4, the last 1-3 through the lanes of one vector (no read or write past `n`).
 *
 * Why: a training step at batch 32 calls GELU 360 times on 8192 elements; as 13 stock kernels that took 57 µs per
 * call, as a JS loop 88 µs, here ~15 µs. σ needs exp, which wasm SIMD lacks: Cephes' `expf` (range reduction by
 * ln 2, degree-5 polynomial, relative error ~1e-7), with the argument clamped to ±87 so that 2^n stays a normal
 * float32 (σ is set to exactly 0 beyond). GELU's maximum error against float64 is ~5e-7, its derivative's ~2e-6;
 * NaN inputs give NaN outputs.
 */

/** Options of {@link geluWat}. */
export interface GeluWatOptions {
  /** Use `f32x4.relaxed_madd` for the multiply-adds of the polynomial and the formula. */
  fusedMultiplyAdd: boolean;
}

/** `a·b + c` in f32x4, fused where the build allows it. */
const maddWith = (fma: boolean) => (a: string, b: string, c: string) => (fma ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`);
const f4 = (x: number) => `(v128.const f32x4 ${x} ${x} ${x} ${x})`;
const get = (name: string) => `(local.get $${name})`;
/** `1.5·2^23`: adding it rounds a float32 of magnitude < 2^22 to an integer that its low mantissa bits hold. */
const ROUNDER = 12582912;
/** Bits of ROUNDER (0x4B400000); `bits(x + ROUNDER) - ROUNDER_BITS` is the rounded integer. */
const ROUNDER_BITS = 0x4b400000;
/** Cephes expf: polynomial coefficients on |r| <= ln2/2, and ln 2 in two parts for an exact range reduction. */
const EXP_POLY = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;

/** Instructions that set `$s = σ(v·(C + A·C·v²))` and `$v2 = min(v², 1e8)` from `$v`. */
function sigmoidOfGeluArgument(fma: boolean): string {
  const madd = maddWith(fma);
  let poly = f4(EXP_POLY[0]);
  for (const c of EXP_POLY.slice(1)) poly = madd(poly, get('r'), f4(c));
  const bias = 127 - ROUNDER_BITS;
  return `;; v² capped at 1e8 (|v| > 1e4), so that no term overflows float32; σ is exactly 0 or 1 there anyway
    (local.set $v2 (f32x4.pmin ${f4(1e8)} (f32x4.mul ${get('v')} ${get('v')})))
    ;; t = -u, u = v·(C + A·C·v²); σ(u) = 0 where t >= 87 (mask), elsewhere 1/(1 + exp(t)) with t clamped at -87
    (local.set $t (f32x4.neg (f32x4.mul ${get('v')} ${madd(get('v2'), f4(GELU_A * GELU_C), f4(GELU_C))})))
    (local.set $m (f32x4.lt ${get('t')} ${f4(87)}))
    (local.set $t (f32x4.pmax ${f4(-87)} (f32x4.pmin ${f4(87)} ${get('t')})))
    ;; e = exp(t) = 2^k·exp(r), k = round(t/ln 2), r = t - k·ln 2
    (local.set $z ${madd(get('t'), f4(Math.LOG2E), f4(ROUNDER))})
    (local.set $k (f32x4.sub ${get('z')} ${f4(ROUNDER)}))
    (local.set $r (f32x4.sub (f32x4.sub ${get('t')} (f32x4.mul ${get('k')} ${f4(LN2_HI)})) (f32x4.mul ${get('k')} ${f4(LN2_LO)})))
    (local.set $p ${poly})
    (local.set $p ${madd(`(f32x4.mul ${get('p')} ${get('r')})`, get('r'), `(f32x4.add ${get('r')} ${f4(1)})`)})
    (local.set $e (f32x4.mul ${get('p')} (i32x4.shl (i32x4.add ${get('z')} (v128.const i32x4 ${bias} ${bias} ${bias} ${bias})) (i32.const 23))))
    (local.set $s (v128.and ${get('m')} (f32x4.div ${f4(1)} (f32x4.add ${f4(1)} ${get('e')}))))`;
}

/** Instructions that set `$y` and `$d` from `$v`. */
function geluOfV(fma: boolean): string {
  const madd = maddWith(fma);
  const vs = `(f32x4.mul ${get('v')} ${get('s')})`;
  return `${sigmoidOfGeluArgument(fma)}
    (local.set $y ${vs})
    (local.set $d ${madd(`(f32x4.mul ${vs} (f32x4.sub ${f4(1)} ${get('s')}))`, madd(get('v2'), f4(3 * GELU_A * GELU_C), f4(GELU_C)), get('s'))})`;
}

/** Byte address of element `$i + lane` of the array at `$<base>`. */
const at = (base: string, lane = 0) => `(i32.add ${get(base)} (i32.shl ${lane ? `(i32.add ${get('i')} (i32.const ${lane}))` : get('i')} (i32.const 2)))`;

/** The exported `gelu` function. */
export function geluWat(options: GeluWatOptions): string {
  const fma = options.fusedMultiplyAdd;
  const lanes = [0, 1, 2];
  const loadTail = lanes.map(
    (l) => `(if (i32.gt_u ${get('rem')} (i32.const ${l})) (then (local.set $v (f32x4.replace_lane ${l} ${get('v')}
      (f32.add (f32.load ${at('px', l)}) (select (f32.load ${at('padd', l)}) (f32.const 0) ${get('hasAdd')}))))))`,
  );
  const storeTail = lanes.map(
    (l) => `(if (i32.gt_u ${get('rem')} (i32.const ${l})) (then (f32.store ${at('py', l)} (f32x4.extract_lane ${l} ${get('y')}))
      (if ${get('hasD')} (then (f32.store ${at('pd', l)} (f32x4.extract_lane ${l} ${get('d')}))))))`,
  );
  return `(func (export "gelu") (param $px i32) (param $padd i32) (param $hasAdd i32) (param $py i32) (param $pd i32) (param $hasD i32) (param $n i32)
  (local $i i32) (local $rem i32) (local $v v128) (local $v2 v128) (local $t v128) (local $z v128) (local $k v128) (local $r v128)
  (local $p v128) (local $e v128) (local $m v128) (local $s v128) (local $y v128) (local $d v128)
  (block $end (loop $next
    (br_if $end (i32.gt_u (i32.add ${get('i')} (i32.const 4)) ${get('n')}))
    (local.set $v (v128.load ${at('px')}))
    (if ${get('hasAdd')} (then (local.set $v (f32x4.add ${get('v')} (v128.load ${at('padd')})))))
    ${geluOfV(fma)}
    (v128.store ${at('py')} ${get('y')})
    (if ${get('hasD')} (then (v128.store ${at('pd')} ${get('d')})))
    (local.set $i (i32.add ${get('i')} (i32.const 4)))
    (br $next)))
  (local.set $rem (i32.sub ${get('n')} ${get('i')}))
  (if (i32.eqz ${get('rem')}) (then (return)))
  ${loadTail.join('\n  ')}
  ${geluOfV(fma)}
  ${storeTail.join('\n  ')})`;
}
