import { makeLocomotionEnv } from '@dfp/envs';
import { BenchInterruptedError, EvaluationEnv } from '@dfp/benchmarks';

describe('EvaluationEnv', () => {
  it('should delegate unchanged, count steps and remember a termination until the next reset', async () => {
    // Arrange
    let steps = 0;
    const env = new EvaluationEnv(await makeLocomotionEnv('hopper-v4', { maxEpisodeSteps: 500 }), () => steps++);
    const plain = await makeLocomotionEnv('hopper-v4', { maxEpisodeSteps: 500 });
    try {
      expect(env.reset({ seed: 4 }).observation).toEqual(plain.reset({ seed: 4 }).observation);
      expect([env.id, env.maxEpisodeSteps, env.actionSpace.size, env.observationSpace.size]).toEqual(['hopper-v4', 500, 3, 11]);
      // Act: full torque on every joint makes the hopper fall within the time limit.
      let r;
      do {
        r = env.step([1, 1, 1]);
        expect(r.observation).toEqual(plain.step([1, 1, 1]).observation);
      } while (!r.terminated && !r.truncated);
      // Assert
      expect(r.terminated).toBe(true);
      expect(env.terminated).toBe(true);
      expect(steps).toBe(env.inner.elapsedSteps);
      env.reset({ seed: 5 });
      expect(env.terminated).toBe(false);
    } finally {
      env.close();
      plain.close();
    }
  });

  it('should stop the run at the next step once the signal fires', async () => {
    const controller = new AbortController();
    const env = new EvaluationEnv(await makeLocomotionEnv('hopper-v4'), undefined, controller.signal);
    try {
      env.reset({ seed: 0 });
      env.step([0, 0, 0]);
      controller.abort();
      expect(() => env.step([0, 0, 0])).toThrow(BenchInterruptedError);
    } finally {
      env.close();
    }
  });
});
