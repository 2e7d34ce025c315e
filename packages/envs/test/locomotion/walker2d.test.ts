import { type MujocoEnv, loadMujoco, makeLocomotionEnv, walker2dIsHealthy } from '../../src/locomotion';

const Q0 = [0, 1.25, 0, 0, 0, 0, 0, 0, 0];
const ZERO9 = new Float64Array(9);

function place(env: MujocoEnv, qpos: number[], qvel: ArrayLike<number> = ZERO9): void {
  env.setState({ time: 0, qpos: Float64Array.from(qpos), qvel: Float64Array.from(qvel), qaccWarmstart: new Float64Array(9) });
}

describe('walker2dIsHealthy', () => {
  const with12 = (z: number, angle: number): number[] => [0, z, angle, 0, 0, 0, 0, 0, 0];
  it.each<[string, number[], boolean]>([
    ['the initial pose', Q0, true],
    ['z = 0.8 (strict lower bound)', with12(0.8, 0), false],
    ['z = 0.81', with12(0.81, 0), true],
    ['z = 2.0 (strict upper bound)', with12(2.0, 0), false],
    ['an angle of 0.99', with12(1.25, 0.99), true],
    ['an angle of -1', with12(1.25, -1), false],
  ])('should judge %s', (_name, qpos, healthy) => {
    // Walker2d-v4 does not look at velocities: a huge one stays healthy.
    expect(walker2dIsHealthy(qpos, [1e9, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(healthy);
  });
});

describe('Walker2dEnv', () => {
  let env: MujocoEnv;
  beforeAll(async () => {
    await loadMujoco();
    env = await makeLocomotionEnv('walker2d-v4', { seed: 0 });
  });
  afterAll(() => env.close());


  it('should observe [qpos[1:], clip(qvel, ±10)] and reset with U(±0.005) noise', () => {
    const obs = env.reset({ seed: 4 }).observation;
    expect(obs).toHaveLength(17);
    expect(Math.abs(obs[0] - 1.25)).toBeLessThanOrEqual(0.005);
    place(env, Q0, [0, 0, 0, 0, 0, 0, 0, 50, -50]);
    expect(Array.from(env.simulator.observation().subarray(15))).toEqual([10, -10]);
  });

  it('should pay Δx/dt + 1 - 1e-3·‖a‖² from a hand-made state', () => {
    place(env, Q0);
    const a = [0.5, -0.5, 0.5, -0.5, 0.5, -0.5];
    const r = env.step(a);
    const x = env.getState().qpos[0];
    expect(r.reward).toBeCloseTo(x / 0.008 + 1 - 1e-3 * 1.5, 10);
    expect(r.info.rewardForward).toBeCloseTo(x / 0.008, 10);
    expect(r.terminated).toBe(false);
  });

  it.each<[string, number[]]>([
    ['too high', [0, 2.3, 0, 0, 0, 0, 0, 0, 0]],
    ['too low', [0, 0.5, 0, 0, 0, 0, 0, 0, 0]],
    ['tilted', [0, 1.25, 1.3, 0, 0, 0, 0, 0, 0]],
  ])('should terminate when the torso is %s', (_name, qpos) => {
    place(env, qpos);
    expect(env.step(new Float64Array(6)).terminated).toBe(true);
  });

});
