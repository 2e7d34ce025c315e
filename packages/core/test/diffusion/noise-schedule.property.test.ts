import fc from 'fast-check';
import { NoiseSchedule, type BetaScheduleKind } from '@dfp/core';

describe('NoiseSchedule (properties)', () => {
  it('should have ᾱ strictly decreasing inside (0, 1) for every kind and K', () => {
    fc.assert(
      fc.property(fc.constantFrom<BetaScheduleKind>('linear', 'cosine', 'sigmoid'), fc.integer({ min: 2, max: 3000 }), (kind, K) => {
        const { alphaBar, betas } = new NoiseSchedule(kind, K);
        expect(alphaBar.length).toBe(K);
        for (let k = 0; k < K; k++) {
          if (!(alphaBar[k] > 0 && alphaBar[k] < 1)) return false;
          if (!(betas[k] > 0 && betas[k] < 1)) return false;
          if (k > 0 && !(alphaBar[k] < alphaBar[k - 1])) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
