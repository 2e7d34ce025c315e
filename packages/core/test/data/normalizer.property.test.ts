import fc from 'fast-check';
import { Normalizer } from '@dfp/core';

const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
/** A frame size, a normalizer for it and a few frames of values. */
const normalizerCase = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 })).chain(([dim, frames]) =>
  fc.record({
    mean: fc.array(finite, { minLength: dim, maxLength: dim }),
    std: fc.array(fc.double({ min: 1e-2, max: 1e2, noNaN: true }), { minLength: dim, maxLength: dim }),
    values: fc.array(finite, { minLength: dim * frames, maxLength: dim * frames }),
  }),
);

describe('Normalizer (properties)', () => {
  it('should make unnormalize(normalize(v)) = v', () => {
    fc.assert(
      fc.property(normalizerCase, ({ mean, std, values }) => {
        const n = new Normalizer(mean, std);
        const back = n.unnormalize(n.normalize(values));
        return back.every((v, i) => Math.abs(v - values[i]) <= 1e-3 * (1 + Math.abs(values[i])));
      }),
    );
  });

  it('should map the mean to 0 and mean + std to 1', () => {
    fc.assert(
      fc.property(normalizerCase, ({ mean, std }) => {
        const n = new Normalizer(mean, std);
        const zero = n.normalize(n.mean);
        const one = n.normalize(mean.map((m, i) => m + n.std[i]));
        // float32 rounding of mean + std costs up to ~1e-7·|mean|/std
        const tol = (i: number) => 1e-5 + (1e-6 * (1 + Math.abs(mean[i]))) / n.std[i];
        return zero.every((v) => Math.abs(v) < 1e-5) && one.every((v, i) => Math.abs(v - 1) < tol(i));
      }),
    );
  });
});
