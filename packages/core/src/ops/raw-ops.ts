import * as tf from '@tensorflow/tfjs';
import { wasmModuleReady } from './wasm/wasm-kernels';

/**
 * Thin calls of tfjs kernels for hand-written passes: `tf.engine().runKernel` directly, without the op layer
 * (which opens a scope, converts and checks its arguments on every call: ~7 µs per op against ~4.5 µs here for
 * a `[1, 256]` multiply on wasm). The caller guarantees float32 inputs of compatible shapes; results are ordinary
 * tracked tensors (tidy and dispose work as usual). No gradient is recorded unless a tape is on, so use these only
 * inside custom gradients or without a tape.
 */
const run = <T extends tf.Tensor>(name: string, inputs: Record<string, tf.Tensor> | tf.Tensor[], attrs: tf.NamedAttrMap = {}): T =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as T;

export const raw = {
  add: <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run<T>('Add', { a, b }),
  sub: <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run<T>('Sub', { a, b }),
  mul: <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run<T>('Multiply', { a, b }),
  sigmoid: <T extends tf.Tensor>(x: T): T => run<T>('Sigmoid', { x }),
  /** Batched `[b, m, k]·[b, k, n]` (batch 1 and no transpose: the XNNPACK path on wasm). */
  matMul: (a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D => run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }),
  /** `a·b + bias` in one kernel; `a [1, m, k]`, `b [1, k, n]`, `bias [n]`. */
  affine: (a: tf.Tensor3D, b: tf.Tensor3D, bias: tf.Tensor1D): tf.Tensor3D =>
    run('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0 }),
  /**
   * `(add + a·b) ⊙ mul` (`add`, `mul` optional, of the product's shape): one GEMM with its epilogue where dfp's
   * wasm module runs (`DfpMatMul`), else up to three kernels. Same batching rules as {@link raw.matMul}.
   */
  matMulAddMul: (a: tf.Tensor3D, b: tf.Tensor3D, add: tf.Tensor3D | null, mul: tf.Tensor3D | null): tf.Tensor3D => {
    if (wasmModuleReady()) {
      const inputs: Record<string, tf.Tensor> = { a, b };
      if (add) inputs.add = add;
      if (mul) inputs.mul = mul;
      return run('DfpMatMul', inputs);
    }
    const ab = raw.matMul(a, b);
    const sum = add ? raw.add(add, ab) : ab;
    return mul ? raw.mul(sum, mul) : sum;
  },
  split: <T extends tf.Tensor>(x: T, sizes: number[], axis: number): T[] => run<T>('SplitV', { x }, { numOrSizeSplits: sizes, axis }) as unknown as T[],
  concat: <T extends tf.Tensor>(xs: T[], axis: number): T => (xs.length === 1 ? xs[0] : run<T>('Concat', xs, { axis })),
  reshape: <T extends tf.Tensor>(x: tf.Tensor, shape: number[]): T => run<T>('Reshape', { x }, { shape }),
  transpose: <T extends tf.Tensor>(x: T, perm: number[]): T => run<T>('Transpose', { x }, { perm }),
};
