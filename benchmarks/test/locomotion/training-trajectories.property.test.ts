import fc from 'fast-check';
import { trainingTrajectories } from '@dfp/benchmarks';

/** Random transitions: episodes of the given lengths, each ended by a terminal or a timeout flag, random values. */
const datasetArb = fc
  .array(fc.record({ length: fc.integer({ min: 1, max: 6 }), terminal: fc.boolean() }), { minLength: 1, maxLength: 5 })
  .chain((episodes) => {
    const n = episodes.reduce((a, e) => a + e.length, 0);
    const values = (k: number) => fc.float32Array({ minLength: k, maxLength: k, noNaN: true, noDefaultInfinity: true });
    return fc.record({ episodes: fc.constant(episodes), obs: values(2 * n), next: values(2 * n), act: values(n), rew: values(n) });
  })
  .map(({ episodes, obs, next, act, rew }) => {
    const n = act.length;
    const terminals = new Float32Array(n);
    const timeouts = new Float32Array(n);
    let row = 0;
    for (const e of episodes) {
      // Within an episode the next observation of a transition is the observation of the next row, as in real data.
      for (let t = 0; t + 1 < e.length; t++) next.set(obs.subarray(2 * (row + t + 1), 2 * (row + t + 2)), 2 * (row + t));
      row += e.length;
      (e.terminal ? terminals : timeouts)[row - 1] = 1;
    }
    return { size: n, obsDim: 2, actDim: 1, observations: obs, nextObservations: next, actions: act, rewards: rew, terminals, timeouts, episodes: episodes.length };
  });

describe('trainingTrajectories (properties)', () => {
  it('should turn every transition i into a valid frame [nextObservations_i, a_i, r_i] and add one end row per episode', () => {
    fc.assert(
      fc.property(datasetArb, (ds) => {
        const td = trainingTrajectories(ds);
        expect(td.length).toBe(ds.size + ds.episodes);
        expect(td.episodeEnds!.reduce((a, b) => a + b, 0)).toBe(ds.episodes);
        // Row j of the output is a real transition exactly when it is not an end row; walk both in step.
        let i = 0;
        for (let j = 0; j < td.length; j++) {
          if (td.episodeEnds![j]) continue;
          expect(Array.from(td.observations.subarray(2 * j, 2 * j + 2))).toEqual(Array.from(ds.observations.subarray(2 * i, 2 * i + 2)));
          expect(Array.from(td.observations.subarray(2 * j + 2, 2 * j + 4))).toEqual(Array.from(ds.nextObservations.subarray(2 * i, 2 * i + 2))); // o_{t+1} of the frame
          expect([td.actions[j], td.rewards![j]]).toEqual([ds.actions[i], ds.rewards[i]]);
          i++;
        }
        expect(i).toBe(ds.size);
      }),
      { numRuns: 60 },
    );
  });
});
