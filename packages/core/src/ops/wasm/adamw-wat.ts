import type { SimdBuild } from './simd-math';

/**
 * WebAssembly text of dfp's AdamW kernel (the wasm version of `DfpAdamW`, `ops/adamw-kernel.ts`):
 * `adamw(p, g, m, v, p1, m1, v1, n, β1, 1-β1, β2, 1-β2, eps, decay, stepSize, 1/c2)` (byte offsets into the imported
 * memory, then float32 constants) writes
 * ```
 * m1 = β1·m + (1-β1)·g ;  v1 = β2·v + (1-β2)·g² ;  p1 = p·decay - stepSize·m1 / (√v1 / c2 + eps)
 * ```
 * four elements per step in f32x4, the last 1-3 in scalar f32 (the same operations; in the `fma` build the vector
 * lanes fuse the moment updates' multiply-adds, so a tail element may round 1 ulp differently).
 */

const CONSTS = ['b1', 'ib1', 'b2', 'ib2', 'eps', 'decay', 'step', 'ic2'] as const;

/** The update of one element (`f32`) or four (`f32x4`) at byte offset `$o`. */
function body(ty: 'f32' | 'f32x4', fma: boolean): string {
  const vec = ty === 'f32x4';
  const load = vec ? 'v128.load' : 'f32.load';
  const store = vec ? 'v128.store' : 'f32.store';
  const c = (name: string) => (vec ? `(f32x4.splat (local.get $${name}))` : `(local.get $${name})`);
  const arr = (name: string) => `(i32.add (local.get $${name}) (local.get $o))`;
  const madd = (a: string, b: string, cc: string) => (vec && fma ? `(f32x4.relaxed_madd ${a} ${b} ${cc})` : `(${ty}.add (${ty}.mul ${a} ${b}) ${cc})`);
  const l = (name: string) => `(local.get $${vec ? 'x' : 's'}${name})`;
  const set = (name: string, value: string) => `(local.set $${vec ? 'x' : 's'}${name} ${value})`;
  return `${set('g', `(${load} ${arr('g')})`)}
    ${set('m', madd(c('b1'), `(${load} ${arr('m')})`, `(${ty}.mul ${c('ib1')} ${l('g')})`))}
    ${set('v', madd(c('b2'), `(${load} ${arr('v')})`, `(${ty}.mul ${c('ib2')} (${ty}.mul ${l('g')} ${l('g')}))`))}
    (${store} ${arr('m1')} ${l('m')})
    (${store} ${arr('v1')} ${l('v')})
    (${store} ${arr('p1')} (${ty}.sub (${ty}.mul (${load} ${arr('p')}) ${c('decay')})
      (${ty}.div (${ty}.mul ${c('step')} ${l('m')}) (${ty}.add (${ty}.mul (${ty}.sqrt ${l('v')}) ${c('ic2')}) ${c('eps')}))))`;
}

/** The exported `adamw` function. */
export function adamwWat(options: SimdBuild): string {
  const fma = options.fusedMultiplyAdd;
  const ptrs = ['p', 'g', 'm', 'v', 'p1', 'm1', 'v1'].map((n) => `(param $${n} i32)`).join(' ');
  const consts = CONSTS.map((n) => `(param $${n} f32)`).join(' ');
  return `(func (export "adamw") ${ptrs} (param $n i32) ${consts}
  (local $o i32) (local $end i32) (local $xg v128) (local $xm v128) (local $xv v128) (local $sg f32) (local $sm f32) (local $sv f32)
  (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
  (block $vend (loop $vnext
    (br_if $vend (i32.ge_u (local.get $o) (local.get $end)))
    ${body('f32x4', fma)}
    (local.set $o (i32.add (local.get $o) (i32.const 16)))
    (br $vnext)))
  (local.set $end (i32.shl (local.get $n) (i32.const 2)))
  (block $send (loop $snext
    (br_if $send (i32.ge_u (local.get $o) (local.get $end)))
    ${body('f32', fma)}
    (local.set $o (i32.add (local.get $o) (i32.const 4)))
    (br $snext))))`;
}
