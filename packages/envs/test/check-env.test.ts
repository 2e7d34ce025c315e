import { ENV_CHECKS, EnvCheckError, checkBadActions, checkEnv, checkObservationsInSpace, checkResetSeedDeterminism, checkStepDeterminism, checkStepReturnTypes, checkTruncation, listEnvs, loadMujoco, makeEnv } from '@dfp/envs';
import type { EnvCheck } from '@dfp/envs';
import { assertThrowsWith } from '../../../test/helpers/assertions';
import { BrokenEnv, ToyEnv } from './helpers/toy-envs';
import type { Breakage } from './helpers/toy-envs';

describe('checkEnv', () => {
  // Locomotion envs need the MuJoCo WASM module before makeEnv can build them synchronously.
  beforeAll(() => loadMujoco());

  it.each(listEnvs())('should pass every check on the registered env %s', (id) => {
    // Arrange
    const env = makeEnv(id);
    // Act
    const passed = checkEnv(env, { seed: 3, steps: 30 });
    // Assert
    expect(passed).toEqual(Object.keys(ENV_CHECKS));
  });

  it('should pass on a custom env built on TimeLimitEnv', () => {
    expect(checkEnv(new ToyEnv(7))).toHaveLength(Object.keys(ENV_CHECKS).length);
  });

  it('should list every failing check in one error', () => {
    const err = assertThrowsWith(() => checkEnv(new BrokenEnv('truncates-late')), EnvCheckError, /1 check\(s\) failed/, /checkTruncation/);
    expect(err.message).not.toMatch(/checkStepDeterminism/);
  });
});

describe.each<[string, EnvCheck, Breakage, RegExp]>([
  ['checkResetSeedDeterminism', checkResetSeedDeterminism, 'reset-ignores-seed', /different observations/],
  ['checkStepDeterminism', checkStepDeterminism, 'nondeterministic-step', /rollouts .* differ/],
  ['checkStepReturnTypes', checkStepReturnTypes, 'shared-observation', /fresh arrays/],
  ['checkStepReturnTypes', checkStepReturnTypes, 'number-array-observation', /Float64Array/],
  ['checkTruncation', checkTruncation, 'truncates-late', /truncated is false at step 4 of 4/],
  ['checkTruncation', checkTruncation, 'steps-after-end', /did not throw an EnvStateError/],
  ['checkBadActions', checkBadActions, 'accepts-bad-actions', /did not throw a DfpArgumentError/],
  ['checkObservationsInSpace', checkObservationsInSpace, 'observation-outside-space', /outside observationSpace/],
])('%s', (name, check, breakage, pattern) => {
  it(`should fail on an env that breaks it (${breakage}), naming the check and the env`, () => {
    assertThrowsWith(() => check(new BrokenEnv(breakage)), EnvCheckError, new RegExp(`^${name}\\(broken-${breakage}\\)`), pattern);
  });

  it('should pass on a contract-abiding env', () => {
    expect(() => check(new ToyEnv(4))).not.toThrow();
  });
});
