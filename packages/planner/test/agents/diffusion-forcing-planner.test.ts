import { initBackend, tf } from '@dfp/core';
import { Box, makeEnv } from '@dfp/envs';
import type { Env } from '@dfp/envs';
import { DiffusionForcingPlanner } from '../../src/agents/diffusion-forcing-planner';
import { goalDistance } from '../../src/guidance/objectives';
import { tinyModel } from '../helpers/tiny-model';
import type { TinyModel } from '../helpers/tiny-model';

const MAZE_LAYOUT = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 2 };

describe('DiffusionForcingPlanner', () => {
  let model: TinyModel;
  let env: Env;
  beforeAll(async () => {
    await initBackend('wasm');
    model = tinyModel({ layout: MAZE_LAYOUT });
    // Wide action std: raw planned actions exceed [-1, 1], so clamping is visible.
    (model.normalizer.std as Float32Array).set([1, 1, 1, 1, 5, 5]);
    env = makeEnv('maze2d-umaze-v1');
  });
  afterAll(() => {
    model.dispose();
    env.close();
  });

  const planner = (over: Partial<ConstructorParameters<typeof DiffusionForcingPlanner>[0]> = {}) =>
    new DiffusionForcingPlanner({ model, samplingSteps: 3, episodeLength: 12, seed: 3, ...over });
  const obs = [1, 1, 0.1, -0.1];

  it('should execute the first openLoopHorizon diffused actions, clamped to the action space, then replan', async () => {
    const agent = planner({ env, openLoopHorizon: 3 });
    agent.reset();
    const actions: Float64Array[] = [];
    for (let t = 0; t < 4; t++) actions.push(await agent.act(obs));
    expect(agent.stats.replans).toBe(2);
    const plan = agent.currentPlan(0)!;
    expect(Array.from(actions[3])).toEqual(Array.from(env.actionSpace.clip(plan.actions[0])));
    expect(actions.every((a) => a.length === 2 && a.every((v) => v >= -1 && v <= 1))).toBe(true);
    expect(actions.flatMap((a) => Array.from(a)).some((v) => Math.abs(v) === 1)).toBe(true);
  });

  it("should plan the remaining episode with horizon 'remaining' and zero-weight the final frame", async () => {
    const agent = planner({ openLoopHorizon: 4 });
    agent.reset();
    await agent.act(obs);
    expect(agent.currentPlan(0)!.tokens).toBe(6); // 12 remaining frames / frameStack 2
    for (let t = 0; t < 4; t++) await agent.act(obs);
    const plan = agent.currentPlan(0)!;
    expect(plan.tokens).toBe(4); // 8 remaining frames
    expect(Array.from(plan.frameWeights)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(plan.observations.length).toBe(8);
  });

  it('should cap the remaining horizon at maxHorizon and honour a fixed horizon', async () => {
    const capped = planner({ maxHorizon: 2 });
    expect((await capped.plan(obs)).tokens).toBe(2);
    const fixed = planner({ horizon: 3, episodeLength: undefined });
    expect((await fixed.plan(obs)).tokens).toBe(3);
  });

  it('should be deterministic given the seed and keep one state per env in actBatch', async () => {
    const run = async (): Promise<number[]> => {
      const agent = planner({ guidance: goalDistance(), scale: 5, mcgSamples: 2 });
      agent.reset({ numEnvs: 3 });
      const out: number[] = [];
      for (let t = 0; t < 3; t++) {
        const a = await agent.actBatch([obs, [2, 1, 0, 0], [1, 2, 0, 0]], { goals: [[3, 1], [3, 1], [1, 3]] });
        out.push(...a.flatMap((x) => Array.from(x)));
      }
      expect(agent.stats.replans).toBe(2); // one batched call for all three envs, every frameStack steps
      expect(agent.stats.plannedEnvs).toBe(6);
      return out;
    };
    expect(await run()).toEqual(await run());
  });

  it('should act for a subset of envs through envIndices', async () => {
    const agent = planner();
    agent.reset({ numEnvs: 2 });
    await agent.actBatch([obs], { envIndices: [1] });
    expect(agent.currentPlan(0)).toBeNull();
    expect(agent.currentPlan(1)).not.toBeNull();
    await expect(agent.actBatch([obs], { envIndices: [2] })).rejects.toThrow(/envIndices \(the agent was reset for 2 envs\): expected an integer in \[0, 1\], received 2/);
  });

  it('should check the env and observation dims with clear errors', async () => {
    const hopperLike = { id: 'hopper-like', observationSpace: new Box(-1, 1, [11]), actionSpace: new Box(-1, 1, [3]), maxEpisodeSteps: 1000 };
    expect(() => planner({ env: hopperLike })).toThrow(/expects observations of size 4 and actions of size 2 \(model token layout\), but env 'hopper-like' has observation size 11 and action size 3/);
    const agent = planner();
    await expect(agent.act([1, 2, 3])).rejects.toThrow(/observation 0 \(expected size 4\): expected length 4, received length 3/);
    await expect(planner({ episodeLength: undefined }).act(obs)).rejects.toThrow(/horizon 'remaining' needs the episode length/);
    await expect(planner({ guidance: goalDistance() }).act(obs)).rejects.toThrow(/needs a goal/);
    expect(() => planner({ horizon: 1, openLoopHorizon: 3 })).toThrow(/shorter than openLoopHorizon 3/);
    expect(() => planner({ guidance: 'goal' as never })).toThrow(/guidance must be a GuidanceObjective/);
  });

  it('should not leak tensors over many replans', async () => {
    const agent = planner({ guidance: goalDistance([3, 1]), scale: 5, mcgSamples: 2, openLoopHorizon: 1 });
    agent.reset();
    await agent.act(obs);
    const before = tf.memory().numTensors;
    for (let t = 0; t < 6; t++) await agent.act(obs);
    expect(tf.memory().numTensors).toBe(before);
  });
});
