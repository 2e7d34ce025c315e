/**
 * WebAssembly text of dfp's strided row copy, `copyRows(src, dst, rows, rowBytes, srcStride, dstStride)` (byte
 * offsets and sizes in the imported memory): `rows` blocks of `rowBytes` bytes, each one `memory.copy`. `Concat`
 * and `SplitV` along an inner axis are such copies; tfjs' JS versions make one `subarray` + `set` per row (47 µs to
 * split a `[1, 32, 512]` tensor in two on the last axis).
 */
export function copyWat(): string {
  return `(func (export "copyRows") (param $src i32) (param $dst i32) (param $rows i32) (param $rowBytes i32) (param $srcStride i32) (param $dstStride i32)
  (block $end (loop $next
    (br_if $end (i32.eqz (local.get $rows)))
    (memory.copy (local.get $dst) (local.get $src) (local.get $rowBytes))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
    (br $next))))`;
}
