import * as tf from '@tensorflow/tfjs';

/**
 * Kernels written as plain JS loops over the tensors' memory, registered on the `wasm` and `cpu` backends. Why:
 * a tfjs kernel costs ~4-7 µs of bookkeeping and one pass over memory whatever it computes, so a formula of many
 * element-wise kernels is faster as one loop (the fused RNN kernels, the AdamW update). On other backends the
 * callers run the same math as tfjs ops.
 */

type Arr = Float32Array;
/** Arrays a loop reads and writes. */
export interface LoopIo {
  /** Input arrays (read-only views), in the order of the sorted input names. */
  readonly ins: Arr[];
  /** Output arrays, allocated with the shapes {@link LoopKernel.outShapes} asks for. */
  readonly outs: Arr[];
}

/** A float32 kernel: its output shapes from the input shapes and attributes, and the loop that fills them. */
export interface LoopKernel {
  readonly outShapes: (inShapes: number[][], attrs: tf.NamedAttrMap) => number[][];
  readonly loop: (io: LoopIo, attrs: tf.NamedAttrMap, inShapes: number[][]) => void;
}

interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
}
interface CpuLike {
  data: { get(id: tf.DataId): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

function kernelFor({ outShapes, loop }: LoopKernel, backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const list = Object.keys(inputs).sort().map((k) => (inputs as Record<string, tf.TensorInfo>)[k]);
    const shapes = list.map((t) => t.shape);
    const a = attrs ?? {};
    const out = outShapes(shapes, a);
    if (backendName === 'wasm') {
      const be = backend as unknown as WasmLike;
      const outs = out.map((s) => be.makeOutput(s, 'float32')); // allocate first: it can grow the heap
      loop({ ins: list.map((t) => be.typedArrayFromHeap(t) as Arr), outs: outs.map((t) => be.typedArrayFromHeap(t) as Arr) }, a, shapes);
      return outs;
    }
    const be = backend as unknown as CpuLike;
    const outArrays = out.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
    loop({ ins: list.map((t) => be.data.get(t.dataId).values as Arr), outs: outArrays }, a, shapes);
    return out.map((s, i) => be.makeTensorInfo(s, 'float32', outArrays[i]));
  };
}

/** Registers each named loop kernel on `wasm` and `cpu` (idempotent). */
export function registerLoopKernels(kernels: Record<string, LoopKernel>): void {
  for (const [name, kernel] of Object.entries(kernels)) {
    for (const backendName of ['wasm', 'cpu'] as const) {
      if (!tf.getKernel(name, backendName)) tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFor(kernel, backendName) });
    }
  }
}

/** Whether the current backend has kernel `name` (false on backends without the loop kernels). */
export const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;
