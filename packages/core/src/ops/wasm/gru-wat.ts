import { SIGMOID_LOCALS, f4, get, sigmoidInto, tanhInto, type SimdBuild } from './simd-math';

/**
 * WebAssembly text of dfp's GRU gate kernels, the wasm versions of `DfpGru` and `DfpGruGrad` (`fused-kernels.ts`,
 * which states the formulas), over N rows of Z columns with Z a multiple of 4 (the kernels decline other widths):
 *
 * - `gru(gi, gh, h, out, cache, hasCache, N, Z)`: `gi`, `gh` `[N, 3Z]` (r | z | n), `h [N, Z]` -> `out [N, Z]`
 *   and, when `hasCache`, `cache [N, 4Z]` = r | u | n | gh_n, with σ and tanh from `simd-math.ts`.
 * - `gruGrad(dh, cache, h, dgi, dgh, dhDirect, N, Z)`: the backward pass (no transcendental functions).
 *
 * Why: the JS loops took 190 µs (forward) and 60 µs (backward) per token at batch 32, Z = 128.
 */

/** Address of column `$j` (bytes) of block `block` (0-based, Z columns each) of the row at `$<row>`. */
const addr = (row: string, block: number) => `(i32.add (i32.add ${get(row)} ${get('j')}) (i32.mul ${get('zb')} (i32.const ${block})))`;
const load = (row: string, block = 0) => `(v128.load ${addr(row, block)})`;
const store = (row: string, block: number, value: string) => `(v128.store ${addr(row, block)} ${value})`;

/** A loop over N rows and the Z columns of each, 4 at a time; `rows` lists each row pointer with its stride in blocks of Z. */
function rowsLoop(name: string, rows: Array<[string, number]>, body: string): string {
  return `(local.set $zb (i32.shl ${get('Z')} (i32.const 2)))
  (block $${name}_end (loop $${name}_row
    (br_if $${name}_end (i32.eqz ${get('N')}))
    (local.set $j (i32.const 0))
    (block $${name}_cols_end (loop $${name}_col
      (br_if $${name}_cols_end (i32.ge_u ${get('j')} ${get('zb')}))
      ${body}
      (local.set $j (i32.add ${get('j')} (i32.const 16)))
      (br $${name}_col)))
    ${rows.map(([row, blocks]) => `(local.set $${row} (i32.add ${get(row)} (i32.mul ${get('zb')} (i32.const ${blocks}))))`).join(' ')}
    (local.set $N (i32.sub ${get('N')} (i32.const 1)))
    (br $${name}_row)))`;
}

/** The exported `gru` and `gruGrad` functions. */
export function gruWat(options: SimdBuild): string {
  const fma = options.fusedMultiplyAdd;
  const forward = `${sigmoidInto('rg', `(f32x4.add ${load('gi', 0)} ${load('gh', 0)})`, fma)}
      ${sigmoidInto('ug', `(f32x4.add ${load('gi', 1)} ${load('gh', 1)})`, fma)}
      (local.set $ghn ${load('gh', 2)})
      ${tanhInto('ng', `(f32x4.add ${load('gi', 2)} (f32x4.mul ${get('rg')} ${get('ghn')}))`, fma)}
      ${store('out', 0, `(f32x4.add ${get('ng')} (f32x4.mul ${get('ug')} (f32x4.sub ${load('h')} ${get('ng')})))`)}
      (if ${get('hasCache')} (then
        ${store('cache', 0, get('rg'))} ${store('cache', 1, get('ug'))} ${store('cache', 2, get('ng'))} ${store('cache', 3, get('ghn'))}))`;
  const one = f4(1);
  const backward = `(local.set $rg ${load('cache', 0)}) (local.set $ug ${load('cache', 1)}) (local.set $ng ${load('cache', 2)}) (local.set $ghn ${load('cache', 3)})
      (local.set $g ${load('dh')})
      ;; dq = g·(1-u)·(1-n²); dr = dq·gh_n·r·(1-r); du = g·(h-n)·u·(1-u)
      ;; 1 - n² as (1 - n)(1 + n): exact subtraction near |n| = 1, where 1 - n·n would cancel
      (local.set $dq (f32x4.mul (f32x4.mul ${get('g')} (f32x4.sub ${one} ${get('ug')})) (f32x4.mul (f32x4.sub ${one} ${get('ng')}) (f32x4.add ${one} ${get('ng')}))))
      (local.set $dr (f32x4.mul (f32x4.mul ${get('dq')} ${get('ghn')}) (f32x4.mul ${get('rg')} (f32x4.sub ${one} ${get('rg')}))))
      (local.set $du (f32x4.mul (f32x4.mul ${get('g')} (f32x4.sub ${load('h')} ${get('ng')})) (f32x4.mul ${get('ug')} (f32x4.sub ${one} ${get('ug')}))))
      ${store('dgi', 0, get('dr'))} ${store('dgi', 1, get('du'))} ${store('dgi', 2, get('dq'))}
      ${store('dgh', 0, get('dr'))} ${store('dgh', 1, get('du'))} ${store('dgh', 2, `(f32x4.mul ${get('dq')} ${get('rg')})`)}
      ${store('dhd', 0, `(f32x4.mul ${get('g')} ${get('ug')})`)}`;
  const common = '(local $j i32) (local $zb i32) (local $rg v128) (local $ug v128) (local $ng v128) (local $ghn v128)';
  return `(func (export "gru") (param $gi i32) (param $gh i32) (param $h i32) (param $out i32) (param $cache i32) (param $hasCache i32) (param $N i32) (param $Z i32)
  ${common} ${SIGMOID_LOCALS}
  ${rowsLoop('fwd', [['gi', 3], ['gh', 3], ['h', 1], ['out', 1], ['cache', 4]], forward)})
(func (export "gruGrad") (param $dh i32) (param $cache i32) (param $h i32) (param $dgi i32) (param $dgh i32) (param $dhd i32) (param $N i32) (param $Z i32)
  ${common} (local $g v128) (local $dq v128) (local $dr v128) (local $du v128)
  ${rowsLoop('bwd', [['dh', 1], ['cache', 4], ['h', 1], ['dgi', 3], ['dgh', 3], ['dhd', 1]], backward)})`;
}
