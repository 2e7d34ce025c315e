import { Normalizer, WindowSampler, frameDim } from '@dfp/core';
import { DfpArgumentError, Rng } from '@dfp/envs';
import { trainingTrajectories } from '@dfp/benchmarks';
import type { TransitionArrays } from '@dfp/benchmarks';

/** Transitions of consecutive episodes with obs = [episode, step], next obs = [episode, step + 1], action = step, reward = 10·episode + step. */
function transitions(lengths: readonly number[], endFlag: (episode: number) => 'terminal' | 'timeout' = () => 'terminal'): TransitionArrays {
  const n = lengths.reduce((a, b) => a + b, 0);
  const ds = {
    size: n, obsDim: 2, actDim: 1,
    observations: new Float32Array(2 * n), nextObservations: new Float32Array(2 * n), actions: new Float32Array(n),
    rewards: new Float32Array(n), terminals: new Float32Array(n), timeouts: new Float32Array(n),
  };
  let row = 0;
  lengths.forEach((len, e) => {
    for (let t = 0; t < len; t++, row++) {
      ds.observations.set([e, t], 2 * row);
      ds.nextObservations.set([e, t + 1], 2 * row);
      ds.actions[row] = t;
      ds.rewards[row] = 10 * e + t;
    }
    (endFlag(e) === 'terminal' ? ds.terminals : ds.timeouts)[row - 1] = 1;
  });
  return ds;
}

describe('trainingTrajectories', () => {
  it('should append each episode final next observation as an end row', () => {
    // Act
    const td = trainingTrajectories(transitions([2, 3], (e) => (e === 0 ? 'terminal' : 'timeout')));
    // Assert: rows o00 o01 [o02] o10 o11 o12 [o13], the extra rows flagged as episode ends.
    expect(td.length).toBe(7);
    expect(Array.from(td.observations)).toEqual([0, 0, 0, 1, 0, 2, 1, 0, 1, 1, 1, 2, 1, 3]);
    expect(Array.from(td.episodeEnds!)).toEqual([0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(td.actions)).toEqual([0, 1, 0, 0, 1, 2, 0]);
    expect(Array.from(td.rewards!)).toEqual([0, 1, 0, 10, 11, 12, 0]);
  });

  it('should give windows whose frames are exactly the transitions [o_{t+1}, a_t, r_t], terminal ones included', () => {
    // Arrange: short episodes so that windows of 2 tokens x 2 frames reach the episode ends.
    const ds = transitions([3, 5, 4]);
    const layout = { obsDim: 2, actDim: 1, rewardDim: 1 as const, frameStack: 2 };
    const identity = new Normalizer(new Float32Array(frameDim(layout)), new Float32Array(frameDim(layout)).fill(1));
    const sampler = new WindowSampler(trainingTrajectories(ds), layout, identity, { tokens: 2, respectEpisodes: true });
    const seen = new Set<string>();
    // Act
    const batch = sampler.sample(new Rng(0), 64);
    // Assert: every valid frame is a transition of the episode its window started in; padding is masked.
    for (let b = 0; b < 64; b++) {
      const episode = batch.obs0[2 * b];
      for (let f = 0; f < 4; f++) {
        const x = Array.from(batch.x0.subarray((b * 4 + f) * 4, (b * 4 + f + 1) * 4));
        if (batch.mask[(b * 4 + f) * 4] === 0) continue;
        const t = x[3] - 10 * episode; // r_t = 10·episode + t
        expect(x).toEqual([episode, t + 1, t, 10 * episode + t]);
        seen.add(`${episode}:${t}`);
      }
    }
    // The terminal transitions (t = length - 1) are in the training stream.
    expect(seen.has('0:2') && seen.has('1:4') && seen.has('2:3')).toBe(true);
  });

  it('should end the last episode of a dataset without an end flag', () => {
    const ds = transitions([3]);
    const td = trainingTrajectories({ ...ds, terminals: new Float32Array(3) });
    expect(Array.from(td.episodeEnds!)).toEqual([0, 0, 0, 1]);
  });

  it('should reject arrays that do not match the size', () => {
    const ds = transitions([3]);
    expect(() => trainingTrajectories({ ...ds, nextObservations: new Float32Array(5) })).toThrow(DfpArgumentError);
    expect(() => trainingTrajectories({ ...ds, nextObservations: new Float32Array(5) })).toThrow(/nextObservations must be a Float32Array of 3 x 2 values, received 5/);
  });
});
