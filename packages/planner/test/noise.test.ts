import { initBackend } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { normalTensor, scaledNormalTensor } from '../src/noise';

describe('normalTensor', () => {
  beforeAll(() => initBackend('wasm'));

  it('should draw from the given Rng, reproducibly', () => {
    const a = normalTensor(new Rng(4), [2, 3]).dataSync();
    const b = normalTensor(new Rng(4), [2, 3]).dataSync();
    const expected = new Rng(4).fillNormal(new Float32Array(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).toEqual(Array.from(expected));
  });
});

describe('scaledNormalTensor', () => {
  it('should draw only for non-zero scales, scaled, and zeros elsewhere', () => {
    const rng = new Rng(9);
    const t = scaledNormalTensor(rng, [0, 2, 0], [2]).arraySync() as number[][];
    const ref = new Rng(9);
    const n1 = ref.normal();
    const n2 = ref.normal();
    expect(t[0]).toEqual([0, 0]);
    expect(t[1][0]).toBeCloseTo(2 * n1, 5);
    expect(t[1][1]).toBeCloseTo(2 * n2, 5);
    expect(t[2]).toEqual([0, 0]);
    expect(rng.normal()).toBe(ref.normal()); // exactly two draws consumed
  });
});
