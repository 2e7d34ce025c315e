import { NoiseSchedule } from '@dfp/core';
import { ddimTimes, stepCoefficients } from '../../src/ddim-step';
import { guidanceCoefficient } from '../../src/guidance/guidance-coefficient';

const alphaBar = new NoiseSchedule('linear', 1000).alphaBar;

describe('guidanceCoefficient', () => {
  it('should match the λ table of the research doc (linear schedule, K = 1000, S = 50)', () => {
    const times = ddimTimes(1000, 50);
    const lambda = (k: number): number => {
      const i = times.indexOf(k);
      return guidanceCoefficient(alphaBar[k], alphaBar[times[i + 1]]);
    };
    expect(lambda(999)).toBeCloseTo(1e-5, 5);
    expect(lambda(799) / 2.9e-4).toBeCloseTo(1, 1);
    expect(lambda(499) / 8.6e-3).toBeCloseTo(1, 1);
    expect(lambda(199) / 2.8e-2).toBeCloseTo(1, 1);
    expect(lambda(39) / 8.8e-3).toBeCloseTo(1, 1);
  });

  it("should equal the paper's (1-ᾱ_k) - √(1-ᾱ_next)√(1-ᾱ_k) with sigma = 0", () => {
    const a = alphaBar[500];
    const an = alphaBar[480];
    expect(guidanceCoefficient(a, an)).toBeCloseTo(1 - a - Math.sqrt(1 - an) * Math.sqrt(1 - a), 15);
  });

  it('should be 0 on the last step (clean tokens are never guided)', () => {
    expect(guidanceCoefficient(alphaBar[19], null)).toBe(0);
    expect(stepCoefficients({ alphaBar, objective: 'x0', k: 19, kNext: -1 }).guidance).toBe(0);
  });

  it('should reject values outside (0, 1]', () => {
    expect(() => guidanceCoefficient(0, 0.5)).toThrow(/alphaBarK must be in \(0, 1\], received 0/);
    expect(() => guidanceCoefficient(0.5, 1.5)).toThrow(/alphaBarNext/);
    expect(() => guidanceCoefficient(0.5, 0.6, -1)).toThrow(/sigma/);
  });
});
