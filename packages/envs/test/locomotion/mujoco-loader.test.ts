import { EnvStateError, makeEnv } from '@dfp/envs';
import { isMujocoLoaded, loadMujoco, makeLocomotionEnv, registerLocomotionEnvs } from '../../src/locomotion';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

describe('loadMujoco', () => {
  it('should make the sync makeEnv fail with a message saying what to await, before the module is loaded', () => {
    // Arrange: this must run before anything in this file loads mujoco-js.
    registerLocomotionEnvs();
    expect(isMujocoLoaded()).toBe(false);
    // Act / Assert
    assertThrowsWith(() => makeEnv('hopper-v4'), EnvStateError, /makeEnv\('hopper-v4'\)/, /await loadMujoco\(\)/, /makeLocomotionEnv/);
  });

  it('should load the WASM module once and then let makeEnv work synchronously', async () => {
    // Act
    const [a, b] = await Promise.all([loadMujoco(), loadMujoco()]);
    // Assert
    expect(a).toBe(b);
    expect(await loadMujoco()).toBe(a);
    expect(isMujocoLoaded()).toBe(true);
    const env = makeEnv('walker2d-v4', { seed: 1 });
    expect(env.reset().observation).toHaveLength(17);
    env.close();
  });

  it('should also be reachable through makeLocomotionEnv', async () => {
    const env = await makeLocomotionEnv('halfcheetah-v4');
    expect(env.id).toBe('halfcheetah-v4');
    env.close();
  });
});
