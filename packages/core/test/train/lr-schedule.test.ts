import fc from 'fast-check';
import { warmupLearningRate } from '@dfp/core';
import { trainOptionsSchema } from '../../src/io/config-schema';

describe('warmupLearningRate', () => {
  it('should ramp linearly over the warm-up then stay constant (DF: lr·min(1, (step+1)/warmup))', () => {
    expect(warmupLearningRate(2e-4, 100, 0)).toBeCloseTo(2e-6, 15);
    expect(warmupLearningRate(2e-4, 100, 49)).toBeCloseTo(1e-4, 15);
    expect(warmupLearningRate(2e-4, 100, 99)).toBe(2e-4);
    expect(warmupLearningRate(2e-4, 100, 5000)).toBe(2e-4);
    expect(warmupLearningRate(1e-3, 0, 0)).toBe(1e-3);
  });

  it('should decay from lr to finalLr over [fromStep, toStep] and then hold finalLr', () => {
    const linear = { kind: 'linear' as const, fromStep: 1000, toStep: 3000, finalLr: 1e-4 };
    const cosine = { ...linear, kind: 'cosine' as const };
    expect(warmupLearningRate(1e-3, 100, 999, linear)).toBe(1e-3);
    expect(warmupLearningRate(1e-3, 100, 2000, linear)).toBeCloseTo(5.5e-4, 12);
    expect(warmupLearningRate(1e-3, 100, 2000, cosine)).toBeCloseTo(5.5e-4, 12); // cosine midpoint = linear midpoint
    expect(warmupLearningRate(1e-3, 100, 1500, cosine)).toBeGreaterThan(warmupLearningRate(1e-3, 100, 1500, linear));
    expect(warmupLearningRate(1e-3, 100, 3000, cosine)).toBeCloseTo(1e-4, 12);
    expect(warmupLearningRate(1e-3, 100, 9000, linear)).toBe(1e-4);
  });

  it('should be monotone non-increasing after warm-up and stay within [finalLr, lr] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.constantFrom('linear' as const, 'cosine' as const), fc.integer({ min: 0, max: 2000 }), (from, len, kind, step) => {
        const decay = { kind, fromStep: from, toStep: from + len, finalLr: 1e-5 };
        const a = warmupLearningRate(1e-3, 0, step, decay);
        const b = warmupLearningRate(1e-3, 0, step + 1, decay);
        return b <= a + 1e-18 && a <= 1e-3 && a >= 1e-5 - 1e-18;
      }),
    );
  });

  it('should reject a decay window that ends before it starts, in the config', () => {
    const r = trainOptionsSchema.safeParse({ lrDecay: { kind: 'linear', fromStep: 10, toStep: 5, finalLr: 1e-4 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/toStep must be greater than/);
    expect(trainOptionsSchema.parse({}).lrDecay).toBeNull();
  });
});
