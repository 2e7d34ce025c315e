import { initBackend, tf } from '@dfp/core';
import fc from 'fast-check';
import { checkMcgSamples, mcgMean, mcgReduce } from '../../src/guidance/monte-carlo-guidance';

describe('mcgMean', () => {
  it('should average each batch element over the R samples (sample-major layout)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (R, B, seed) => {
        const v = Array.from({ length: R * B }, (_, i) => Math.sin(seed + i * 1.7));
        const m = mcgMean(v, R);
        for (let b = 0; b < B; b++) {
          let s = 0;
          for (let r = 0; r < R; r++) s += v[r * B + b];
          expect(m[b]).toBeCloseTo(s / R, 12);
        }
      }),
    );
  });

  it('should be the identity with R = 1 (MCG off)', () => {
    expect(Array.from(mcgMean([1, 2, 3], 1))).toEqual([1, 2, 3]);
  });

  it('should reject R < 1 and values that do not split into R samples', () => {
    expect(() => checkMcgSamples(0)).toThrow(/mcgSamples must be an integer >= 1 \(1 = Monte Carlo Guidance off\), received 0/);
    expect(() => mcgMean([1, 2, 3], 2)).toThrow(/do not split into 2 samples/);
  });
});

describe('mcgReduce', () => {
  beforeAll(() => initBackend('wasm'));

  it('should give the mean of the per-sample gradients (and the plain gradient with R = 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1000 }), (R, B, seed) => {
        tf.tidy(() => {
          // x [B, 3] -> R different nonlinear "x0 estimates" s_r(x) -> per-trajectory objective J(s) = Σ sin(s)·c
          const x = tf.randomNormal([B, 3], 0, 1, 'float32', seed);
          const maps = Array.from({ length: R }, (_, r) => tf.randomNormal([3, 3], 0, 1, 'float32', seed + 1 + r));
          const c = tf.tensor1d([0.5, -1, 2]);
          const J = (s: tf.Tensor): tf.Tensor1D => tf.sum(tf.mul(tf.sin(s), c), 1) as tf.Tensor1D;
          const sampleOf = (xi: tf.Tensor, r: number): tf.Tensor => tf.tanh(tf.matMul(xi as tf.Tensor2D, maps[r]));
          const gMcg = tf.grad((xi: tf.Tensor) => mcgReduce(J(tf.concat(maps.map((_, r) => sampleOf(xi, r)), 0)), R))(x);
          const perSample = maps.map((_, r) => tf.grad((xi: tf.Tensor) => tf.sum(J(sampleOf(xi, r))))(x));
          const mean = tf.div(tf.addN(perSample), R);
          expect(tf.max(tf.abs(tf.sub(gMcg, mean))).dataSync()[0]).toBeLessThan(1e-5);
          if (R === 1) expect(tf.max(tf.abs(tf.sub(gMcg, perSample[0]))).dataSync()[0]).toBe(0);
        });
      }),
      { numRuns: 40 },
    );
  });
});
