import fc from 'fast-check';
import { autoregressiveMatrix, fullSequenceMatrix, pyramidMatrix, validateSchedulingMatrix } from '../src/schedule';

const sizes = fc.record({ horizon: fc.integer({ min: 1, max: 12 }), samplingSteps: fc.integer({ min: 1, max: 12 }) });

describe('pyramidMatrix', () => {
  it('should be non-decreasing per token and end with every token fully denoised', () => {
    fc.assert(
      fc.property(sizes, fc.double({ min: 0, max: 15, noNaN: true }), ({ horizon, samplingSteps }, u) => {
        const m = pyramidMatrix(horizon, samplingSteps, u);
        for (let t = 0; t < horizon; t++) {
          for (let r = 1; r < m.length; r++) if (m[r][t] < m[r - 1][t]) return false;
          if (m[m.length - 1][t] < samplingSteps - 1) return false;
        }
        return true;
      }),
    );
  });

  it('should pass validateSchedulingMatrix for any uncertainty scale', () => {
    fc.assert(
      fc.property(sizes, fc.double({ min: 0, max: 15, noNaN: true }), ({ horizon, samplingSteps }, u) => {
        validateSchedulingMatrix(pyramidMatrix(horizon, samplingSteps, u), samplingSteps, horizon);
      }),
    );
  });

  it('should keep the far future at least as noisy as the near future in every row', () => {
    fc.assert(
      fc.property(sizes, fc.double({ min: 0, max: 15, noNaN: true }), ({ horizon, samplingSteps }, u) =>
        pyramidMatrix(horizon, samplingSteps, u).every((row) => row.every((p, t) => t === 0 || p <= row[t - 1])),
      ),
    );
  });

  it('should equal full-sequence at u = 0 and autoregressive at u = S (the two limits)', () => {
    fc.assert(
      fc.property(sizes, ({ horizon, samplingSteps }) => {
        expect(pyramidMatrix(horizon, samplingSteps, 0)).toEqual(fullSequenceMatrix(horizon, samplingSteps));
        expect(pyramidMatrix(horizon, samplingSteps, samplingSteps)).toEqual(autoregressiveMatrix(horizon, samplingSteps));
      }),
    );
  });

  it('should denoise at most one token at a time in autoregressive mode', () => {
    fc.assert(
      fc.property(sizes, ({ horizon, samplingSteps }) =>
        autoregressiveMatrix(horizon, samplingSteps).every((row) => row.filter((p) => p >= 0 && p < samplingSteps).length <= 1),
      ),
    );
  });
});
