import { DfpArgumentError, MAZE2D_TASKS, isMaze2dEnvId, maze2dTask, normalizedScore } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

describe('normalizedScore (Maze2D)', () => {
  it.each(MAZE2D_TASKS.map((t) => [t.id, t.referenceScores.min, t.referenceScores.max]))('should be 0 at REF_MIN and 100 at REF_MAX for %s', (id, min, max) => {
    expect(normalizedScore(id, min)).toBeCloseTo(0, 12);
    expect(normalizedScore(id, max)).toBeCloseTo(100, 12);
  });

  it('should use the D4RL v1 table', () => {
    expect(normalizedScore('maze2d-large-v1', 273.99)).toBeCloseTo(100, 12);
    expect(normalizedScore('maze2d-umaze-v1', (23.85 + 161.86) / 2)).toBeCloseTo(50, 12);
    expect(normalizedScore('maze2d-medium-dense-v1', 44.264742)).toBeCloseTo(0, 12);
  });
});

describe('maze2dTask', () => {
  it('should look up tasks and reject unknown ids, listing the Maze2D ids', () => {
    expect(maze2dTask('maze2d-large-dense-v1')).toMatchObject({ maze: 'large', rewardType: 'dense', maxEpisodeSteps: 800 });
    expect(isMaze2dEnvId('maze2d-umaze-v1')).toBe(true);
    expect(isMaze2dEnvId('maze2d-umaze-v0')).toBe(false);
    assertThrowsWith(() => maze2dTask('maze2d-umaze-v0'), DfpArgumentError, /known ids: maze2d-umaze-v1, maze2d-medium-v1/);
  });
});
