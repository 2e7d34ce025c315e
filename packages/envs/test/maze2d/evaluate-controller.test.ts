import { DfpArgumentError, evaluateMaze2dController } from '@dfp/envs';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('evaluateMaze2dController', () => {
  it('should score the waypoint controller above 100 and the random policy far below', () => {
    const waypoint = evaluateMaze2dController('maze2d-umaze-v1', { episodes: 8, policy: 'waypoint', seed: 0 });
    const random = evaluateMaze2dController('maze2d-umaze-v1', { episodes: 8, policy: 'random', seed: 0 });
    expect(mean(waypoint.map((e) => e.normalizedScore))).toBeGreaterThan(100);
    expect(mean(random.map((e) => e.normalizedScore))).toBeLessThan(50);
    expect(random[0].plan).toEqual([]);
    expect(waypoint[0].plan.length).toBeGreaterThan(0);
  });

  it('should return full observation traces and the goal of each episode', () => {
    const [episode] = evaluateMaze2dController('maze2d-medium-v1', { episodes: 1, policy: 'waypoint', goal: 'random', seed: 4 });
    expect(episode.observations).toHaveLength(601 * 4);
    expect(episode.goal).toHaveLength(2);
    expect(Array.from(episode.goal)).not.toEqual([6, 6]);
  });

  it('should be deterministic given the seed', () => {
    assertSameGivenSeed((seed) => evaluateMaze2dController('maze2d-umaze-v1', { episodes: 2, policy: 'random', seed }).map((e) => e.return), 1, 2);
  });

  it('should reject unknown policies and bad episode counts', () => {
    assertThrowsWith(() => evaluateMaze2dController('maze2d-umaze-v1', { episodes: 1, policy: 'greedy' as never }), DfpArgumentError, /policy must be 'waypoint' or 'random', received "greedy"/);
    assertThrowsWith(() => evaluateMaze2dController('maze2d-umaze-v1', { episodes: 0, policy: 'random' }), DfpArgumentError, /episodes: expected an integer/);
  });
});
