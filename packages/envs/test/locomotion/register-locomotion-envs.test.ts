import { DfpArgumentError, ENV_CHECKS, checkEnv, envSpec, listEnvs, normalizedScore } from '@dfp/envs';
import { LOCOMOTION_ENV_IDS, locomotionSpec, makeLocomotionEnv, registerLocomotionEnvs } from '../../src/locomotion';
import type { MujocoEnv } from '../../src/locomotion';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

describe('registerLocomotionEnvs', () => {
  beforeAll(() => registerLocomotionEnvs());

  it('should register the three Gym ids, idempotently', () => {
    registerLocomotionEnvs();
    expect(LOCOMOTION_ENV_IDS).toEqual(['hopper-v4', 'halfcheetah-v4', 'walker2d-v4']);
    for (const id of LOCOMOTION_ENV_IDS) expect(listEnvs()).toContain(id);
    expect(envSpec('hopper-v4').description).toMatch(/Hopper/);
  });

  it.each<[string, number, number]>([
    ['hopper-v4', -20.272305, 3234.3],
    ['halfcheetah-v4', -280.178953, 12135.0],
    ['walker2d-v4', 1.629008, 4592.3],
  ])("should give %s D4RL's normalized scores (0 at REF_MIN, 100 at REF_MAX)", (id, min, max) => {
    expect(normalizedScore(id, min)).toBeCloseTo(0, 10);
    expect(normalizedScore(id, max)).toBeCloseTo(100, 10);
    expect(normalizedScore(id, (min + max) / 2)).toBeCloseTo(50, 10);
  });
});

describe.each<[string, number, number, number, number, number]>([
  // id, obs dim, action dim, dt = timestep x frame skip, nq, nv (Gymnasium v4)
  ['hopper-v4', 11, 3, 0.002 * 4, 6, 6],
  ['halfcheetah-v4', 17, 6, 0.01 * 5, 9, 9],
  ['walker2d-v4', 17, 6, 0.002 * 4, 9, 9],
])('the registered env %s', (id, obsDim, actDim, dt, nq, nv) => {
  let env: MujocoEnv;
  beforeAll(async () => {
    env = await makeLocomotionEnv(id, { seed: 0 });
  });
  afterAll(() => env.close());

  it("should have Gym's spaces, step length and 1000-step limit", () => {
    expect(env.observationSpace.shape).toEqual([obsDim]);
    expect(env.actionSpace.shape).toEqual([actDim]);
    expect(Array.from(env.actionSpace.low)).toEqual(new Array(actDim).fill(-1));
    expect(Array.from(env.actionSpace.high)).toEqual(new Array(actDim).fill(1));
    expect(env.dt).toBeCloseTo(dt, 15);
    expect(env.maxEpisodeSteps).toBe(1000);
    expect([env.simulator.nq, env.simulator.nv]).toEqual([nq, nv]);
    expect(env.reset().observation).toHaveLength(obsDim);
  });

  it('should pass every checkEnv check', () => {
    expect(checkEnv(env, { seed: 2, steps: 20 })).toEqual(Object.keys(ENV_CHECKS));
  });
});

describe('locomotionSpec', () => {
  it('should reject an unknown id, listing the known ones', () => {
    assertThrowsWith(() => locomotionSpec('ant-v4'), DfpArgumentError, /"ant-v4"/, /hopper-v4, halfcheetah-v4, walker2d-v4/);
  });
});

describe('makeLocomotionEnv', () => {
  it('should reject an unknown id before loading anything', async () => {
    await expect(makeLocomotionEnv('maze2d-umaze-v1')).rejects.toThrow(DfpArgumentError);
  });

  it('should validate the options', async () => {
    await expect(makeLocomotionEnv('hopper-v4', { maxEpisodeSteps: 0 })).rejects.toThrow(/maxEpisodeSteps: expected an integer in \[1/);
    await expect(makeLocomotionEnv('hopper-v4', { seed: 0.5 })).rejects.toThrow(/seed: expected an integer/);
  });

  it('should honour maxEpisodeSteps', async () => {
    const env = await makeLocomotionEnv('halfcheetah-v4', { maxEpisodeSteps: 3 });
    env.reset();
    const flags = [0, 1, 2].map(() => env.step(new Float64Array(6)).truncated);
    expect(flags).toEqual([false, false, true]);
    env.close();
  });
});
