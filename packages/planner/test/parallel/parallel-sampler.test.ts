import { DiffusionModel, initBackend, tf } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { custom, goalDistance } from '../../src/guidance/objectives';
import { ParallelSampler } from '../../src/parallel/parallel-sampler';
import { sample } from '../../src/sample';
import { tinyModel } from '../helpers/tiny-model';

// The worker threads run the compiled packages (packages/*/dist): build first (`npm run build`).
const LAYOUT = { obsDim: 2, actDim: 1, rewardDim: 0 as const, frameStack: 2 };
const NORM = { mean: Float32Array.from([0.2, -0.1, 0]), std: Float32Array.from([1.5, 0.8, 1]) };
const OBS = [[0.1, 0.2], [-0.5, 1], [0.3, -0.7], [1, 1], [0, -1]];
const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const streams = (n: number): Rng[] => Array.from({ length: n }, (_, i) => new Rng(100 + i));

describe('ParallelSampler', () => {
  let model: DiffusionModel;
  let ps: ParallelSampler;
  beforeAll(async () => {
    await initBackend('wasm');
    model = DiffusionModel.create({ layout: LAYOUT, backbone: { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 }, schedule: { kind: 'linear', K: 100 } }, NORM, 3);
    ps = await ParallelSampler.start(model, 2);
  });
  afterAll(async () => {
    await ps.close();
    model.dispose();
  });

  it('should give the 1-thread plans (to float rounding) from 2 threads, guided with MCG, and advance every row stream alike', async () => {
    // Arrange
    const options = { horizon: 4, samplingSteps: 5, eta: 0.5, guidance: { objective: goalDistance(), scale: 10, mcgSamples: 2, goals: OBS.map(() => [1, 1]) } };
    const single = streams(OBS.length);
    const split = streams(OBS.length);
    const before = tf.memory().numTensors;
    // Act
    const a = await sample(model, OBS, { ...options, rng: single });
    const b = await ps.sample(OBS, { ...options, rng: split });
    // Assert
    expect(ps.threads).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    expect(b.tokens.length).toBe(a.tokens.length);
    expect(maxAbsDiff(a.tokens, b.tokens)).toBeLessThan(1e-4);
    expect(b.stats.tokenEvaluations).toBe(a.stats.tokenEvaluations);
    expect(split.map((r) => r.getState())).toEqual(single.map((r) => r.getState()));
  });

  it('should reject a shared Rng, a custom objective and a bad thread count with clear errors', async () => {
    await expect(ps.sample(OBS, { horizon: 2, samplingSteps: 2, rng: new Rng(0) })).rejects.toThrow(/needs one Rng per batch row \(5\)/);
    const objective = custom((pred) => pred.obs.sum([1, 2]), 'mine');
    await expect(ps.sample(OBS, { horizon: 2, samplingSteps: 2, rng: streams(5), guidance: { objective, scale: 1 } })).rejects.toThrow(/objective 'mine' cannot be rebuilt/);
    await expect(ParallelSampler.start(model, 0)).rejects.toThrow(/threads must be an integer in \[1, 64\], received 0/);
  });

  it('should sample on the calling thread for 1 thread or a single row, with any model spec', async () => {
    const tiny = tinyModel({ kind: 'rnn' });
    const one = await ParallelSampler.start(tiny, 1);
    try {
      const a = await one.sample([[0, 0]], { horizon: 2, samplingSteps: 2, rng: new Rng(1) });
      const b = await sample(tiny, [[0, 0]], { horizon: 2, samplingSteps: 2, rng: new Rng(1) });
      expect(a.tokens).toEqual(b.tokens);
      // One row is not split: a shared Rng is fine and the result is exactly sample's.
      const lone = await ps.sample([[0, 0]], { horizon: 2, samplingSteps: 2, rng: new Rng(1) });
      expect(lone.tokens).toEqual((await sample(model, [[0, 0]], { horizon: 2, samplingSteps: 2, rng: new Rng(1) })).tokens);
      await expect(ParallelSampler.start(tiny, 2)).rejects.toThrow(/more than one thread needs a DiffusionModel/);
    } finally {
      await one.close();
      tiny.dispose();
    }
  });
});
