import { DiffusionModel, initBackend, tf } from '@dfp/core';
import { Rng, makeEnv } from '@dfp/envs';
import { DiffuserPlanner, DiffusionForcingPlanner, evaluate, goalDistance, rollout } from '@dfp/planner';

// tf.memory().numTensors must stay flat over many planner calls (guided, MCG, batched; both backbones).
const LAYOUT = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 2 };
const NORM = { mean: Float32Array.from([2, 2, 0, 0, 0, 0]), std: Float32Array.from([1, 1, 2, 2, 0.7, 0.7]) };
const model = (backbone: Record<string, unknown>): DiffusionModel =>
  DiffusionModel.create({ layout: LAYOUT, backbone, schedule: { kind: 'linear', K: 100 } }, NORM, 0);

describe('planner tensor hygiene', () => {
  beforeAll(() => initBackend('wasm'));

  it('should keep tf.memory().numTensors flat over many planner calls', async () => {
    const rnn = model({ kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 });
    const nonCausal = model({ kind: 'transformer', width: 16, layers: 1, heads: 2, ffMult: 2, embDim: 8, causal: false });
    const env = makeEnv('maze2d-umaze-v1');
    try {
      const df = new DiffusionForcingPlanner({ model: rnn, samplingSteps: 3, maxHorizon: 3, guidance: goalDistance(), scale: 5, mcgSamples: 2, openLoopHorizon: 1, env });
      const diffuser = new DiffuserPlanner({ model: nonCausal, horizon: 2, samplingSteps: 3, replanEvery: 1, env });
      const obs = [[1, 1, 0, 0], [3, 3, 0.1, 0]];
      const goals = [[3, 1], [1, 3]];
      const round = async (): Promise<void> => {
        df.reset({ numEnvs: 2 });
        diffuser.reset({ numEnvs: 2 });
        for (let t = 0; t < 3; t++) {
          await df.actBatch(obs, { goals });
          await diffuser.actBatch(obs, { goals });
        }
        await rollout(rnn, obs, { tokens: 3, samplingSteps: 2, rng: new Rng(1) });
        await evaluate(env, df, { episodes: 1, maxSteps: 2 });
        await expect(df.act([1, 1, 0, 0])).rejects.toThrow(/needs a goal/);
      };
      await round(); // warm-up: lazily created kernels and caches
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        await round();
        expect(tf.memory().numTensors).toBe(before);
      }
    } finally {
      rnn.dispose();
      nonCausal.dispose();
      env.close();
    }
  });
});
