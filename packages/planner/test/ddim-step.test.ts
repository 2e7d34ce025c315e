import { NoiseSchedule } from '@dfp/core';
import { ddimTimes, qSampleCoefficients, stepCoefficients, x0Coefficients } from '../src/ddim-step';

const alphaBar = new NoiseSchedule('linear', 1000).alphaBar;

describe('ddimTimes', () => {
  it('should reproduce the reference grid 999, 979, ..., 19, -1 for K = 1000, S = 50', () => {
    const t = ddimTimes(1000, 50);
    expect(t.length).toBe(51);
    expect(t[0]).toBe(999);
    expect(t[1]).toBe(979);
    expect(t[49]).toBe(19);
    expect(t[50]).toBe(-1);
  });

  it('should truncate toward zero like int() for grids that do not divide evenly', () => {
    // linspace(-1, 9, 4) = -1, 2.333, 5.667, 9 -> reversed, truncated: 9, 5, 2, -1
    expect(Array.from(ddimTimes(10, 3))).toEqual([9, 5, 2, -1]);
  });

  it('should give every level once when S = K', () => {
    expect(Array.from(ddimTimes(4, 4))).toEqual([3, 2, 1, 0, -1]);
  });

  it('should reject S > K and non-integers', () => {
    expect(() => ddimTimes(10, 11)).toThrow(/samplingSteps must be an integer in \[1, K=10\], received 11/);
    expect(() => ddimTimes(1.5, 1)).toThrow(/K must be an integer/);
  });
});

describe('stepCoefficients', () => {
  it('should return x0Hat unchanged on the last step with no noise and no guidance', () => {
    const c = stepCoefficients({ alphaBar, objective: 'x0', k: 19, kNext: -1 });
    expect(c).toEqual({ x0FromX: 0, x0FromOut: 1, nextFromX: 0, nextFromOut: 1, sigma: 0, guidance: 0 });
  });

  it('should follow the literal DDIM formulas of the reference code for every objective', () => {
    for (const objective of ['x0', 'eps', 'v'] as const) {
      for (const [k, kn] of [[999, 979], [499, 479], [39, 19]]) {
        const x = 0.7;
        const out = -0.4;
        const a = alphaBar[k];
        const an = alphaBar[kn];
        // Literal: x0Hat from the objective, eps from x0Hat, then DDIM with eta = 0.
        const x0Hat = objective === 'x0' ? out : objective === 'eps' ? (x - Math.sqrt(1 - a) * out) / Math.sqrt(a) : Math.sqrt(a) * x - Math.sqrt(1 - a) * out;
        const eps = (x / Math.sqrt(a) - x0Hat) / Math.sqrt(1 / a - 1);
        const expected = Math.sqrt(an) * x0Hat + Math.sqrt(1 - an) * eps;
        const c = stepCoefficients({ alphaBar, objective, k, kNext: kn });
        expect(c.x0FromX * x + c.x0FromOut * out).toBeCloseTo(x0Hat, 10);
        expect(c.nextFromX * x + c.nextFromOut * out).toBeCloseTo(expected, 10);
        expect(c.sigma).toBe(0);
      }
    }
  });

  it('should add the DDIM eta noise std of the reference code', () => {
    const a = alphaBar[499];
    const an = alphaBar[479];
    const c = stepCoefficients({ alphaBar, objective: 'x0', k: 499, kNext: 479, eta: 0.5 });
    expect(c.sigma).toBeCloseTo(0.5 * Math.sqrt(((1 - a / an) * (1 - an)) / (1 - a)), 12);
  });

  it('should reject levels out of range, a bad sampler and a negative eta', () => {
    expect(() => stepCoefficients({ alphaBar, objective: 'x0', k: 1000, kNext: 10 })).toThrow(/k must be an integer in \[0, 999\]/);
    expect(() => stepCoefficients({ alphaBar, objective: 'x0', k: 10, kNext: 10 })).toThrow(/kNext must be an integer in \[-1, k=10\)/);
    expect(() => stepCoefficients({ alphaBar, objective: 'x0', k: 10, kNext: 5, sampler: 'euler' as 'ddim' })).toThrow(/sampler/);
    expect(() => stepCoefficients({ alphaBar, objective: 'x0', k: 10, kNext: 5, eta: -1 })).toThrow(/eta/);
  });
});

describe('x0Coefficients', () => {
  it('should reject an unknown objective', () => {
    expect(() => x0Coefficients(0.5, 'score' as 'x0')).toThrow(/objective must be/);
  });
});

describe('qSampleCoefficients', () => {
  it('should give unit variance for unit-variance x0 and noise', () => {
    const { fromX0, fromNoise } = qSampleCoefficients(alphaBar[300]);
    expect(fromX0 ** 2 + fromNoise ** 2).toBeCloseTo(1, 12);
  });
});
