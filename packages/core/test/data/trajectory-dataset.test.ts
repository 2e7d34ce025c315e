import { trajectoryDataset } from '@dfp/core';

describe('trajectoryDataset', () => {
  it('should infer the length and keep Float32Array inputs without copying', () => {
    const observations = new Float32Array(12);
    const d = trajectoryDataset({ observations, actions: new Float32Array(6), obsDim: 4, actDim: 2 });
    expect(d.length).toBe(3);
    expect(d.observations).toBe(observations);
    expect(d.episodeEnds).toBeUndefined();
  });

  it('should derive episode ends from terminals and timeouts', () => {
    const d = trajectoryDataset({ observations: [0, 1, 2, 3], actions: [0, 0, 0, 0], obsDim: 1, actDim: 1, terminals: [0, 1, 0, 0], timeouts: [0, 0, 0, 1] });
    expect(Array.from(d.episodeEnds!)).toEqual([0, 1, 0, 1]);
  });

  it('should reject mismatched lengths, NaN and bad dims with clear messages', () => {
    expect(() => trajectoryDataset({ observations: new Float32Array(12), actions: new Float32Array(5), obsDim: 4, actDim: 2 })).toThrow(/actions .* has 5 values, expected 6/);
    expect(() => trajectoryDataset({ observations: [1, Number.NaN, 3, 4], actions: [0, 0], obsDim: 2, actDim: 1 })).toThrow(/observations has a non-finite value NaN at index 1/);
    expect(() => trajectoryDataset({ observations: new Float32Array(10), actions: new Float32Array(6), obsDim: 4, actDim: 2 })).toThrow(/N·obsDim/);
    expect(() => trajectoryDataset({ observations: [1, 2], actions: [0, 0], obsDim: 1.5, actDim: 1 })).toThrow(/obsDim must be a positive integer/);
    expect(() => trajectoryDataset({ observations: [1, 2], actions: [0, 0], obsDim: 1, actDim: 1, rewards: [1] })).toThrow(/rewards has 1 values, expected 2/);
    expect(() => trajectoryDataset({ observations: [1, 2], actions: [0, 0], obsDim: 1, actDim: 1, timeouts: [1] })).toThrow(/episode flags/);
  });
});
