import * as fc from 'fast-check';
import { initBackend, tf } from '@dfp/core';
import { GELU_A, GELU_C } from '../../../src/ops/activations';
import { geluConstants, geluFused } from '../../../src/ops/fused-kernels';
import { useWasmGemm } from '../../../src/ops/wasm/wasm-kernels';

beforeAll(() => initBackend('wasm'));
afterAll(() => useWasmGemm('auto'));

/** float64 GELU (tanh approximation) of `v` and its derivative. */
function reference(v: number): { y: number; d: number } {
  const s = 1 / (1 + Math.exp(-v * (GELU_C + GELU_A * GELU_C * v * v)));
  return { y: v * s, d: s + v * s * (1 - s) * (GELU_C + 3 * GELU_A * GELU_C * v * v) };
}

/** Runs `geluFused` (the `DfpGelu` kernel on wasm) on plain arrays. */
function runGelu(x: Float32Array, add: Float32Array | null, derivative: boolean): { y: Float32Array; d: Float32Array | null } {
  let out: { y: Float32Array; d: Float32Array | null } = { y: new Float32Array(0), d: null };
  tf.tidy(() => {
    const xt = tf.tensor2d(x, [1, x.length]);
    const r = geluFused(xt, add ? tf.tensor2d(add, [1, add.length]) : null, derivative, geluConstants());
    out = { y: r.y.dataSync() as Float32Array, d: r.d ? (r.d.dataSync() as Float32Array) : null };
  });
  return out;
}

const cases = fc.record({
  n: fc.integer({ min: 1, max: 41 }), // the 4-wide loop and every tail length
  withAdd: fc.boolean(),
  derivative: fc.boolean(),
  seed: fc.integer({ min: 0, max: 10_000 }),
});

describe.each(['fma', 'simd'] as const)("dfp wasm module's GELU, %s build", (build) => {
  beforeAll(() => expect(useWasmGemm(build)).toBe(build));

  it('should equal the float64 formula and its derivative for any length, with and without add', () => {
    fc.assert(
      fc.property(cases, ({ n, withAdd, derivative, seed }) => {
        const x = tf.tidy(() => tf.randomUniform([n], -8, 8, 'float32', seed).dataSync() as Float32Array);
        const add = withAdd ? tf.tidy(() => tf.randomUniform([n], -2, 2, 'float32', seed + 1).dataSync() as Float32Array) : null;
        const { y, d } = runGelu(x, add, derivative);
        expect(y.length).toBe(n);
        expect(d === null).toBe(!derivative);
        for (let i = 0; i < n; i++) {
          const want = reference(Math.fround(x[i] + (add ? add[i] : 0)));
          expect(Math.abs(y[i] - want.y)).toBeLessThan(2e-6);
          if (d) expect(Math.abs(d[i] - want.d)).toBeLessThan(5e-6);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('should be exact at the extremes (y = v, d = 1 for large v; y = d = 0 for very negative v) and keep NaN', () => {
    const x = Float32Array.from([-3e38, -1e30, -1e13, -500, -88, -87, -20, -5, -1e-30, 0, 1e-30, 5, 20, 87, 88, 500, 1e13, 1e30, 3e38]);
    const { y, d } = runGelu(Float32Array.from([...x, NaN]), null, true);
    x.forEach((v, i) => {
      const want = reference(v);
      expect(Math.abs(y[i] - want.y)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
      expect(Math.abs(d![i] - want.d)).toBeLessThan(5e-6);
    });
    expect(Number.isNaN(y[x.length])).toBe(true);
    expect(Number.isNaN(d![x.length])).toBe(true);
  });

  it('should agree with the JS loop it replaces on a training-sized tensor, and not leak', () => {
    const n = 8192;
    const x = tf.tidy(() => tf.randomNormal([n], 0, 3, 'float32', 7).dataSync() as Float32Array);
    const add = tf.tidy(() => tf.randomNormal([n], 0, 1, 'float32', 8).dataSync() as Float32Array);
    const before = tf.memory();
    const ours = runGelu(x, add, true);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    useWasmGemm('off'); // DfpGelu falls back to its JS loop (without the constants' composite path)
    const loop = tf.tidy(() => {
      const r = geluFused(tf.tensor2d(x, [1, n]), tf.tensor2d(add, [1, n]), true);
      return { y: r.y.dataSync(), d: r.d!.dataSync() };
    });
    useWasmGemm(build);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(ours.y[i] - loop.y[i])).toBeLessThan(2e-6);
      expect(Math.abs(ours.d![i] - loop.d[i])).toBeLessThan(5e-6);
    }
  });
});
