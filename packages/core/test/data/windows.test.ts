import { Rng } from '@dfp/envs';
import { Normalizer, WindowSampler, trajectoryDataset, type TokenLayout } from '@dfp/core';

/** Dataset whose observation at row i is i (1-D) and action 100 + i, so windows are easy to read. */
function countingDataset(n: number, ends?: number[]) {
  const episodeEnds = ends ? Array.from({ length: n }, (_, i) => (ends.includes(i) ? 1 : 0)) : undefined;
  return trajectoryDataset({
    observations: Array.from({ length: n }, (_, i) => i),
    actions: Array.from({ length: n }, (_, i) => 100 + i),
    obsDim: 1, actDim: 1, episodeEnds,
  });
}
const layout: TokenLayout = { obsDim: 1, actDim: 1, rewardDim: 0, frameStack: 2 };
const identity = new Normalizer([0, 0], [1, 1]);

describe('WindowSampler', () => {
  it('should build frames [o_{s+j+1}, a_{s+j}] with o_s as the conditioning observation', () => {
    const s = new WindowSampler(countingDataset(20), layout, identity, { tokens: 2 });
    const batch = s.allocate(1);
    s.fillWindow(batch, 0, 5);
    expect(Array.from(batch.obs0)).toEqual([5]);
    expect(Array.from(batch.x0)).toEqual([6, 105, 7, 106, 8, 107, 9, 108]);
    expect(Array.from(batch.mask)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('should sample every start whose window fits (N - 1 - L + 1 windows)', () => {
    const s = new WindowSampler(countingDataset(20), layout, identity, { tokens: 2 });
    expect(s.numWindows).toBe(16);
    const seen = new Set<number>();
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) for (const st of s.sample(rng, 8).starts) seen.add(st);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(15);
    expect(seen.size).toBe(16);
  });

  it('should pad and mask frames past the end of short data', () => {
    const s = new WindowSampler(countingDataset(3), layout, identity, { tokens: 2 });
    const b = s.sample(new Rng(1), 1);
    expect(Array.from(b.x0)).toEqual([1, 100, 2, 101, 0, 0, 0, 0]);
    expect(Array.from(b.mask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('should keep windows inside episodes when asked, padding short episodes', () => {
    // episodes: rows 0..9 (end at 9), rows 10..12 (end at 12), rows 13..19
    const s = new WindowSampler(countingDataset(20, [9, 12]), layout, identity, { tokens: 2, respectEpisodes: true });
    const b = s.allocate(1);
    s.fillWindow(b, 0, 10);
    expect(Array.from(b.x0)).toEqual([11, 110, 12, 111, 0, 0, 0, 0]);
    expect(Array.from(b.mask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    const starts = new Set<number>();
    const rng = new Rng(2);
    for (let i = 0; i < 100; i++) for (const st of s.sample(rng, 4).starts) starts.add(st);
    // full windows (4 frames) fit at 0..5 and 13..15; the short episode contributes its first row.
    expect([...starts].sort((a, c) => a - c)).toEqual([0, 1, 2, 3, 4, 5, 10, 13, 14, 15]);
  });

  it('should be deterministic given the generator', () => {
    const s = new WindowSampler(countingDataset(50), layout, identity, { tokens: 3 });
    expect(s.sample(new Rng(9), 5).x0).toEqual(s.sample(new Rng(9), 5).x0);
  });

  it('should normalize frames and the conditioning observation', () => {
    const n = new Normalizer([1, 100], [2, 10]);
    const s = new WindowSampler(countingDataset(10), layout, n, { tokens: 1 });
    const b = s.allocate(1);
    s.fillWindow(b, 0, 3);
    expect(Array.from(b.obs0)).toEqual([1]);
    expect(Array.from(b.x0)).toEqual([1.5, 0.3, 2, 0.4].map(Math.fround));
  });

  it('should reject bad arguments with clear messages', () => {
    const d = countingDataset(10);
    expect(() => new WindowSampler(d, { ...layout, obsDim: 2 }, new Normalizer([0, 0, 0], [1, 1, 1]), { tokens: 2 })).toThrow(/obsDim 1, actDim 1 but the layout expects 2, 1/);
    expect(() => new WindowSampler(d, layout, identity, { tokens: 0 })).toThrow(/tokens must be a positive integer/);
    const s = new WindowSampler(d, layout, identity, { tokens: 1 });
    expect(() => s.fillWindow(s.allocate(1), 0, 9)).toThrow(/start must be an integer in \[0, 8\]/);
    expect(() => s.allocate(0)).toThrow(/batchSize/);
  });
});
