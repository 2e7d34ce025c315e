import { tf } from '@dfp/core';
import { DfpArgumentError, Rng } from '@dfp/envs';
import { goalDistance } from '../src/guidance/objectives';
import { sample } from '../src/sample';
import type { SampleOptions } from '../src/sample';
import { pyramidMatrix } from '../src/schedule';
import { tinyModel, useTinyModels } from './helpers/tiny-model';

const OBS = [
  [0.5, -1],
  [2, 1.5],
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('sample', () => {
  const tiny = useTinyModels();

  const base = (over: Partial<SampleOptions> = {}): SampleOptions => ({ horizon: 4, samplingSteps: 5, rng: new Rng(7), ...over });
  const guided = (mcgSamples = 1) => ({ objective: goalDistance([1, -1]), scale: 50, mcgSamples });

  it('should be deterministic given the seed', async () => {
    const a = await sample(tiny.rnn, OBS, base());
    const b = await sample(tiny.rnn, OBS, base());
    const c = await sample(tiny.rnn, OBS, base({ rng: new Rng(8) }));
    expect(a.tokens).toEqual(b.tokens);
    expect(maxAbsDiff(a.tokens, c.tokens)).toBeGreaterThan(1e-3);
    expect(a.tokens.length).toBe(2 * 4 * 6);
  });

  it('should give row b the plan of its own Rng whatever the other rows are, with one Rng per row', async () => {
    // Arrange: guided with MCG and DDIM η-noise on both backbone paths
    for (const model of [tiny.rnn, tiny.fwd]) {
      const opts = base({ guidance: guided(2), eta: 0.5 });
      const both = await sample(model, OBS, { ...opts, rng: [new Rng(1), new Rng(2)] });
      // Act: row 1 alone with the same stream
      const alone = await sample(model, [OBS[1]], { ...opts, rng: [new Rng(2)] });
      // Assert
      expect(maxAbsDiff(both.tokens.subarray(4 * 6), alone.tokens)).toBeLessThan(1e-5);
    }
    await expect(sample(tiny.rnn, OBS, base({ rng: [new Rng(1)] }))).rejects.toThrow(/sample: rng must have one Rng per batch row \(2\), received an array of 1/);
  });

  it('should leave the first token unchanged by the stabilization level under the pyramid, and change later tokens', async () => {
    // Token 0 finishes in row S-1, before any token is fed back at the stabilization level, so the executed
    // frames of a replan every frameStack steps do not depend on it (the Maze2D tuning found identical scores).
    const opts = base({ guidance: guided(2), scheduling: 'pyramid' });
    const a = await sample(tiny.rnn, OBS, { ...opts, rng: new Rng(7), stabilizationLevel: 0 });
    const b = await sample(tiny.rnn, OBS, { ...opts, rng: new Rng(7), stabilizationLevel: 60 });
    const D = 6;
    const H = 4;
    for (let row = 0; row < OBS.length; row++) {
      const first = (t: Float32Array) => t.subarray(row * H * D, row * H * D + D);
      const later = (t: Float32Array) => t.subarray(row * H * D + D, (row + 1) * H * D);
      expect(first(a.tokens)).toEqual(first(b.tokens));
      expect(maxAbsDiff(later(a.tokens), later(b.tokens))).toBeGreaterThan(1e-4);
    }
  });

  it('should give bit-identical plans with and without the prefix cache (unguided, guided, MCG, eps objective)', async () => {
    const eps = tinyModel({ kind: 'rnn', objective: 'eps', seed: 3 });
    try {
      for (const [model, guidance] of [[tiny.rnn, null], [tiny.rnn, guided()], [tiny.rnn, guided(3)], [eps, guided(2)]] as const) {
        const cached = await sample(model, OBS, base({ guidance, cachePrefix: true }));
        const uncached = await sample(model, OBS, base({ guidance, cachePrefix: false }));
        expect(cached.tokens).toEqual(uncached.tokens);
        expect(cached.stats.tokenEvaluations).toBeLessThan(uncached.stats.tokenEvaluations);
      }
    } finally {
      eps.dispose();
    }
  });

  it('should cut the backbone calls of the pyramid from (S+H-1)·H to H(H-1)/2 + H(S+1) - 1 with the cache', async () => {
    const S = 5;
    const H = 4;
    const cached = await sample(tiny.rnn, OBS, base());
    const uncached = await sample(tiny.rnn, OBS, base({ cachePrefix: false }));
    expect(uncached.stats.backboneCalls).toBe((S + H - 1) * H);
    expect(cached.stats.backboneCalls).toBe((H * (H - 1)) / 2 + H * (S + 1) - 1);
    expect(cached.stats.rows).toBe(S + H - 1); // the all-finished last row is skipped
  });

  it('should match the whole-sequence path of the same network (any backbone works)', async () => {
    for (const guidance of [null, guided()]) {
      const a = await sample(tiny.rnn, OBS, base({ guidance }));
      const b = await sample(tiny.fwd, OBS, base({ guidance }));
      expect(maxAbsDiff(a.tokens, b.tokens)).toBeLessThan(1e-4);
    }
  });

  it('should give exactly the unguided sample with scale 0', async () => {
    const plain = await sample(tiny.rnn, OBS, base());
    const zero = await sample(tiny.rnn, OBS, base({ guidance: { objective: goalDistance([1, -1]), scale: 0, mcgSamples: 4 } }));
    expect(zero.tokens).toEqual(plain.tokens);
  });

  it('should move the planned positions toward the goal when guided', async () => {
    const goal = [3, -2];
    const meanDist = (tokens: Float32Array): number => {
      // frames of 3 = [x, y, a]; un-normalize with the tiny normalizer (mean 0.5i-0.3, std 1+0.25i)
      let s = 0;
      let n = 0;
      for (let i = 0; i < tokens.length; i += 3) {
        const x = tokens[i] * 1 - 0.3;
        const y = tokens[i + 1] * 1.25 + 0.2;
        s += Math.hypot(x - goal[0], y - goal[1]);
        n++;
      }
      return s / n;
    };
    const plain = await sample(tiny.rnn, OBS, base({ samplingSteps: 10 }));
    const pulled = await sample(tiny.rnn, OBS, base({ samplingSteps: 10, guidance: { objective: goalDistance(goal), scale: 50 } }));
    expect(meanDist(pulled.tokens)).toBeLessThan(meanDist(plain.tokens) - 0.1);
  });

  it('should change the plan when MCG draws more than one sample', async () => {
    const one = await sample(tiny.rnn, OBS, base({ guidance: guided(1) }));
    const four = await sample(tiny.rnn, OBS, base({ guidance: guided(4) }));
    expect(maxAbsDiff(one.tokens, four.tokens)).toBeGreaterThan(1e-6);
  });

  it('should overwrite inpainted entries after every row', async () => {
    const n = 2 * 4 * 6;
    const mask = new Float32Array(n);
    const values = new Float32Array(n);
    mask[5] = 1;
    values[5] = 0.25;
    mask[n - 1] = 1;
    values[n - 1] = -3;
    const r = await sample(tiny.rnn, OBS, base({ inpaint: { mask, values } }));
    expect(r.tokens[5]).toBe(0.25);
    expect(r.tokens[n - 1]).toBe(-3);
  });

  it('should run every scheduling kind, DDPM, eta > 0 and a custom matrix', async () => {
    for (const over of [
      { scheduling: 'full_sequence' as const },
      { scheduling: 'autoregressive' as const, unstartedTokens: 'hold' as const },
      { sampler: 'ddpm' as const },
      { eta: 0.5 },
      { scheduling: pyramidMatrix(4, 5, 2) },
    ]) {
      const r = await sample(tiny.rnn, OBS, base(over));
      expect(r.tokens.every(Number.isFinite)).toBe(true);
    }
  });

  it('should reject bad observations, horizons, matrices and goals with clear errors', async () => {
    await expect(sample(tiny.rnn, [[1, 2, 3]], base())).rejects.toThrow(/observation 0 \(the model's layout has obsDim 2\): expected length 2, received length 3/);
    await expect(sample(tiny.rnn, [[1, NaN]], base())).rejects.toThrow(/expected finite numbers, received NaN/);
    await expect(sample(tiny.rnn, OBS, base({ horizon: 0 }))).rejects.toThrow(/horizon: expected an integer in \[1/);
    await expect(sample(tiny.rnn, OBS, base({ samplingSteps: 101 }))).rejects.toThrow(DfpArgumentError);
    await expect(sample(tiny.rnn, OBS, base({ scheduling: [[0, 0, 0, 0]] }))).rejects.toThrow(/ends at DDIM index 0 < S-1 = 4/);
    await expect(sample(tiny.rnn, OBS, base({ guidance: { objective: goalDistance(), scale: 1 } }))).rejects.toThrow(/needs a goal/);
    await expect(sample(tiny.rnn, OBS, base({ guidance: { objective: goalDistance(), scale: 1, goals: [[1, 2]] } }))).rejects.toThrow(/one entry per batch element \(2\)/);
  });

  it('should not leak tensors', async () => {
    await sample(tiny.rnn, OBS, base({ guidance: guided(2) })); // warm-up (lazy kernels)
    const before = tf.memory().numTensors;
    await sample(tiny.rnn, OBS, base({ guidance: guided(2) }));
    await sample(tiny.fwd, OBS, base({ guidance: guided(2), eta: 0.3 }));
    await sample(tiny.rnn, OBS, base({ cachePrefix: false }));
    await expect(sample(tiny.rnn, OBS, base({ guidance: { objective: goalDistance(), scale: 1 } }))).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
