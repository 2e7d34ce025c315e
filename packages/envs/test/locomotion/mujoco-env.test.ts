import { DfpArgumentError, EnvStateError, Rng } from '@dfp/envs';
import { HOPPER_SPEC, LocomotionSimulator, type MujocoEnv, liveMujocoObjects, loadMujoco, makeLocomotionEnv } from '../../src/locomotion';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

/** Observations and rewards of `steps` steps of seeded random actions after `reset({seed})`. */
function rollout(env: MujocoEnv, seed: number, steps: number): number[][] {
  const rng = new Rng(100 + seed);
  const out = [Array.from(env.reset({ seed }).observation)];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(rng).map((a) => 0.3 * a));
    out.push([...r.observation, r.reward]);
    if (r.terminated || r.truncated) break;
  }
  return out;
}

describe('MujocoEnv', () => {
  let env: MujocoEnv;
  beforeAll(async () => {
    await loadMujoco();
    env = await makeLocomotionEnv('walker2d-v4');
  });
  afterAll(() => env.close());

  describe('reset/step', () => {
    it('should give the same trajectory for the same seed and actions, another for another seed', () => {
      const traj = assertSameGivenSeed((seed) => rollout(env, seed, 25), 3, 4);
      expect(traj.length).toBeGreaterThan(5);
    });

    it('should continue the generator on reset() without a seed', () => {
      const a = env.reset({ seed: 9 }).observation;
      const b = env.reset().observation;
      expect(Array.from(b)).not.toEqual(Array.from(a));
      expect(Array.from(env.reset({ seed: 9 }).observation)).toEqual(Array.from(a));
    });
  });

  describe('getState/setState', () => {
    it('should replay a trajectory bit for bit from a restored state', () => {
      // Arrange
      env.reset({ seed: 1 });
      const rng = new Rng(2);
      for (let t = 0; t < 10; t++) env.step(env.actionSpace.sample(rng).map((a) => 0.2 * a));
      const saved = env.getState();
      const actions = Array.from({ length: 15 }, () => env.actionSpace.sample(rng).map((a) => 0.2 * a));
      const first = actions.map((a) => env.step(a));
      // Act
      env.setState(saved);
      const second = actions.map((a) => env.step(a));
      // Assert
      expect(second.map((r) => [...r.observation, r.reward])).toEqual(first.map((r) => [...r.observation, r.reward]));
      expect(env.getState().time).toBeCloseTo(saved.time + 15 * 0.008, 12);
    });

    it('should restore the generator too, so resets match', () => {
      env.reset({ seed: 5 });
      const saved = env.getState();
      const a = env.reset().observation;
      env.setState(saved);
      expect(Array.from(env.reset().observation)).toEqual(Array.from(a));
    });

    it('should allow stepping again after termination', () => {
      env.reset({ seed: 0 });
      env.setState({ ...env.getState(), qpos: Float64Array.from([0, 0.3, 0, 0, 0, 0, 0, 0, 0]) });
      expect(env.step(new Float64Array(6)).terminated).toBe(true);
      expect(() => env.step(new Float64Array(6))).toThrow(EnvStateError);
      env.setState({ ...env.getState(), qpos: Float64Array.from([0, 1.25, 0, 0, 0, 0, 0, 0, 0]) });
      expect(env.step(new Float64Array(6)).terminated).toBe(false);
    });

    it.each<[string, (s: ReturnType<MujocoEnv['getState']>) => unknown, RegExp]>([
      ['a short qpos', (s) => ({ ...s, qpos: new Float64Array(3) }), /qpos: expected length 9, received length 3/],
      ['a NaN velocity', (s) => ({ ...s, qvel: Float64Array.from([0, 0, Number.NaN, 0, 0, 0, 0, 0, 0]) }), /qvel: expected finite numbers, received NaN at index 2/],
      ['a missing warm start', (s) => ({ ...s, qaccWarmstart: undefined }), /qaccWarmstart: expected an array of numbers/],
      ['an infinite time', (s) => ({ ...s, time: Infinity }), /time: expected finite numbers/],
    ])('should reject %s, naming the field', (_name, corrupt, pattern) => {
      env.reset({ seed: 0 });
      const bad = corrupt(env.getState()) as ReturnType<MujocoEnv['getState']>;
      assertThrowsWith(() => env.setState(bad), DfpArgumentError, /walker2d-v4\.setState/, pattern);
    });
  });

  describe('clone', () => {
    it('should copy the state into an independent env', () => {
      // Arrange
      env.reset({ seed: 3 });
      env.step(new Float64Array(6).fill(0.1));
      const copy = env.clone();
      const action = new Float64Array(6).fill(-0.2);
      // Act
      const a = copy.step(action);
      copy.step(action);
      const b = env.step(action);
      // Assert: the copy's extra step did not touch the original, and both followed the same physics.
      expect(Array.from(b.observation)).toEqual(Array.from(a.observation));
      expect(copy.getState().time).toBeGreaterThan(env.getState().time);
      expect(copy.elapsedSteps).toBe(2);
      copy.close();
    });
  });

  describe('LocomotionSimulator', () => {
    it('should reject an MJCF that does not compile or does not match the spec, leaking nothing', async () => {
      // Arrange
      const mj = await loadMujoco();
      const before = liveMujocoObjects();
      // Act / Assert
      assertThrowsWith(() => new LocomotionSimulator(mj, { ...HOPPER_SPEC, id: 'broken-v0', xml: '<mujoco><worldbody><body></worldbody></mujoco>' }), DfpArgumentError, /broken-v0: MuJoCo cannot compile the MJCF model/);
      assertThrowsWith(() => new LocomotionSimulator(mj, { ...HOPPER_SPEC, actDim: 2 }), DfpArgumentError, /nu=3, nq=6, nv=6, which does not match actDim=2, obsDim=11/);
      expect(liveMujocoObjects()).toBe(before);
    });
  });

  describe('close', () => {
    it('should free every MuJoCo object, clones and shared models included', async () => {
      // Arrange
      const before = liveMujocoObjects();
      const envs = [await makeLocomotionEnv('hopper-v4'), await makeLocomotionEnv('hopper-v4'), await makeLocomotionEnv('halfcheetah-v4')];
      const clone = envs[0].clone();
      const sim = new LocomotionSimulator(await loadMujoco(), clone.spec);
      expect(liveMujocoObjects()).toBe(before + 2 + 5); // 2 new models (hopper, cheetah) + 5 datas
      // Act
      for (const e of [...envs, clone]) e.close();
      sim.dispose();
      sim.dispose(); // idempotent
      // Assert
      expect(liveMujocoObjects()).toBe(before);
      expect(() => envs[0].step([0, 0, 0])).toThrow(EnvStateError);
      expect(() => clone.getState()).toThrow(/disposed/);
      expect(() => envs[0].clone()).toThrow(EnvStateError);
      expect(sim.disposed).toBe(true);
    });
  });
});
