import { type MujocoEnv, loadMujoco, makeLocomotionEnv } from '../../src/locomotion';

describe('HalfCheetahEnv', () => {
  let env: MujocoEnv;
  beforeAll(async () => {
    await loadMujoco();
    env = await makeLocomotionEnv('halfcheetah-v4', { seed: 0 });
  });
  afterAll(() => env.close());


  it('should reset with qpos + U(±0.1) and qvel ~ 0.1·N(0, 1)', () => {
    // Arrange
    env.reset({ seed: 5 });
    const vel: number[] = [];
    // Act
    for (let i = 0; i < 200; i++) {
      const { qpos, qvel } = env.getState();
      qpos.forEach((q) => expect(Math.abs(q)).toBeLessThanOrEqual(0.1));
      vel.push(...qvel);
      env.reset();
    }
    // Assert: 1800 draws; the std of the sample std is ~0.1/√3600.
    const std = Math.sqrt(vel.reduce((s, v) => s + v * v, 0) / vel.length);
    expect(std).toBeGreaterThan(0.095);
    expect(std).toBeLessThan(0.105);
    expect(Math.max(...vel.map(Math.abs))).toBeGreaterThan(0.2); // Gaussian tails, not U(±0.1)
  });

  it('should observe unclipped velocities', () => {
    env.setState({ time: 0, qpos: new Float64Array(9), qvel: Float64Array.from([30, 0, 0, 0, 0, 0, 0, 0, -40]), qaccWarmstart: new Float64Array(9) });
    const obs = env.simulator.observation();
    expect([obs[8], obs[16]]).toEqual([30, -40]);
  });

  it('should pay Δx/dt - 0.1·‖a‖² and never terminate, even upside down', () => {
    // Arrange: torso flipped by π.
    env.setState({ time: 0, qpos: Float64Array.from([0, 0, Math.PI, 0, 0, 0, 0, 0, 0]), qvel: new Float64Array(9), qaccWarmstart: new Float64Array(9) });
    // Act
    const r = env.step([1, -1, 1, -1, 1, -1]);
    // Assert
    const x = env.getState().qpos[0];
    expect(r.reward).toBeCloseTo(x / 0.05 - 0.6, 10);
    expect(r.info.rewardSurvive).toBe(0);
    expect(r.terminated).toBe(false);
  });

  it('should truncate exactly at step 1000 and not before', () => {
    env.reset({ seed: 1 });
    const zero = new Float64Array(6);
    let truncatedAt = -1;
    for (let t = 1; t <= 1000; t++) {
      const r = env.step(zero);
      expect(r.terminated).toBe(false);
      if (r.truncated) truncatedAt = t;
    }
    expect(truncatedAt).toBe(1000);
  });

});
