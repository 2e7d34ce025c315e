import fc from 'fast-check';
import { DfpArgumentError } from '@dfp/envs';
import { mppiWeights } from '../../src/locomotion';

const returnsArb = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 });
const temperatureArb = fc.double({ min: 0.01, max: 100, noNaN: true });

describe('mppiWeights', () => {
  it('should give non-negative weights that sum to 1', () => {
    fc.assert(
      fc.property(returnsArb, temperatureArb, (R, T) => {
        const w = mppiWeights(R, T);
        return w.every((x) => x >= 0) && Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9;
      }),
    );
  });

  it('should order weights like returns (a higher return never gets less weight)', () => {
    fc.assert(
      fc.property(returnsArb, temperatureArb, (R, T) => {
        const w = mppiWeights(R, T);
        return R.every((ri, i) => R.every((rj, j) => !(ri > rj) || w[i] >= w[j]));
      }),
    );
  });

  it('should not change when a constant is added to every return', () => {
    // Returns on a 0.1 grid: shifting sub-ulp differences (1e-162 + 1e-155) would round them away.
    const gridReturns = fc.array(fc.integer({ min: -10_000, max: 10_000 }).map((i) => i / 10), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(gridReturns, temperatureArb, fc.integer({ min: -1000, max: 1000 }), (R, T, c) => {
        const a = mppiWeights(R, T);
        const b = mppiWeights(R.map((r) => r + c), T);
        return a.every((x, i) => Math.abs(x - b[i]) < 1e-6);
      }),
    );
  });

  it('should approach the arg-max as the temperature goes to 0 and uniform as it grows', () => {
    const R = [1, 5, 2, 4];
    expect(Array.from(mppiWeights(R, 1e-3)).map((w) => Math.round(w * 1e6) / 1e6)).toEqual([0, 1, 0, 0]);
    mppiWeights(R, 1e6).forEach((w) => expect(w).toBeCloseTo(0.25, 5));
  });

  it('should give weight 0 to non-finite returns and uniform weights to equal returns', () => {
    expect(Array.from(mppiWeights([Number.NaN, 3, -Infinity, 3], 1))).toEqual([0, 0.5, 0, 0.5]);
  });

  it('should reject returns without a finite value', () => {
    expect(() => mppiWeights([Number.NaN], 1)).toThrow(DfpArgumentError);
  });
});
