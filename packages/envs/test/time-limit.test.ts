import { DfpArgumentError, EnvStateError } from '@dfp/envs';
import { assertThrowsWith } from '../../../test/helpers/assertions';
import { ToyEnv } from './helpers/toy-envs';

describe('TimeLimitEnv', () => {
  it('should set truncated only on the step that reaches maxEpisodeSteps', () => {
    const env = new ToyEnv(3);
    env.reset({ seed: 0 });
    expect([env.step([0]).truncated, env.step([0]).truncated, env.step([0]).truncated]).toEqual([false, false, true]);
    expect(env.elapsedSteps).toBe(3);
  });

  it('should throw an EnvStateError when stepping after the end, and allow reset', () => {
    const env = new ToyEnv(1);
    env.reset();
    env.step([0]);
    assertThrowsWith(() => env.step([0]), EnvStateError, /episode has ended/, /reset/);
    env.reset();
    expect(env.step([0]).truncated).toBe(true);
  });

  it('should end the episode on terminated, before the time limit', () => {
    const env = new ToyEnv(10, 0, 0.7);
    env.reset({ seed: 0 });
    const r = env.step([1]);
    expect(r).toMatchObject({ terminated: true, truncated: false });
    assertThrowsWith(() => env.step([0]), EnvStateError, /terminated or truncated/);
  });

  it('should throw before the first reset and after close', () => {
    const env = new ToyEnv();
    assertThrowsWith(() => env.step([0]), EnvStateError, /call reset\(\) before the first step/);
    env.close();
    assertThrowsWith(() => env.reset(), EnvStateError, /closed/);
  });

  it.each([
    ['a too long action', [0, 0], /expected length 1, received length 2/],
    ['an empty action', [], /expected length 1, received length 0/],
    ['a NaN action', [Number.NaN], /finite numbers, received NaN at index 0/],
    ['an infinite action', [Infinity], /finite numbers, received Infinity/],
  ])('should reject %s with an error naming the action', (_, action, pattern) => {
    const env = new ToyEnv();
    env.reset();
    assertThrowsWith(() => env.step(action), DfpArgumentError, /toy-v0\.step: action/, pattern);
    expect(env.step([0.5]).observation).toHaveLength(1); // still usable
  });

  it('should reseed only when reset is given a seed', () => {
    const env = new ToyEnv();
    const a = env.reset({ seed: 42 }).observation[0];
    const b = env.reset().observation[0];
    expect(b).not.toBe(a);
    expect(env.reset({ seed: 42 }).observation[0]).toBe(a);
    expect(new ToyEnv(5, 42).reset().observation[0]).toBe(a); // the constructor seed seeds the first reset
  });

  it('should reject invalid seeds and time limits', () => {
    assertThrowsWith(() => new ToyEnv().reset({ seed: 1.5 }), DfpArgumentError, /seed/);
    assertThrowsWith(() => new ToyEnv(0), DfpArgumentError, /maxEpisodeSteps/);
  });

  it('should start a fresh episode when the state is set after the end', () => {
    const env = new ToyEnv(2);
    env.setX(0); // before any reset: starts an episode
    env.step([0]);
    expect(env.step([0]).truncated).toBe(true);
    env.setX(0.25); // after the end: a new episode with the counter at 0
    expect(env.elapsedSteps).toBe(0);
    expect(env.step([0])).toMatchObject({ truncated: false, observation: Float64Array.of(0.25) });
    env.setX(0); // while running: the counter continues
    expect(env.step([0]).truncated).toBe(true);
  });
});
