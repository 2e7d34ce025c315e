import * as tf from '@tensorflow/tfjs';
import { overrideWasmKernel, type WasmBackendLike, type WasmKernelArgs } from './wasm-kernel-override';
import { copyBoxOnModule } from './wasm/wasm-kernels';

/**
 * Faster `Slice`, `SplitV`, `Unpack` and `GatherV2` kernels for tfjs-backend-wasm 4.22 (drop-in replacements, same
 * results).
 *
 * Why: the stock wasm `Slice` copies its whole input out of the wasm heap (`readSync`, a fresh ArrayBuffer)
 * before copying the requested part, and `SplitV` / `Unpack` call it once per output, so splitting a tensor in n
 * parts costs n full copies plus garbage. Measured on the 2-core machine: half of a `[64, 512]` tensor 102 µs,
 * a 2-way split 315 µs, 30 row blocks of `[1920, 512]` 66 ms. These versions read the input through a view of the
 * heap instead (taken after the output is allocated, because allocation can grow, and so detach, the heap).
 * `GatherV2` of whole rows (axis 0, the noise-level embedding's table lookup) copies each row with one `set`: the
 * stock kernel took 1.8 ms for 960 rows of 64.
 */

/** Copies the box `[begin, begin + size)` of `x` (row-major) into `out`, innermost axis by `subarray().set()`. */
export function copyBox(x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, xShape: readonly number[], begin: readonly number[], size: readonly number[], out: { set(a: ArrayLike<number>, offset: number): void }): void {
  const rank = xShape.length;
  if (rank === 0) {
    out.set(x.subarray(0, 1), 0);
    return;
  }
  const strides = tf.util.computeStrides(xShape as number[]);
  const inner = size[rank - 1];
  const outer = size.slice(0, rank - 1).reduce((a, b) => a * b, 1);
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let o = 0; o < outer; o++) {
    let src = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) src += (begin[d] + idx[d]) * strides[d];
    out.set(x.subarray(src, src + inner), o * inner);
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
}

function sliceInfo(backend: WasmBackendLike, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (tf.util.sizeFromShape(size) === 0) return out;
  if (copyBoxOnModule(backend, x, begin, size, out)) return out;
  const xVals = backend.typedArrayFromHeap(x) as Float32Array;
  const outVals = backend.typedArrayFromHeap(out) as Float32Array;
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    outVals.set(xVals.subarray(offset, offset + tf.util.sizeFromShape(size)));
  } else {
    copyBox(xVals, x.shape, begin, size, outVals);
  }
  return out;
}

/** `GatherV2` of rows (axis 0, no batch dims, float32 table, int32 indices in range), or null for the stock kernel. */
function gatherRows({ inputs, attrs, backend: be }: WasmKernelArgs): tf.TensorInfo | null {
  const { x, indices } = inputs;
  const axis = tf.util.parseAxisParam((attrs?.axis as number) ?? 0, x.shape)[0];
  if (axis !== 0 || ((attrs?.batchDims as number) ?? 0) !== 0 || x.dtype !== 'float32' || indices.dtype !== 'int32' || x.shape.length === 0) return null;
  const backend = be as WasmBackendLike;
  const rows = x.shape[0];
  const row = tf.util.sizeFromShape(x.shape.slice(1));
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], 'float32'); // may grow the heap
  const idx = backend.typedArrayFromHeap(indices) as Int32Array;
  for (let i = 0; i < idx.length; i++) {
    if (!(idx[i] >= 0 && idx[i] < rows)) {
      backend.disposeData(out.dataId);
      return null; // the stock kernel decides what out-of-range indices do
    }
  }
  const xVals = backend.typedArrayFromHeap(x) as Float32Array;
  const outVals = backend.typedArrayFromHeap(out) as Float32Array;
  for (let i = 0; i < idx.length; i++) outVals.set(xVals.subarray(idx[i] * row, (idx[i] + 1) * row), i * row);
  return out;
}

/**
 * Replaces the wasm `Slice`, `SplitV`, `Unpack` and `GatherV2` kernels by the heap-view versions above (string
 * tensors keep the stock kernels, and so do gathers other than whole float32 rows). Idempotent; call after
 * `@tensorflow/tfjs-backend-wasm` has been imported.
 */
export function registerFastWasmSlicing(): void {
  const replace = (name: string, fn: (args: WasmKernelArgs) => tf.TensorInfo | tf.TensorInfo[]) =>
    overrideWasmKernel(name, (stock) => (args) => ((args.inputs.x ?? args.inputs.value).dtype === 'string' ? stock.kernelFunc(args as never) : fn(args)));
  replace('Slice', ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, attrs!.begin as number[], attrs!.size as number[]);
    return sliceInfo(backend as WasmBackendLike, x, begin, size);
  });
  replace('SplitV', ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const axis = tf.util.parseAxisParam(attrs!.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo as tf.Tensor, attrs!.numOrSizeSplits as number[] | number, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const out = sliceInfo(backend as WasmBackendLike, x, begin.slice(), size);
      begin[axis] += s;
      return out;
    });
  });
  overrideWasmKernel('GatherV2', (stock) => (args) => gatherRows(args) ?? stock.kernelFunc(args as never));
  replace('Unpack', ({ inputs, attrs, backend }) => {
    const value = inputs.value;
    let axis = attrs!.axis as number;
    if (axis < 0) axis += value.shape.length;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const size = value.shape.slice();
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] }, (_, i) => {
      const begin = new Array<number>(value.shape.length).fill(0);
      begin[axis] = i;
      const { dataId, dtype } = sliceInfo(backend as WasmBackendLike, value, begin, size);
      return { dataId, dtype, shape: outShape };
    });
  });
}
