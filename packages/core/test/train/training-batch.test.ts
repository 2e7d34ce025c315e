import { Rng } from '@dfp/envs';
import { NoiseSchedule, lossWeightTable, sampleNoiseLevels, type WindowBatch } from '@dfp/core';
import { makeTrainingBatch, splitTrainingBatch } from '../../src/train/training-batch';
import { maxAbsDiff } from '../helpers/tiny';

function windows(): WindowBatch {
  const n = 2 * 3 * 4;
  return {
    batchSize: 2, tokens: 3, tokenDim: 4, obsDim: 1,
    obs0: new Float32Array([0.5, -0.5]),
    x0: Float32Array.from({ length: n }, (_, i) => Math.sin(i)),
    mask: Float32Array.from({ length: n }, (_, i) => (i < n - 4 ? 1 : 0)),
    starts: new Int32Array([0, 1]),
  };
}

describe('makeTrainingBatch', () => {
  const schedule = new NoiseSchedule('linear', 100);

  it('should noise each token at its own level with ε drawn after the levels, and keep x0 as the target', () => {
    const w = windows();
    const b = makeTrainingBatch(w, schedule, 'x0', lossWeightTable({ kind: 'constant' }, 'x0', schedule.alphaBar), 'per-token', new Rng(1));
    const rng = new Rng(1);
    const k = sampleNoiseLevels(rng, 2, 3, 100, 'per-token');
    const eps = rng.fillNormal(new Float32Array(24));
    expect(b.k).toEqual(k);
    const perElement = Array.from({ length: 24 }, (_, i) => k[Math.floor(i / 4)]);
    expect(maxAbsDiff(b.xk, schedule.qSample(w.x0, eps, perElement))).toBeLessThan(1e-6);
    expect(Array.from(b.target)).toEqual(Array.from(w.x0));
  });

  it('should put the padding mask into the weights and zero them on padded frames', () => {
    const b = makeTrainingBatch(windows(), schedule, 'x0', lossWeightTable({ kind: 'constant', scale: 2 }, 'x0', schedule.alphaBar), 'per-token', new Rng(1));
    expect(Array.from(b.weight.subarray(0, 20))).toEqual(new Array(20).fill(2));
    expect(Array.from(b.weight.subarray(20))).toEqual([0, 0, 0, 0]);
  });

  it('should give ε as the target of the eps objective', () => {
    const w = windows();
    const b = makeTrainingBatch(w, schedule, 'eps', lossWeightTable({ kind: 'constant' }, 'eps', schedule.alphaBar), 'shared', new Rng(3));
    for (let i = 0; i < b.xk.length; i++) {
      const ab = schedule.alphaBar[b.k[Math.floor(i / 4)]];
      expect(b.xk[i]).toBeCloseTo(Math.sqrt(ab) * w.x0[i] + Math.sqrt(1 - ab) * b.target[i], 5);
    }
    expect(new Set(b.k.subarray(0, 3)).size).toBe(1);
  });

  it('should be deterministic given the generator', () => {
    const t = lossWeightTable({ kind: 'constant' }, 'x0', schedule.alphaBar);
    const a = makeTrainingBatch(windows(), schedule, 'x0', t, 'per-token', new Rng(7));
    const c = makeTrainingBatch(windows(), schedule, 'x0', t, 'per-token', new Rng(7));
    expect(a.xk).toEqual(c.xk);
    expect(a.k).toEqual(c.k);
  });
});

describe('splitTrainingBatch', () => {
  const schedule = new NoiseSchedule('linear', 100);
  const batch = makeTrainingBatch(windows(), schedule, 'x0', lossWeightTable({ kind: 'constant' }, 'x0', schedule.alphaBar), 'per-token', new Rng(1));

  it('should cut the batch into equal views that tile it', () => {
    const parts = splitTrainingBatch(batch, 2);
    expect(parts.map((p) => p.batchSize)).toEqual([1, 1]);
    expect(Array.from(parts[1].obs0)).toEqual([-0.5]);
    expect([...parts[0].xk, ...parts[1].xk]).toEqual([...batch.xk]);
    expect([...parts[0].k, ...parts[1].k]).toEqual([...batch.k]);
    expect(parts[1].weight.length).toBe(12);
  });

  it('should reject a number of parts that does not divide the batch', () => {
    expect(() => splitTrainingBatch(batch, 3)).toThrow(/dividing the batch size 2, received 3/);
  });
});
