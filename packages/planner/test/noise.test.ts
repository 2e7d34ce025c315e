import { initBackend } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { normalTensor, rowRngs, tokenMajorNoise, tokenMajorNoiseTensor } from '../src/noise';

beforeAll(() => initBackend('wasm'));

describe('normalTensor', () => {
  it('should draw from the given Rng, reproducibly', () => {
    const a = normalTensor(new Rng(4), [2, 3]).dataSync();
    const b = normalTensor(new Rng(4), [2, 3]).dataSync();
    const expected = new Rng(4).fillNormal(new Float32Array(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).toEqual(Array.from(expected));
  });
});

describe('tokenMajorNoise', () => {
  it('should draw only for non-zero scales, scaled, and zeros elsewhere', () => {
    const rng = new Rng(9);
    const t = tokenMajorNoiseTensor([rng], [0, 2, 0], 2).arraySync();
    const ref = new Rng(9);
    const n1 = ref.normal();
    const n2 = ref.normal();
    expect(t[0]).toEqual([[0, 0]]);
    expect(t[1][0][0]).toBeCloseTo(2 * n1, 5);
    expect(t[1][0][1]).toBeCloseTo(2 * n2, 5);
    expect(t[2]).toEqual([[0, 0]]);
    expect(rng.normal()).toBe(ref.normal()); // exactly two draws consumed
  });

  it('should fill [T, B, D] like one stream when one Rng is repeated over the rows', () => {
    const shared = new Rng(3);
    const data = tokenMajorNoise([shared, shared], [1, 1, 1], 4);
    expect(Array.from(data)).toEqual(Array.from(new Rng(3).fillNormal(new Float32Array(24))));
  });

  it('should give each row the draws of its own Rng, whatever the other rows are', () => {
    // Arrange: row 1 of a batch of 3 and the same stream alone
    const batch = tokenMajorNoise([new Rng(1), new Rng(2), new Rng(5)], [1, 0.5], 3);
    const alone = tokenMajorNoise([new Rng(2)], [1, 0.5], 3);
    // Assert: token t of row 1 in the batch equals token t of the lone row
    for (let t = 0; t < 2; t++) expect(Array.from(batch.subarray((t * 3 + 1) * 3, (t * 3 + 2) * 3))).toEqual(Array.from(alone.subarray(t * 3, (t + 1) * 3)));
  });
});

describe('rowRngs', () => {
  it('should repeat a single Rng over the rows and accept one Rng per row', () => {
    const r = new Rng(0);
    expect(rowRngs(r, 3, 'test')).toEqual([r, r, r]);
    const rows = [new Rng(1), new Rng(2)];
    expect(rowRngs(rows, 2, 'test')).toBe(rows);
  });

  it('should reject a wrong number of Rngs or a non-Rng entry, naming the caller', () => {
    expect(() => rowRngs([new Rng(1)], 2, 'sample')).toThrow(/sample: rng must have one Rng per batch row \(2\), received an array of 1/);
    expect(() => rowRngs([new Rng(1), 3 as never], 2, 'sample')).toThrow(/sample: rng\[1\] must be an Rng/);
    expect(() => rowRngs(undefined as never, 2, 'sample')).toThrow(/sample: rng must be an Rng from @dfp\/envs or an array/);
  });
});
