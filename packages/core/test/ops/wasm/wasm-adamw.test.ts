import * as fc from 'fast-check';
import { initBackend, tf } from '@dfp/core';
import { adamwUpdate, type AdamWStep } from '../../../src/ops/adamw-kernel';
import { useWasmGemm } from '../../../src/ops/wasm/wasm-kernels';

beforeAll(() => initBackend('wasm'));
afterAll(() => useWasmGemm('auto'));

/** float64 AdamW update of plain arrays (the formula of `ops/adamw-kernel.ts`). */
function reference(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep) {
  const m1 = m.map((mi, i) => s.beta1 * mi + (1 - s.beta1) * g[i]);
  const v1 = v.map((vi, i) => s.beta2 * vi + (1 - s.beta2) * g[i] * g[i]);
  return { p1: p.map((pi, i) => pi * s.decay - (s.stepSize * m1[i]) / (Math.sqrt(v1[i]) / s.c2 + s.eps)), m1, v1 };
}

const cases = fc.record({
  n: fc.integer({ min: 0, max: 21 }), // the 4-wide loop and every scalar tail
  seed: fc.integer({ min: 0, max: 10_000 }),
  t: fc.integer({ min: 1, max: 5000 }), // step count (bias corrections)
  lr: fc.double({ min: 1e-6, max: 1e-2, noNaN: true }),
});

describe.each(['fma', 'simd'] as const)("dfp wasm module's AdamW, %s build", (build) => {
  beforeAll(() => expect(useWasmGemm(build)).toBe(build));

  it('should equal the float64 update of θ, m and v for any length, step and learning rate', () => {
    fc.assert(
      fc.property(cases, ({ n, seed, t, lr }) => {
        const step: AdamWStep = { beta1: 0.9, beta2: 0.999, eps: 1e-8, decay: 1 - lr * 1e-4, stepSize: lr / (1 - 0.9 ** t), c2: Math.sqrt(1 - 0.999 ** t) };
        const arrays = tf.tidy(() => [
          tf.randomNormal([n], 0, 1, 'float32', seed),
          tf.randomNormal([n], 0, 0.1, 'float32', seed + 1),
          tf.randomNormal([n], 0, 0.01, 'float32', seed + 2),
          tf.randomUniform([n], 0, 1e-3, 'float32', seed + 3),
        ].map((x) => x.dataSync() as Float32Array));
        const before = tf.memory().numTensors;
        const got = tf.tidy(() => {
          const [p, g, m, v] = arrays.map((a) => tf.tensor1d(a));
          return adamwUpdate(p, g, m, v, step).map((x) => x.dataSync() as Float32Array);
        });
        expect(tf.memory().numTensors).toBe(before);
        const want = reference(arrays[0], arrays[1], arrays[2], arrays[3], step);
        [want.p1, want.m1, want.v1].forEach((w, j) => {
          expect(got[j].length).toBe(n);
          w.forEach((x, i) => expect(Math.abs(got[j][i] - x)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(x))));
        });
      }),
      { numRuns: 60 },
    );
  });
});
