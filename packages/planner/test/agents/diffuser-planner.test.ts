import { initBackend } from '@dfp/core';
import { makeEnv } from '@dfp/envs';
import type { Env } from '@dfp/envs';
import { DiffuserPlanner } from '../../src/agents/diffuser-planner';
import { tinyModel } from '../helpers/tiny-model';
import type { TinyModel } from '../helpers/tiny-model';

const MAZE_LAYOUT = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 2 };

describe('DiffuserPlanner', () => {
  let model: TinyModel;
  let env: Env;
  beforeAll(async () => {
    await initBackend('wasm');
    model = tinyModel({ kind: 'non-causal', layout: MAZE_LAYOUT });
    env = makeEnv('maze2d-umaze-v1');
  });
  afterAll(() => {
    model.dispose();
    env.close();
  });

  const planner = (over: Partial<ConstructorParameters<typeof DiffuserPlanner>[0]> = {}) =>
    new DiffuserPlanner({ model, horizon: 3, samplingSteps: 4, seed: 1, env, ...over });
  const obs = [1, 1, 0.2, -0.3];
  const goal = [3, 1];

  it('should inpaint the goal with zero velocity on the last planned frame', async () => {
    const agent = planner();
    agent.reset();
    await agent.act(obs, { goal });
    const last = agent.currentPlan(0)!.observations.at(-1)!;
    expect(Array.from(last).map((v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual([3, 1, 0, 0]);
  });

  it("should follow the planned states with Diffuser's controller and plan only once", async () => {
    const agent = planner();
    agent.reset();
    let o = obs;
    for (let t = 0; t < 9; t++) {
      const a = await agent.act(o, { goal });
      const plan = agent.currentPlan(0)!;
      const last = plan.observations.length - 1; // 6 frames
      const wp = plan.observations[Math.min(t, last)];
      const wv = t <= last ? [wp[2], wp[3]] : [0, 0];
      const expected = [wp[0] - o[0] + (wv[0] - o[2]), wp[1] - o[1] + (wv[1] - o[3])];
      expect(Array.from(a)).toEqual(Array.from(env.actionSpace.clip(expected)));
      o = [o[0] + 0.01, o[1], o[2], o[3]];
    }
    expect(agent.stats.replans).toBe(1);
  });

  it('should execute the diffused actions and replan when they run out, or every replanEvery steps', async () => {
    const diffused = planner({ controller: 'diffused' });
    diffused.reset();
    const first = await diffused.act(obs, { goal });
    expect(Array.from(first)).toEqual(Array.from(env.actionSpace.clip(diffused.currentPlan(0)!.actions[0])));
    for (let t = 1; t < 7; t++) await diffused.act(obs, { goal });
    expect(diffused.stats.replans).toBe(2); // 6 planned frames
    const replanning = planner({ replanEvery: 2 });
    replanning.reset();
    for (let t = 0; t < 5; t++) await replanning.act(obs, { goal });
    expect(replanning.stats.replans).toBe(3);
  });

  it('should plan env i alone as it plans it inside a batch (one noise stream per env)', async () => {
    const observations = [obs, [2, 1, 0, 0], [1, 2, 0.1, 0]];
    const goals = [goal, goal, [1, 3]];
    const batched = planner({ env: undefined });
    batched.reset({ numEnvs: 3 });
    await batched.actBatch(observations, { goals });
    const plans = new Set<string>();
    for (const i of [0, 2]) {
      const alone = planner({ env: undefined });
      alone.reset({ numEnvs: 3 });
      await alone.actBatch([observations[i]], { goals: [goals[i]], envIndices: [i] });
      const a = alone.currentPlan(i)!.actions;
      const b = batched.currentPlan(i)!.actions;
      const diff = Math.max(...a.flatMap((x, t) => Array.from(x, (v, d) => Math.abs(v - b[t][d]))));
      expect([i, diff < 1e-4]).toEqual([i, true]);
      plans.add(JSON.stringify(Array.from(a[0])));
    }
    expect(plans.size).toBe(2); // different envs draw different noise
  });

  it('should refuse a causal backbone unless asked, and check its options', () => {
    const causal = tinyModel({ layout: MAZE_LAYOUT });
    try {
      expect(() => planner({ model: causal })).toThrow(/expected a non-causal backbone/);
      expect(() => planner({ model: causal, allowCausal: true })).not.toThrow();
    } finally {
      causal.dispose();
    }
    expect(() => planner({ controller: 'lqr' as 'pd' })).toThrow(/controller must be 'pd' or 'diffused'/);
    expect(() => planner({ controllerDims: { position: [0, 1], velocity: [2, 9] } })).toThrow(/controllerDims must give 2 position and 2 velocity dims/);
    expect(() => planner({ horizon: 0 })).toThrow(/horizon \(tokens\)/);
  });
});
