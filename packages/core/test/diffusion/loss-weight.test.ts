import { NoiseSchedule, lossWeight, lossWeightTable } from '@dfp/core';

describe('lossWeight', () => {
  it('should be constant (scale, default 1) for the constant weighting', () => {
    expect(lossWeight({ kind: 'constant' }, 'x0', 0.01)).toBe(1);
    expect(lossWeight({ kind: 'constant', scale: 25 }, 'eps', 100)).toBe(25);
  });

  it('should clip the SNR at γ for x0 and express it for eps and v (Min-SNR-γ)', () => {
    const w = { kind: 'min-snr', gamma: 5 } as const;
    expect(lossWeight(w, 'x0', 2)).toBe(2);
    expect(lossWeight(w, 'x0', 50)).toBe(5);
    expect(lossWeight(w, 'eps', 50)).toBeCloseTo(0.1, 12);
    expect(lossWeight(w, 'eps', 2)).toBe(1);
    expect(lossWeight(w, 'v', 50)).toBeCloseTo(5 / 51, 12);
  });

  it('should default γ to 5 and reject γ <= 0', () => {
    expect(lossWeight({ kind: 'min-snr' }, 'x0', 100)).toBe(5);
    expect(() => lossWeight({ kind: 'min-snr', gamma: 0 }, 'x0', 1)).toThrow(/gamma must be > 0/);
  });
});

describe('lossWeightTable', () => {
  it('should tabulate the weight of every level', () => {
    const s = new NoiseSchedule('linear', 20);
    const t = lossWeightTable({ kind: 'min-snr', gamma: 5 }, 'x0', s.alphaBar);
    expect(t.length).toBe(20);
    expect(t[0]).toBe(5);
    expect(t[19]).toBeCloseTo(s.snr(19), 12);
  });
});
