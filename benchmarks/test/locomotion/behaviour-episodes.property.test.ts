import fc from 'fast-check';
import { completeEpisodes } from '@dfp/benchmarks';

/** Episodes of lengths in [1, max] ended by a terminal or timeout flag, integer rewards (exact sums). */
const datasetArb = (max: number) =>
  fc.array(fc.record({ length: fc.integer({ min: 1, max }), terminal: fc.boolean(), reward: fc.integer({ min: -5, max: 5 }) }), { minLength: 1, maxLength: 8 }).map((episodes) => {
    const n = episodes.reduce((a, e) => a + e.length, 0);
    const rewards = new Float32Array(n);
    const terminals = new Float32Array(n);
    const timeouts = new Float32Array(n);
    let row = 0;
    for (const e of episodes) {
      rewards.fill(e.reward, row, row + e.length);
      row += e.length;
      (e.terminal ? terminals : timeouts)[row - 1] = 1;
    }
    return { episodes, data: { rewards, terminals, timeouts } };
  });

describe('completeEpisodes (properties)', () => {
  it('should return exactly the terminated episodes and those that reached the time limit, with their returns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((max) => fc.tuple(datasetArb(max), fc.constant(max))), ([{ episodes, data }, maxEpisodeSteps]) => {
        const expected = episodes.filter((e) => e.terminal || e.length === maxEpisodeSteps);
        const got = completeEpisodes(data, { maxEpisodeSteps });
        expect(got.map((e) => [e.length, e.terminated, e.return])).toEqual(expected.map((e) => [e.length, e.terminal, e.reward * e.length]));
      }),
    );
  });

  it('should score each episode on the prefix of scoreSteps steps', () => {
    fc.assert(
      fc.property(datasetArb(6), fc.integer({ min: 1, max: 8 }), ({ data }, scoreSteps) => {
        for (const e of completeEpisodes(data, { maxEpisodeSteps: 6, scoreSteps })) {
          expect(e.scoredSteps).toBe(Math.min(e.length, scoreSteps));
          expect(e.return).toBe(data.rewards[e.start] * e.scoredSteps);
        }
      }),
    );
  });
});
