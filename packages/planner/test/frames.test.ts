import { normalizeObservations, tokensToTrajectories } from '../src/frames';
import { TINY_LAYOUT } from './helpers/tiny-model';

const NORM = { mean: Float32Array.from([1, -1, 0.5]), std: Float32Array.from([2, 4, 0.5]) };

describe('normalizeObservations', () => {
  it('should normalize with the observation part of the frame normalizer', () => {
    expect(Array.from(normalizeObservations('t', [[3, 3], [1, -1]], TINY_LAYOUT, NORM))).toEqual([1, 1, 0, 0]);
  });

  it('should name the caller and the observation on bad input', () => {
    expect(() => normalizeObservations('plan', [[1, 2], [1]], TINY_LAYOUT, NORM)).toThrow(/plan: observation 1 \(the model's layout has obsDim 2\): expected length 2, received length 1/);
    expect(() => normalizeObservations('plan', [], TINY_LAYOUT, NORM)).toThrow(/non-empty array of observations/);
  });
});

describe('tokensToTrajectories', () => {
  it('should un-normalize and split tokens [B, H, frameStack·frameDim] into per-env frames', () => {
    // B = 1, H = 1, frameStack 2: frames [0, 1, 2] and [1, 0, -2] (normalized)
    const [t] = tokensToTrajectories(Float32Array.from([0, 1, 2, 1, 0, -2]), 1, 1, TINY_LAYOUT, NORM);
    expect(t.tokens).toBe(1);
    expect(t.observations.map((o) => Array.from(o))).toEqual([[1, 3], [3, -1]]);
    expect(t.actions.map((a) => Array.from(a))).toEqual([[1.5], [-0.5]]);
    expect(t.rewards).toBeNull();
  });

  it('should read the reward channel when the layout has one', () => {
    const layout = { ...TINY_LAYOUT, rewardDim: 1 as const, frameStack: 1 };
    const norm = { mean: Float32Array.from([0, 0, 0, 10]), std: Float32Array.from([1, 1, 1, 2]) };
    const [t] = tokensToTrajectories(Float32Array.from([0, 0, 0, 1]), 1, 1, layout, norm);
    expect(Array.from(t.rewards!)).toEqual([12]);
  });

  it('should reject a token array of the wrong size', () => {
    expect(() => tokensToTrajectories(new Float32Array(5), 1, 1, TINY_LAYOUT, NORM)).toThrow(/expected 6 values for \[1, 1, 6\], received 5/);
  });
});
