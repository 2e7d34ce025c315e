import { DiffusionModel, initBackend, tf } from '@dfp/core';
import { Box, makeEnv } from '@dfp/envs';
import type { Env } from '@dfp/envs';
import { DiffusionForcingPlanner } from '../../src/agents/diffusion-forcing-planner';
import { custom, goalDistance } from '../../src/guidance/objectives';
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

  it('should plan env i alone as it plans it inside a batch (one noise stream per env)', async () => {
    // Arrange: guided, MCG and DDIM η-noise, so every kind of draw is exercised
    const opts = { guidance: goalDistance(), scale: 5, mcgSamples: 2, eta: 0.5 };
    const observations = [obs, [2, 1, 0, 0], [1, 2, 0, 0]];
    const goals = [[3, 1], [3, 1], [1, 3]];
    const batched = planner(opts);
    batched.reset({ numEnvs: 3 });
    await batched.actBatch(observations, { goals });
    for (const i of [0, 2]) {
      const alone = planner(opts);
      alone.reset({ numEnvs: 3 });
      // Act: only env i replans
      await alone.actBatch([observations[i]], { goals: [goals[i]], envIndices: [i] });
      // Assert
      const a = alone.currentPlan(i)!;
      const b = batched.currentPlan(i)!;
      const diff = Math.max(...a.observations.flatMap((o, t) => Array.from(o, (v, d) => Math.abs(v - b.observations[t][d]))));
      expect([i, diff < 1e-4]).toEqual([i, true]);
    }
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

describe('DiffusionForcingPlanner with workers', () => {
  // The worker threads run the compiled packages (packages/*/dist): build first (`npm run build`).
  let model: DiffusionModel;
  beforeAll(async () => {
    await initBackend('wasm');
    const norm = { mean: Float32Array.from([1, 1, 0, 0, 0, 0]), std: Float32Array.from([1, 1, 1, 1, 2, 2]) };
    model = DiffusionModel.create({ layout: MAZE_LAYOUT, backbone: { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 }, schedule: { kind: 'linear', K: 100 } }, norm, 4);
  });
  afterAll(() => model.dispose());

  const planner = (workers: number) =>
    new DiffusionForcingPlanner({ model, samplingSteps: 3, episodeLength: 8, seed: 7, guidance: goalDistance(), scale: 5, mcgSamples: 2, workers });
  const observations = [[1, 1, 0.1, -0.1], [2, 1, 0, 0], [1, 2, 0, 0], [3, 3, 0.2, 0]];
  const goals = [[3, 1], [3, 1], [1, 3], [1, 1]];

  it('should give the 1-thread actions and plans (to float rounding) with 2 workers, replan after replan', async () => {
    // Arrange
    const one = planner(1);
    const two = planner(2);
    const before = tf.memory().numTensors;
    try {
      // Act: 2 replans of 4 envs (frameStack 2 steps each)
      for (let t = 0; t < 4; t++) {
        const a = await one.actBatch(observations, { goals });
        const b = await two.actBatch(observations, { goals });
        // Assert
        const diff = Math.max(...a.flatMap((x, j) => Array.from(x, (v, d) => Math.abs(v - b[j][d]))));
        expect([t, diff < 1e-4]).toEqual([t, true]);
      }
      expect(two.stats.replans).toBe(2);
      const p1 = one.currentPlan(3)!.observations.flatMap((o) => Array.from(o));
      const p2 = two.currentPlan(3)!.observations.flatMap((o) => Array.from(o));
      expect(Math.max(...p1.map((v, i) => Math.abs(v - p2[i])))).toBeLessThan(1e-4);
    } finally {
      await two.close();
      await two.close(); // idempotent
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('should reject workers that cannot be used, with clear errors', () => {
    const mine = custom((pred) => pred.obs.sum([1, 2]), 'mine');
    expect(() => new DiffusionForcingPlanner({ model, guidance: mine, workers: 2 })).toThrow(/workers 2 cannot use guidance objective 'mine': a custom\(fn\) objective cannot cross threads/);
    expect(() => new DiffusionForcingPlanner({ model, workers: 0 })).toThrow(/workers: expected an integer in \[1, 64\], received 0/);
    const tiny = tinyModel({ layout: MAZE_LAYOUT });
    try {
      expect(() => new DiffusionForcingPlanner({ model: tiny, workers: 2 })).toThrow(/workers 2 needs a DiffusionModel from @dfp\/core/);
    } finally {
      tiny.dispose();
    }
  });
});
