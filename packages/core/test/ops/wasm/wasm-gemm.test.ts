import * as fc from 'fast-check';
import { DfpArgumentError, activeWasmGemm, initBackend, tf } from '@dfp/core';
import { raw } from '../../../src/ops/raw-ops';
import { resolveWasmGemm, useWasmGemm, wasmModuleReady } from '../../../src/ops/wasm/wasm-kernels';

beforeAll(() => initBackend('wasm'));
afterAll(() => useWasmGemm('auto'));

/** float64 reference of `a·b (+ bias)` for row-major `[m, k]`, `[k, n]`. */
function reference(a: Float32Array, b: Float32Array, bias: Float32Array | null, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

function expectClose(got: Float32Array | ArrayLike<number>, want: ArrayLike<number>, k: number): void {
  expect(got.length).toBe(want.length);
  const tol = 1e-5 * Math.max(1, k); // float32 sums of k products of numbers in [-1, 1]
  for (let i = 0; i < want.length; i++) if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`element ${i}: ${got[i]} vs ${want[i]}`);
}

const dims = fc.record({
  m: fc.integer({ min: 0, max: 23 }),
  k: fc.integer({ min: 0, max: 19 }),
  n: fc.integer({ min: 0, max: 27 }), // every column path: 8-wide, 4-wide and scalar tails
  bias: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe.each(['fma', 'simd'] as const)('dfp GEMM on wasm, %s build', (build) => {
  beforeAll(() => expect(useWasmGemm(build)).toBe(build));

  it('should equal a float64 reference for any shape, with and without bias (matMul and fused matMul)', () => {
    fc.assert(
      fc.property(dims, ({ m, k, n, bias, seed }) => {
        tf.tidy(() => {
          const a = tf.randomUniform([m, k], -1, 1, 'float32', seed);
          const b = tf.randomUniform([k, n], -1, 1, 'float32', seed + 1);
          const bb = tf.randomUniform([n], -1, 1, 'float32', seed + 2);
          const y = bias ? tf.fused.matMul({ a, b, bias: bb }) : tf.matMul(a, b);
          expect(y.shape).toEqual([m, n]);
          expectClose(y.dataSync() as Float32Array, reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, bias ? (bb.dataSync() as Float32Array) : null, m, k, n), k);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('should compute (add + a·b) ⊙ mul in one DfpMatMul call for any shape, K cut in chunks included, like the float64 formula', () => {
    expect(wasmModuleReady()).toBe(true);
    const shapes = fc.record({
      m: fc.integer({ min: 0, max: 13 }),
      k: fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 250, max: 530 })), // 530: three K chunks of 256
      n: fc.integer({ min: 0, max: 27 }),
      add: fc.boolean(),
      mul: fc.boolean(),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(shapes, ({ m, k, n, add, mul, seed }) => {
        tf.tidy(() => {
          const a = tf.randomUniform([1, m, k], -1, 1, 'float32', seed) as tf.Tensor3D;
          const b = tf.randomUniform([1, k, n], -1, 1, 'float32', seed + 1) as tf.Tensor3D;
          const e = add ? (tf.randomUniform([1, m, n], -1, 1, 'float32', seed + 2) as tf.Tensor3D) : null;
          const d = mul ? (tf.randomUniform([1, m, n], -1, 1, 'float32', seed + 3) as tf.Tensor3D) : null;
          const y = raw.matMulAddMul(a, b, e, d);
          expect(y.shape).toEqual([1, m, n]);
          const want = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, null, m, k, n);
          const [ev, dv] = [e?.dataSync(), d?.dataSync()];
          for (let i = 0; i < want.length; i++) want[i] = (want[i] + (ev ? ev[i] : 0)) * (dv ? dv[i] : 1);
          expectClose(y.dataSync() as Float32Array, want, k);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('should run the epilogue as one kernel, and as matMul + add + multiply without the module, with the same values', async () => {
    const [a, b, e, d] = ([[1, 9, 300], [1, 300, 21], [1, 9, 21], [1, 9, 21]] as [number, number, number][]).map((s, i) => tf.randomUniform(s, -1, 1, 'float32', i) as tf.Tensor3D);
    const kernels = async () => {
      let y: tf.Tensor | null = null;
      const info = await tf.profile(() => (y = raw.matMulAddMul(a, b, e, d)));
      const values = y!.dataSync();
      tf.dispose(y!);
      return { names: info.kernels.map((x) => x.name), values };
    };
    const fused = await kernels();
    expect(fused.names).toEqual(['DfpMatMul']);
    useWasmGemm('off');
    expect(wasmModuleReady()).toBe(false);
    const plain = await kernels();
    useWasmGemm(build);
    expect(plain.names).toEqual(['BatchMatMul', 'Add', 'Multiply']);
    expectClose(fused.values, plain.values, 300);
    tf.dispose([a, b, e, d]);
  });

  it('should multiply batched and batch-broadcast operands like the stock kernel', () => {
    tf.tidy(() => {
      const a = tf.randomUniform([3, 5, 7], -1, 1, 'float32', 1);
      const b = tf.randomUniform([3, 7, 9], -1, 1, 'float32', 2);
      const b1 = tf.randomUniform([1, 7, 9], -1, 1, 'float32', 3);
      const run = () => [tf.matMul(a, b), tf.matMul(a, b1), tf.matMul(b1.transpose([0, 2, 1]), a.transpose([0, 2, 1]))].map((t) => t.arraySync());
      const ours = run();
      useWasmGemm('off');
      const stock = run();
      useWasmGemm(build);
      expectClose(ours.flat(3) as number[], stock.flat(3) as number[], 7);
    });
  });

  it('should add the bias to every batch of a batched fused matMul (the stock wasm kernel gets batch > 1 wrong)', () => {
    tf.tidy(() => {
      const a = tf.randomUniform([3, 5, 7], -1, 1, 'float32', 1);
      const b = tf.randomUniform([3, 7, 9], -1, 1, 'float32', 2);
      const bias = tf.randomUniform([9], -1, 1, 'float32', 4);
      const want = tf.add(tf.matMul(a, b), bias).dataSync();
      expectClose(tf.fused.matMul({ a, b, bias }).dataSync(), want, 7);
      useWasmGemm('off');
      const stock = tf.fused.matMul({ a, b, bias }).dataSync();
      useWasmGemm(build);
      expect(Math.max(...stock.map((v, i) => Math.abs(v - want[i])))).toBeGreaterThan(1e-3); // if tfjs fixes it, drop this line
    });
  });

  it('should leave transposed products and fused activations to the stock kernel, with the same results', () => {
    tf.tidy(() => {
      const a = tf.randomUniform([6, 5], -1, 1, 'float32', 5);
      const b = tf.randomUniform([9, 5], -1, 1, 'float32', 6);
      const bias = tf.randomUniform([9], -1, 1, 'float32', 7);
      const run = () => [tf.matMul(a, b, false, true), tf.fused.matMul({ a, b, transposeB: true, bias, activation: 'relu' })].map((t) => t.arraySync());
      const ours = run();
      useWasmGemm('off');
      const stock = run();
      useWasmGemm(build);
      expect(ours).toEqual(stock);
    });
  });

  it('should not leak tensors or heap bytes', () => {
    const a = tf.randomUniform([33, 20]);
    const b = tf.randomUniform([20, 12]);
    tf.matMul(a, b).dispose();
    const before = tf.memory();
    for (let i = 0; i < 20; i++) tf.tidy(() => void tf.matMul(a, b).add(1));
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([a, b]);
  });
});

describe('DFP_WASM_GEMM', () => {
  it('should reject an unknown value, naming the variable, the allowed values and what was received', () => {
    expect(() => resolveWasmGemm('fast')).toThrow(DfpArgumentError);
    expect(() => resolveWasmGemm('fast')).toThrow(/DFP_WASM_GEMM.*"fast".*auto, fma, simd, off/);
  });

  it('should be read by initBackend: off restores the stock kernels, simd picks that build, auto the fma build where it runs', async () => {
    await initBackend('wasm', { DFP_WASM_GEMM: 'off' });
    expect(activeWasmGemm()).toBeNull();
    await initBackend('wasm', { DFP_WASM_GEMM: 'simd' });
    expect(activeWasmGemm()).toBe('simd');
    await initBackend('wasm', {});
    expect(activeWasmGemm()).toBe('fma'); // Node 20 with the runtime V8 flag, or Node >= 22
  });
});
