import { Rng } from '@dfp/envs';
import { initBackend, tf } from '@dfp/core';
import { ParamStore } from '../../src/backbones/param-store';
import { createGru, gruCell, type GruParams } from '../../src/backbones/gru-cell';
import type { LinearParams } from '../../src/backbones/param-store';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** `x·W + b` in plain JS for one row, W `[in, out]` row-major. */
function affine(row: number[], l: LinearParams): number[] {
  const w = l.w.dataSync();
  const b = l.b!.dataSync();
  return Array.from(b, (bj, j) => bj + row.reduce((s, v, i) => s + v * w[i * b.length + j], 0));
}

/** PyTorch GRUCell equations in plain JS. */
function referenceGru(p: GruParams, x: number[][], h: number[][]): number[][] {
  return x.map((xb, bi) => {
    const [ir, iz, inn] = [affine(xb, p.input.r), affine(xb, p.input.z), affine(xb, p.input.n)];
    const [hr, hz, hn] = [affine(h[bi], p.hidden.r), affine(h[bi], p.hidden.z), affine(h[bi], p.hidden.n)];
    return h[bi].map((hj, j) => {
      const r = sigmoid(ir[j] + hr[j]);
      const z = sigmoid(iz[j] + hz[j]);
      const n = Math.tanh(inn[j] + r * hn[j]);
      return (1 - z) * n + z * hj;
    });
  });
}

describe('gruCell', () => {
  it('should match a plain-JS PyTorch GRUCell on a tiny case', () => {
    const store = new ParamStore(new Rng(11));
    const p = createGru(store, 'gru', 3, 2);
    const x = [[0.5, -1, 2], [0, 0.3, -0.7]];
    const h = [[0.1, -0.2], [0.9, 0.4]];
    const out = tf.tidy(() => gruCell(p, tf.tensor2d(x), tf.tensor2d(h)));
    expect(maxAbsDiff(out.dataSync(), referenceGru(p, x, h).flat())).toBeLessThan(1e-5);
    out.dispose();
    store.dispose();
  });

  it('should initialise weights within ±1/√hidden like PyTorch', () => {
    const store = new ParamStore(new Rng(1));
    createGru(store, 'gru', 5, 4);
    for (const v of store.variables) expect(Math.max(...Array.from(v.dataSync(), Math.abs))).toBeLessThanOrEqual(0.5);
    expect(store.names.filter((n) => n.endsWith('/w'))).toEqual(['gru/input_r/w', 'gru/input_z/w', 'gru/input_n/w', 'gru/hidden_r/w', 'gru/hidden_z/w', 'gru/hidden_n/w']);
    store.dispose();
  });
});
