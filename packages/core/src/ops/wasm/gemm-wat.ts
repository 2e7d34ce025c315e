/**
 * WebAssembly text of dfp's f32 GEMM: `C[M, N] = A[M, K]·B[K, N] (+ bias[N])`, all row-major, in the memory that
 * dfp's wasm module imports (tfjs-backend-wasm's heap, so tensors are used in place; see `module-wat.ts`).
 *
 * Why our own kernel: tfjs-backend-wasm 4.22's XNNPACK matMul re-packs its right operand for every new tensor and
 * has no fused multiply-add; with relaxed SIMD's `f32x4.relaxed_madd` this kernel runs at 44-49 GFLOP/s stand-alone
 * and makes a config-A training step about 20% faster (core README, "Speed on the wasm backend").
 *
 * Layout of the loops: the output is cut into blocks of `MR` rows x 8 columns (two `v128`), whose 2·MR accumulators
 * stay in registers over the whole K loop; each step loads two vectors of B's row k and splats one A value per row.
 * Edges use 1-row blocks, 4-column blocks and a scalar column; K is cut in chunks (see the driver). Pure function
 * of its options, so the shipped binary can be checked against it (see `module-binary.ts`).
 */

/** Options of {@link gemmWat}. */
export interface GemmWatOptions {
  /** Rows per register block (default 4: 8 accumulators, 2 B vectors and 1 splat stay in x64's 16 vector registers). */
  rowsPerBlock?: number;
  /** Depth of the K chunks (default 256: a 256 x 256 chunk of B is 256 KiB, within a core's L2). */
  kChunk?: number;
  /** Use `f32x4.relaxed_madd` (one fused multiply-add) instead of `f32x4.mul` + `f32x4.add`. */
  fusedMultiplyAdd: boolean;
}

// $pinit/$ldi: where the accumulators start (bias: row stride 0; an addend or C itself for a later K chunk: stride
// ldc); $hasInit 0 = zeros. $pm: the factor matrix's block (stride ldc), multiplied in before the store when $hasMul.
const PARAMS =
  '(param $pa0 i32) (param $pb0 i32) (param $pc i32) (param $K i32) (param $lda i32) (param $ldb i32) (param $ldc i32) (param $pinit i32) (param $ldi i32) (param $hasInit i32) (param $pm i32) (param $hasMul i32)';

/** Address of row `r` of a block: `base + r·stride` (`stride` a local holding the row pitch in bytes). */
const rowAddr = (base: string, stride: string, r: number) =>
  r === 0 ? `(local.get ${base})` : `(i32.add (local.get ${base}) (i32.mul (local.get ${stride}) (i32.const ${r})))`;

/** `rows x vectors` block (vectors 0 = one scalar column). */
function blockFunc(rows: number, vectors: number, fma: boolean): string {
  const scalar = vectors === 0;
  const cols = scalar ? 1 : vectors;
  const ty = scalar ? 'f32' : 'v128';
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  const locals: string[] = [];
  for (let r = 0; r < rows; r++) for (let v = 0; v < cols; v++) locals.push(`(local ${acc(r, v)} ${ty})`);
  for (let v = 0; v < cols; v++) locals.push(`(local $b${v} ${ty})`);
  locals.push(`(local $a ${ty}) (local $k i32) (local $pa i32) (local $pb i32)`);
  const load = scalar ? 'f32.load' : 'v128.load';
  const init: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < cols; v++) init.push(`(local.set ${acc(r, v)} (${load} offset=${v * 16} ${rowAddr('$pinit', '$ldi', r)}))`);
  }
  const step: string[] = [];
  for (let v = 0; v < cols; v++) step.push(`(local.set $b${v} (${load} offset=${v * 16} (local.get $pb)))`);
  for (let r = 0; r < rows; r++) {
    step.push(`(local.set $a (${scalar ? 'f32.load' : 'v128.load32_splat'} ${rowAddr('$pa', '$lda', r)}))`);
    for (let v = 0; v < cols; v++) {
      const c = acc(r, v);
      step.push(
        scalar
          ? `(local.set ${c} (f32.add (local.get ${c}) (f32.mul (local.get $a) (local.get $b${v}))))`
          : fma
            ? `(local.set ${c} (f32x4.relaxed_madd (local.get $a) (local.get $b${v}) (local.get ${c})))`
            : `(local.set ${c} (f32x4.add (local.get ${c}) (f32x4.mul (local.get $a) (local.get $b${v}))))`,
      );
    }
  }
  const scale: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < cols; v++) {
      const c = acc(r, v);
      scale.push(`(local.set ${c} (${scalar ? 'f32.mul' : 'f32x4.mul'} (local.get ${c}) (${load} offset=${v * 16} ${rowAddr('$pm', '$ldc', r)})))`);
    }
  }
  const store: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < cols; v++) store.push(`(${scalar ? 'f32.store' : 'v128.store'} offset=${v * 16} ${rowAddr('$pc', '$ldc', r)} (local.get ${acc(r, v)}))`);
  }
  return `(func $blk_${rows}_${vectors} ${PARAMS}
  ${locals.join(' ')}
  (if (local.get $hasInit) (then ${init.join(' ')}))
  (local.set $pa (local.get $pa0)) (local.set $pb (local.get $pb0)) (local.set $k (local.get $K))
  (block $done (loop $next
    (br_if $done (i32.eqz (local.get $k)))
    ${step.join('\n    ')}
    (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
    (br $next)))
  (if (local.get $hasMul) (then ${scale.join(' ')}))
  ${store.join('\n  ')})`;
}

/** The column loop over one band of `rows` rows: 8-wide blocks, then one 4-wide block, then scalar columns. */
function columnLoop(rows: number): string {
  const call = (vectors: number) =>
    `(call $blk_${rows}_${vectors} (local.get $pa) (i32.add (local.get $pb) (local.get $jb)) (i32.add (local.get $pc) (local.get $jb)) (local.get $kc) (local.get $lda) (local.get $ldb) (local.get $ldc) (i32.add (local.get $pinit) (local.get $jb)) (local.get $ldi) (local.get $hasInit) (i32.add (local.get $pm) (local.get $jb)) (local.get $mulNow))`;
  const loop = (label: string, width: number, vectors: number) => `(block $${label}_end (loop $${label}
      (br_if $${label}_end (i32.gt_u (i32.add (local.get $jb) (i32.const ${width * 4})) (local.get $ldb)))
      ${call(vectors)}
      (local.set $jb (i32.add (local.get $jb) (i32.const ${width * 4})))
      (br $${label})))`;
  return `(local.set $jb (i32.const 0))
    ${loop(`w8_${rows}`, 8, 2)}
    ${loop(`w4_${rows}`, 4, 1)}
    ${loop(`w1_${rows}`, 1, 0)}`;
}

/** What `gemm`'s `init` points at (its `initKind` argument). */
export const GEMM_INIT = { none: 0, bias: 1, addend: 2 } as const;

/**
 * WAT functions of the module, exporting `gemm(a, b, c, M, K, N, init, initKind, mul, hasMul)`: byte offsets into
 * the imported memory and counts, computing `C = (init + A·B) ⊙ mul` where `init` is nothing, a bias row `[N]` or an
 * addend `[M, N]` ({@link GEMM_INIT}), and the element-wise factor `mul [M, N]` is used only when `hasMul` is 1.
 * Any M, K, N >= 0; no alignment needed.
 */
export function gemmWat(options: GemmWatOptions): string {
  const MR = options.rowsPerBlock ?? 4;
  const fma = options.fusedMultiplyAdd;
  const funcs: string[] = [];
  for (const rows of MR === 1 ? [1] : [MR, 1]) for (const vectors of [2, 1, 0]) funcs.push(blockFunc(rows, vectors, fma));
  const KC = options.kChunk ?? 256;
  const band = (rows: number, label: string, cond: string) => `(block $${label}_end (loop $${label}
      (br_if $${label}_end ${cond})
      (local.set $pinit (select (local.get $pc) (i32.add (local.get $init) (i32.mul (i32.sub (local.get $pc) (local.get $c)) (local.get $initFull))) (local.get $fromC)))
      (local.set $pm (i32.add (local.get $mul) (i32.sub (local.get $pc) (local.get $c))))
      ${columnLoop(rows)}
      (local.set $i (i32.add (local.get $i) (i32.const ${rows})))
      (local.set $pa (i32.add (local.get $pa) (i32.mul (local.get $lda) (i32.const ${rows}))))
      (local.set $pc (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const ${rows}))))
      (br $${label})))`;
  // K is cut in chunks of KC so that B's chunk (KC x N) stays in cache while every row band of A passes over it;
  // chunks after the first accumulate onto C.
  // $initFull: the init is an [M, N] addend (advances with the rows) rather than a bias row.
  const driver = `(func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $K i32) (param $N i32) (param $init i32) (param $initKind i32) (param $mul i32) (param $hasMul i32)
  (local $i i32) (local $jb i32) (local $lda i32) (local $ldb i32) (local $ldc i32) (local $pa i32) (local $pb i32) (local $pc i32)
  (local $pinit i32) (local $ldi i32) (local $hasInit i32) (local $fromC i32) (local $kk i32) (local $kc i32)
  (local $initFull i32) (local $pm i32) (local $mulNow i32)
  (local.set $initFull (i32.eq (local.get $initKind) (i32.const ${GEMM_INIT.addend})))
  (local.set $lda (i32.shl (local.get $K) (i32.const 2)))
  (local.set $ldb (i32.shl (local.get $N) (i32.const 2)))
  (local.set $ldc (local.get $ldb))
  (local.set $kk (i32.const 0))
  (loop $chunks
    (local.set $kc (select (i32.const ${KC}) (i32.sub (local.get $K) (local.get $kk)) (i32.gt_u (i32.sub (local.get $K) (local.get $kk)) (i32.const ${KC}))))
    (local.set $fromC (i32.ne (local.get $kk) (i32.const 0)))
    (local.set $hasInit (i32.or (local.get $fromC) (i32.ne (local.get $initKind) (i32.const ${GEMM_INIT.none}))))
    (local.set $ldi (select (local.get $ldc) (i32.const 0) (i32.or (local.get $fromC) (local.get $initFull))))
    (local.set $mulNow (i32.and (local.get $hasMul) (i32.ge_u (i32.add (local.get $kk) (local.get $kc)) (local.get $K))))
    (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $kk) (i32.const 2))))
    (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $kk) (local.get $ldb))))
    (local.set $pc (local.get $c))
    (local.set $i (i32.const 0))
    ${band(MR, 'rows', `(i32.gt_u (i32.add (local.get $i) (i32.const ${MR})) (local.get $M))`)}
    ${MR === 1 ? '' : band(1, 'tail', '(i32.ge_u (local.get $i) (local.get $M))')}
    (local.set $kk (i32.add (local.get $kk) (local.get $kc)))
    (br_if $chunks (i32.lt_u (local.get $kk) (local.get $K)))))`;
  return `${funcs.join('\n')}\n${driver}`;
}
