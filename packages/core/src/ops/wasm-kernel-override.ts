import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm 4.22's `BackendWasm` that dfp's replacement kernels use. */
export interface WasmBackendLike {
  wasm: { asm?: { memory?: object } };
  dataIdMap: { get(id: tf.DataId): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  disposeData(id: tf.DataId): boolean;
}

/** What tfjs passes to a kernel function. */
export type WasmKernelArgs = { inputs: Record<string, tf.TensorInfo>; attrs?: tf.NamedAttrMap; backend: unknown };

type KernelBody = (args: WasmKernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/**
 * Replaces the wasm backend's kernel `name` by `wrap(stock)`, which may hand calls back to the stock kernel; the
 * stock config's other fields (setup, dispose) are kept. Idempotent: a kernel dfp already replaced is left alone,
 * and so is a kernel that is not registered (backend package not imported).
 */
export function overrideWasmKernel(name: string, wrap: (stock: tf.KernelConfig) => KernelBody): void {
  const stock = tf.getKernel(name, 'wasm');
  if (!stock || (stock.kernelFunc as { dfpFast?: boolean }).dfpFast) return;
  const kernelFunc = Object.assign(wrap(stock), { dfpFast: true });
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: kernelFunc as tf.KernelFunc });
}
