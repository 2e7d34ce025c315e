import { Maze2dEnv } from '@dfp/envs';
import { BenchInterruptedError, RecordingAgent, RecordingEnv } from '@dfp/benchmarks';
import type { Agent, AgentStats } from '@dfp/planner';

describe('RecordingEnv', () => {
  it('should record the executed positions, count steps and pass everything through', () => {
    let steps = 0;
    const env = new RecordingEnv(new Maze2dEnv('maze2d-umaze-v1', { goal: 'random' }), () => steps++);
    const r = env.reset({ seed: 3 });
    const s1 = env.step([1, 0]);
    env.step([0, 1]);
    expect(env.positions).toHaveLength(6);
    expect(env.positions.slice(0, 4)).toEqual([r.observation[0], r.observation[1], s1.observation[0], s1.observation[1]]);
    expect(steps).toBe(2);
    expect(env.id).toBe('maze2d-umaze-v1');
    expect(env.maxEpisodeSteps).toBe(300);
    expect(env.getTarget()).toEqual(env.inner.getTarget());
    env.close();
  });

  it('should throw BenchInterruptedError at the next step once aborted', () => {
    const controller = new AbortController();
    const env = new RecordingEnv(new Maze2dEnv('maze2d-umaze-v1'), undefined, controller.signal);
    env.reset({ seed: 0 });
    env.step([0, 0]);
    controller.abort();
    expect(() => env.step([0, 0])).toThrow(BenchInterruptedError);
  });
});

/** An agent whose plan object changes every `every` steps. */
function fakeAgent(every: number): Agent & { plans: unknown[] } {
  const stats: AgentStats = { replans: 0, plannedEnvs: 0, planMs: 0, lastPlanMs: 0, actions: 0 };
  let t = 0;
  const agent = {
    name: 'fake', stats, plans: [] as unknown[],
    attach: () => {},
    reset: () => void (t = 0),
    act: async () => new Float64Array(2),
    actBatch: async (obs: readonly ArrayLike<number>[]) => {
      if (t % every === 0) agent.plans = obs.map((_, i) => ({ t, i }));
      t++;
      return obs.map(() => new Float64Array(2));
    },
    dispose: () => {},
  };
  return agent;
}

describe('RecordingAgent', () => {
  it('should keep the newest plan of each slot with the observation and step it was made at', async () => {
    const inner = fakeAgent(3);
    const agent = new RecordingAgent(inner, (i) => inner.plans[i] ?? null);
    agent.reset({ numEnvs: 2 });
    expect(agent.lastPlan(0)).toBeNull();
    for (let t = 0; t < 5; t++) await agent.actBatch([[t, 0, 0, 0], [t, 1, 0, 0]]);
    expect(agent.lastPlan(1)).toEqual({ plan: { t: 3, i: 1 }, observation: Float64Array.from([3, 1, 0, 0]), step: 3 });
    expect(agent.name).toBe('fake');
  });
});
