import { Rng } from '@dfp/envs';
import { sampleNoiseLevels } from '@dfp/core';

describe('sampleNoiseLevels', () => {
  it('should give every token its own level in [0, K-1] (per-token)', () => {
    const k = sampleNoiseLevels(new Rng(1), 50, 20, 7, 'per-token');
    expect(Math.min(...k)).toBe(0);
    expect(Math.max(...k)).toBe(6);
    let differing = 0;
    for (let b = 0; b < 50; b++) if (new Set(k.subarray(b * 20, b * 20 + 20)).size > 1) differing++;
    expect(differing).toBe(50);
  });

  it('should share one level across the tokens of a sequence (shared)', () => {
    const k = sampleNoiseLevels(new Rng(1), 30, 10, 1000, 'shared');
    for (let b = 0; b < 30; b++) expect(new Set(k.subarray(b * 10, b * 10 + 10)).size).toBe(1);
    expect(new Set(k).size).toBeGreaterThan(20);
  });

  it('should be uniform over the levels', () => {
    const counts = new Array(4).fill(0);
    for (const v of sampleNoiseLevels(new Rng(2), 400, 100, 4)) counts[v]++;
    for (const c of counts) expect(Math.abs(c / 40000 - 0.25)).toBeLessThan(0.01);
  });

  it('should be deterministic given the generator state', () => {
    expect(sampleNoiseLevels(new Rng(5), 3, 4, 100)).toEqual(sampleNoiseLevels(new Rng(5), 3, 4, 100));
  });

  it('should reject a bad mode or output size', () => {
    expect(() => sampleNoiseLevels(new Rng(1), 2, 2, 10, 'per-token', new Int32Array(3))).toThrow(/expected batch·tokens = 4/);
    expect(() => sampleNoiseLevels(new Rng(1), 2, 2, 10, 'all' as 'shared')).toThrow(/mode must be/);
  });
});
