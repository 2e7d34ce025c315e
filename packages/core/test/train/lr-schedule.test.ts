import { warmupLearningRate } from '@dfp/core';

describe('warmupLearningRate', () => {
  it('should ramp linearly over the warm-up then stay constant (DF: lr·min(1, (step+1)/warmup))', () => {
    expect(warmupLearningRate(2e-4, 100, 0)).toBeCloseTo(2e-6, 15);
    expect(warmupLearningRate(2e-4, 100, 49)).toBeCloseTo(1e-4, 15);
    expect(warmupLearningRate(2e-4, 100, 99)).toBe(2e-4);
    expect(warmupLearningRate(2e-4, 100, 5000)).toBe(2e-4);
    expect(warmupLearningRate(1e-3, 0, 0)).toBe(1e-3);
  });
});
