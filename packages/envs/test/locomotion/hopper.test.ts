import { EnvStateError } from '@dfp/envs';
import { type MujocoEnv, hopperIsHealthy, loadMujoco, makeLocomotionEnv } from '../../src/locomotion';

const Q0 = [0, 1.25, 0, 0, 0, 0];
const ZERO6 = new Float64Array(6);

/** Puts the env in a hand-made state: `qpos`, `qvel`, no warm start. */
function place(env: MujocoEnv, qpos: number[], qvel: ArrayLike<number> = ZERO6): void {
  env.setState({ time: 0, qpos: Float64Array.from(qpos), qvel: Float64Array.from(qvel), qaccWarmstart: new Float64Array(6) });
}

describe('hopperIsHealthy', () => {
  it.each<[string, number[], number[], boolean]>([
    ['the initial pose', Q0, [0, 0, 0, 0, 0, 0], true],
    ['a far-away x (qpos[0] is not checked)', [1e6, 1.25, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], true],
    ['a huge z velocity (qvel[1] is checked)', Q0, [0, 100, 0, 0, 0, 0], false],
    ['a joint velocity of 99.9', Q0, [0, 0, 0, 0, 0, 99.9], true],
    ['a torso at z = 0.7 (strict bound)', [0, 0.7, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], false],
    ['a torso at z = 0.71', [0, 0.71, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], true],
    ['a torso angle of 0.2 (strict bound)', [0, 1.25, 0.2, 0, 0, 0], [0, 0, 0, 0, 0, 0], false],
    ['a torso angle of -0.19', [0, 1.25, -0.19, 0, 0, 0], [0, 0, 0, 0, 0, 0], true],
    ['a NaN velocity', Q0, [0, 0, Number.NaN, 0, 0, 0], false],
  ])('should judge %s', (_name, qpos, qvel, healthy) => {
    expect(hopperIsHealthy(qpos, qvel)).toBe(healthy);
  });
});

describe('HopperEnv', () => {
  let env: MujocoEnv;
  beforeAll(async () => {
    await loadMujoco();
    env = await makeLocomotionEnv('hopper-v4', { seed: 0 });
  });
  afterAll(() => env.close());


  it('should reset to qpos0 = [0, 1.25, 0, 0, 0, 0] plus U(±0.005) noise', () => {
    env.reset({ seed: 11 });
    for (let i = 0; i < 50; i++) {
      const { qpos, qvel } = env.getState();
      Q0.forEach((q, j) => expect(Math.abs(qpos[j] - q)).toBeLessThanOrEqual(0.005));
      qvel.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(0.005));
      env.reset();
    }
  });

  it('should observe [qpos[1:], clip(qvel, ±10)] on a hand-made state', () => {
    place(env, [3, 1.2, 0.05, -0.1, -0.2, 0.3], [1, 20, -30, 0.5, 0.25, -0.125]);
    expect(Array.from(env.simulator.observation())).toEqual([1.2, 0.05, -0.1, -0.2, 0.3, 1, 10, -10, 0.5, 0.25, -0.125]);
  });

  it('should pay Δx/dt + 1 - 1e-3·‖clip(a)‖² from a hand-made state', () => {
    // Arrange
    place(env, Q0);
    // Act: the first entry is outside the action box and must be clipped to 1.
    const r = env.step([3, -0.5, 0.25]);
    // Assert
    const xAfter = env.getState().qpos[0];
    expect(r.info.xPosition).toBe(xAfter);
    expect(r.info.rewardCtrl).toBeCloseTo(-1e-3 * (1 + 0.25 + 0.0625), 15);
    expect(r.reward).toBeCloseTo(xAfter / 0.008 + 1 - 1e-3 * 1.3125, 10);
    expect(r.terminated).toBe(false);
  });

  it.each<[string, number[]]>([
    ['too low', [0, 0.6, 0, 0, 0, 0]],
    ['tilted', [0, 1.25, 0.35, 0, 0, 0]],
  ])('should terminate when the torso is %s, still paying the healthy bonus', (_name, qpos) => {
    place(env, qpos);
    const r = env.step([0, 0, 0]);
    expect(r.terminated).toBe(true);
    expect(r.info.rewardSurvive).toBe(1);
    expect(() => env.step([0, 0, 0])).toThrow(EnvStateError);
  });

});
