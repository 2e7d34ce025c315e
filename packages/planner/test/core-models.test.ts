import { DiffusionModel, initBackend } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { goalDistance } from '../src/guidance/objectives';
import { rollout } from '../src/rollout';
import { sample } from '../src/sample';

// The planner against @dfp/core's real backbones (random weights): RNN (stepwise) and transformers.
const LAYOUT = { obsDim: 2, actDim: 1, rewardDim: 0 as const, frameStack: 2 };
const NORM = { mean: Float32Array.from([0.2, -0.1, 0]), std: Float32Array.from([1.5, 0.8, 1]) };
const create = (backbone: Record<string, unknown>): DiffusionModel =>
  DiffusionModel.create({ layout: LAYOUT, backbone, schedule: { kind: 'linear', K: 100 } }, NORM, 1);
const OBS = [[0.1, 0.2], [-0.5, 1]];

describe('sample with @dfp/core models', () => {
  let rnn: DiffusionModel;
  let causal: DiffusionModel;
  beforeAll(async () => {
    await initBackend('wasm');
    rnn = create({ kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 });
    causal = create({ kind: 'transformer', width: 16, layers: 2, heads: 2, ffMult: 2, embDim: 8, causal: true });
  });
  afterAll(() => {
    rnn.dispose();
    causal.dispose();
  });

  it("should give bit-identical guided MCG plans with and without the prefix cache on core's RNN", async () => {
    const opts = { horizon: 4, samplingSteps: 4, guidance: { objective: goalDistance([1, 1]), scale: 20, mcgSamples: 2 } };
    const cached = await sample(rnn, OBS, { ...opts, rng: new Rng(5) });
    const uncached = await sample(rnn, OBS, { ...opts, rng: new Rng(5), cachePrefix: false });
    expect(cached.tokens).toEqual(uncached.tokens);
    expect(cached.stats.backboneCalls).toBeLessThan(uncached.stats.backboneCalls);
  });

  it("should match core's RNN stepwise path and its whole-sequence forward path", async () => {
    // Hide `step` to force the forward path on the same weights.
    const forwardOnly = { ...rnn, layout: rnn.layout, objective: rnn.objective, K: rnn.K, alphaBar: rnn.alphaBar, normalizer: rnn.normalizer, backbone: Object.assign(Object.create(Object.getPrototypeOf(rnn.backbone)), rnn.backbone, { step: undefined }) };
    const a = await sample(rnn, OBS, { horizon: 3, samplingSteps: 3, rng: new Rng(2) });
    const b = await sample(forwardOnly, OBS, { horizon: 3, samplingSteps: 3, rng: new Rng(2) });
    let m = 0;
    a.tokens.forEach((v, i) => (m = Math.max(m, Math.abs(v - b.tokens[i]))));
    expect(m).toBeLessThan(1e-4);
  });

  it("should plan and roll out with core's causal transformer", async () => {
    const r = await sample(causal, OBS, { horizon: 3, samplingSteps: 3, rng: new Rng(1), guidance: { objective: goalDistance([1, 1]), scale: 5, mcgSamples: 2 } });
    expect(r.tokens.every(Number.isFinite)).toBe(true);
    const long = await rollout(causal, OBS, { tokens: 5, samplingSteps: 2, window: 3, rng: new Rng(1) });
    expect(long.tokens.every(Number.isFinite)).toBe(true);
  });
});
