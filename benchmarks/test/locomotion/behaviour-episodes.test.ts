import { DfpArgumentError } from '@dfp/envs';
import { completeEpisodes } from '@dfp/benchmarks';

/** Rows of episodes given as [length, ending] with reward 1 per step; ending 't' terminal, 'o' timeout flag. */
function data(episodes: Array<[number, 't' | 'o']>, reward = (row: number) => 1) {
  const n = episodes.reduce((a, [l]) => a + l, 0);
  const rewards = Float32Array.from({ length: n }, (_, i) => reward(i));
  const terminals = new Float32Array(n);
  const timeouts = new Float32Array(n);
  let row = 0;
  for (const [l, end] of episodes) {
    row += l;
    (end === 't' ? terminals : timeouts)[row - 1] = 1;
  }
  return { rewards, terminals, timeouts };
}

describe('completeEpisodes', () => {
  it('should keep terminated and time-limit episodes and drop the cut last one', () => {
    // Arrange: a fall after 3 steps, a full 5-step episode, then a cut one (timeouts flag after 2 < 5 steps).
    const d = data([[3, 't'], [5, 'o'], [2, 'o']], (i) => i);
    // Act
    const eps = completeEpisodes(d, { maxEpisodeSteps: 5 });
    // Assert
    expect(eps).toEqual([
      { start: 0, length: 3, scoredSteps: 3, return: 0 + 1 + 2, terminated: true },
      { start: 3, length: 5, scoredSteps: 5, return: 3 + 4 + 5 + 6 + 7, terminated: false },
    ]);
  });

  it('should score only the first scoreSteps steps of each episode', () => {
    const eps = completeEpisodes(data([[3, 't'], [5, 'o']], (i) => i), { maxEpisodeSteps: 5, scoreSteps: 2 });
    expect(eps.map((e) => [e.return, e.scoredSteps, e.length])).toEqual([[0 + 1, 2, 3], [3 + 4, 2, 5]]);
  });

  it('should ignore an episode that runs past the rows read', () => {
    const d = data([[3, 't'], [4, 't']]);
    expect(completeEpisodes(d, { maxEpisodeSteps: 10, rows: 6 }).map((e) => e.start)).toEqual([0]);
    expect(completeEpisodes(d, { maxEpisodeSteps: 10, rows: 7 }).map((e) => e.start)).toEqual([0, 3]);
    expect(completeEpisodes(d, { maxEpisodeSteps: 10, rows: 0 })).toEqual([]);
  });

  it('should reject arrays of different lengths and invalid counts', () => {
    const d = data([[3, 't']]);
    expect(() => completeEpisodes({ ...d, timeouts: new Float32Array(2) }, { maxEpisodeSteps: 5 })).toThrow(/same length/);
    expect(() => completeEpisodes(d, { maxEpisodeSteps: 5, rows: 4 })).toThrow(DfpArgumentError);
    expect(() => completeEpisodes(d, { maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps/);
    expect(() => completeEpisodes(d, { maxEpisodeSteps: 5, scoreSteps: 1.5 })).toThrow(/scoreSteps/);
  });
});
