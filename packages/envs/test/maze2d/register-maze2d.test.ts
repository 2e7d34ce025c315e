import { DfpArgumentError, MAZE2D_ENV_IDS, isMaze2dEnv, makeEnv, makeMaze2dEnv, registerEnv, registerMaze2dEnvs } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';
import { ToyEnv } from '../helpers/toy-envs';

describe('Maze2D registration', () => {
  it('should register the six v1 ids with the v1 episode lengths', () => {
    const lengths = Object.fromEntries(MAZE2D_ENV_IDS.map((id) => [id, makeEnv(id).maxEpisodeSteps]));
    expect(lengths).toEqual({
      'maze2d-umaze-v1': 300, 'maze2d-medium-v1': 600, 'maze2d-large-v1': 800,
      'maze2d-umaze-dense-v1': 300, 'maze2d-medium-dense-v1': 600, 'maze2d-large-dense-v1': 800,
    });
  });

  it('should give typed envs through the type guard and the typed factory', () => {
    const env = makeEnv('maze2d-medium-v1');
    expect(isMaze2dEnv(env)).toBe(true);
    if (isMaze2dEnv(env)) expect(Array.from(env.getTarget())).toEqual([6, 6]); // typed access after the guard
    expect(makeMaze2dEnv('maze2d-large-dense-v1').rewardType).toBe('dense');
    expect(isMaze2dEnv({})).toBe(false);
  });

  it('should be idempotent', () => {
    expect(() => registerMaze2dEnvs()).not.toThrow();
  });

  it('should refuse ids registered to another kind of env in makeMaze2dEnv', () => {
    registerEnv('toy-for-maze-v0', () => new ToyEnv());
    assertThrowsWith(() => makeMaze2dEnv('toy-for-maze-v0'), DfpArgumentError, /not a Maze2D env/);
  });

  it('should reject unknown options and goal modes, naming them', () => {
    assertThrowsWith(() => makeEnv('maze2d-umaze-v1', { gaol: 'random' }), DfpArgumentError, /unknown option 'gaol'/);
    assertThrowsWith(() => makeEnv('maze2d-umaze-v1', { goal: 'moving' }), DfpArgumentError, /goal must be 'fixed' or 'random', received "moving"/);
  });
});

