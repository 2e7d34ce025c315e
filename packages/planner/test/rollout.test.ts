import { tf } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { rollout } from '../src/rollout';
import { useTinyModels } from './helpers/tiny-model';

describe('rollout', () => {
  const tiny = useTinyModels();
  const OBS = [[0.5, -1], [1, 2]];
  const S = 4;

  it('should roll a stepwise backbone out far past a training window with constant cost per token', async () => {
    const short = await rollout(tiny.rnn, OBS, { tokens: 5, samplingSteps: S, rng: new Rng(1) });
    const long = await rollout(tiny.rnn, OBS, { tokens: 40, samplingSteps: S, rng: new Rng(1) });
    expect(long.trajectories[0].observations).toHaveLength(80);
    expect(long.tokens.every(Number.isFinite)).toBe(true);
    // One DDIM step per row for the current token plus one stabilized step when a token joins the cache.
    expect(long.stats.backboneCalls).toBe(40 * (S + 1) - 1);
    expect(short.stats.backboneCalls).toBe(5 * (S + 1) - 1);
    // The first tokens do not depend on how far the rollout goes (causal, same noise stream).
    expect(Array.from(long.tokens.subarray(0, 5 * 6))).toEqual(Array.from(short.tokens.subarray(0, 5 * 6)));
  });

  it('should equal the stepwise rollout for a whole-sequence backbone while the window covers everything', async () => {
    const a = await rollout(tiny.rnn, OBS, { tokens: 4, samplingSteps: S, rng: new Rng(2) });
    const b = await rollout(tiny.fwd, OBS, { tokens: 4, samplingSteps: S, rng: new Rng(2), window: 4 });
    let m = 0;
    a.tokens.forEach((v, i) => (m = Math.max(m, Math.abs(v - b.tokens[i]))));
    expect(m).toBeLessThan(1e-5);
  });

  it('should slide the window past the training horizon', async () => {
    const r = await rollout(tiny.fwd, OBS, { tokens: 9, samplingSteps: S, rng: new Rng(3), window: 3 });
    expect(r.tokens.length).toBe(2 * 9 * 6);
    expect(r.tokens.every(Number.isFinite)).toBe(true);
    expect(r.stats.tokenEvaluations).toBe(S * (1 + 2 + 3 * 7)); // window sizes 1, 2, 3, 3, ...
  });

  it('should require a window for whole-sequence backbones and not leak', async () => {
    await expect(rollout(tiny.fwd, OBS, { tokens: 3, rng: new Rng(0) })).rejects.toThrow(/needs window/);
    await rollout(tiny.fwd, OBS, { tokens: 3, samplingSteps: 2, rng: new Rng(0), window: 2 });
    const before = tf.memory().numTensors;
    await rollout(tiny.fwd, OBS, { tokens: 4, samplingSteps: 2, rng: new Rng(0), window: 2, eta: 0.5 });
    await rollout(tiny.rnn, OBS, { tokens: 4, samplingSteps: 2, rng: new Rng(0) });
    expect(tf.memory().numTensors).toBe(before);
  });
});
