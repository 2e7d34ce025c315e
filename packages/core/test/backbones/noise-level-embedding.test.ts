import { Rng } from '@dfp/envs';
import { initBackend, tf } from '@dfp/core';
import { ParamStore } from '../../src/backbones/param-store';
import { sinusoidalTable } from '../../src/backbones/noise-level-embedding';
import { NoiseLevelEmbedding } from '../../src/backbones/noise-level-embedding';

describe('sinusoidalTable', () => {
  it('should put dim/2 sines then dim/2 cosines of k·exp(-i ln θ / (dim/2 - 1))', () => {
    const t = sinusoidalTable(3, 4);
    // k = 2: frequencies 1 and 1/10000
    expect(t[8]).toBeCloseTo(Math.sin(2), 6);
    expect(t[9]).toBeCloseTo(Math.sin(2e-4), 6);
    expect(t[10]).toBeCloseTo(Math.cos(2), 6);
    expect(t[11]).toBeCloseTo(Math.cos(2e-4), 6);
    expect(Array.from(t.subarray(0, 4))).toEqual([0, 0, 1, 1]);
  });

  it('should reject an odd or tiny width', () => {
    expect(() => sinusoidalTable(2, 5)).toThrow(/even integer >= 4/);
  });
});

describe('NoiseLevelEmbedding', () => {
  it('should map levels to [n, outDim] and give equal rows for equal levels', async () => {
    await initBackend('wasm');
    const store = new ParamStore(new Rng(2));
    const e = new NoiseLevelEmbedding(store, 'emb', 50, 8, 6);
    const out = tf.tidy(() => e.apply(tf.tensor1d([3, 49, 3], 'int32')));
    expect(out.shape).toEqual([3, 6]);
    const v = out.arraySync() as number[][];
    expect(v[0]).toEqual(v[2]);
    expect(v[0]).not.toEqual(v[1]);
    out.dispose();
    e.dispose();
    store.dispose();
  });
});
