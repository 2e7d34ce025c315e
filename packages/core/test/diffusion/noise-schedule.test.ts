import { Rng } from '@dfp/envs';
import { DfpArgumentError, NoiseSchedule, betaSchedule } from '@dfp/core';

describe('betaSchedule', () => {
  it('should give the DDPM linear betas of the DF code for K = 1000', () => {
    const b = betaSchedule('linear', 1000);
    expect(b[0]).toBeCloseTo(1e-4, 12);
    expect(b[999]).toBeCloseTo(0.02, 12);
  });

  it('should scale the linear betas by 1000/K', () => {
    const b = betaSchedule('linear', 100);
    expect(b[0]).toBeCloseTo(1e-3, 12);
    expect(b[99]).toBeCloseTo(0.2, 12);
  });

  it('should clip the last cosine and sigmoid betas to 0.999', () => {
    expect(betaSchedule('cosine', 1000)[999]).toBe(0.999);
    expect(betaSchedule('sigmoid', 1000)[999]).toBe(0.999);
  });

  it('should reject an unknown kind and a bad K', () => {
    expect(() => betaSchedule('quadratic' as 'linear', 10)).toThrow(/kind must be one of linear, cosine, sigmoid/);
    expect(() => betaSchedule('linear', 1)).toThrow(DfpArgumentError);
    expect(() => betaSchedule('linear', 10.5)).toThrow(/K must be an integer/);
  });
});

describe('NoiseSchedule', () => {
  it('should reproduce the values of the linear schedule quoted in the research notes', () => {
    const s = new NoiseSchedule('linear', 1000);
    expect(s.alphaBar[999]).toBeCloseTo(4.0e-5, 6);
    expect(s.alphaBar[499]).toBeCloseTo(0.0786, 4);
    expect(s.alphaBar[199]).toBeCloseTo(0.659, 3);
    expect(s.alphaBar[19]).toBeCloseTo(0.9942, 4);
  });

  it('should default to linear with K = 1000', () => {
    expect(new NoiseSchedule().toJSON()).toEqual({ kind: 'linear', K: 1000 });
  });

  it('should report the SNR ᾱ/(1-ᾱ)', () => {
    const s = new NoiseSchedule('cosine', 50);
    expect(s.snr(10)).toBeCloseTo(s.alphaBar[10] / (1 - s.alphaBar[10]), 12);
    expect(() => s.snr(50)).toThrow(/integer noise level in \[0, 49\]/);
  });

  describe('qSample', () => {
    const n = 20000;
    const stats = (v: Float32Array) => {
      let m = 0;
      for (const x of v) m += x;
      m /= v.length;
      let s = 0;
      for (const x of v) s += (x - m) ** 2;
      return { mean: m, std: Math.sqrt(s / v.length) };
    };

    it('should stay next to x0 at k = 0 (std √(1-ᾱ_0) = 0.01)', () => {
      const s = new NoiseSchedule('linear', 1000);
      const eps = new Rng(3).fillNormal(new Float32Array(n));
      const x0 = new Float32Array(n).fill(2.5);
      const { mean, std } = stats(s.qSample(x0, eps, 0));
      expect(mean).toBeCloseTo(2.5 * Math.sqrt(s.alphaBar[0]), 3);
      expect(std).toBeCloseTo(Math.sqrt(1 - s.alphaBar[0]), 3);
    });

    it('should be close to N(0, 1) at k = K-1, whatever x0', () => {
      const s = new NoiseSchedule('linear', 1000);
      const eps = new Rng(4).fillNormal(new Float32Array(n));
      const x0 = new Float32Array(n).fill(3);
      const { mean, std } = stats(s.qSample(x0, eps, 999));
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(std - 1)).toBeLessThan(0.02);
    });

    it('should accept one level per element', () => {
      const s = new NoiseSchedule('linear', 10);
      const out = s.qSample([1, 1], [0.5, 0.5], [0, 9]);
      expect(out[0]).toBeCloseTo(Math.sqrt(s.alphaBar[0]) + 0.5 * Math.sqrt(1 - s.alphaBar[0]), 6);
      expect(out[1]).toBeCloseTo(Math.sqrt(s.alphaBar[9]) + 0.5 * Math.sqrt(1 - s.alphaBar[9]), 6);
    });

    it('should reject mismatched lengths and out-of-range levels', () => {
      const s = new NoiseSchedule('linear', 10);
      expect(() => s.qSample([1, 2], [1], 0)).toThrow(/eps has length 1, expected 2/);
      expect(() => s.qSample([1], [1], 10)).toThrow(/integer noise level in \[0, 9\]/);
      expect(() => s.qSample([1, 2], [1, 2], [0, -1])).toThrow(/k\[1\]/);
    });
  });
});
