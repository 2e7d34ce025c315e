import fc from 'fast-check';
import { DfpArgumentError, Rng } from '@dfp/envs';
import { assertRoundTrip, assertSameGivenSeed, assertThrowsWith } from '../../../test/helpers/assertions';
import { seed } from '../../../test/helpers/arbitraries';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uniform());

describe('Rng', () => {
  it('should give the same stream for the same seed and different streams for different seeds', () => {
    // Arrange / Act / Assert
    assertSameGivenSeed((s) => draws(new Rng(s), 20), 7, 8);
    fc.assert(fc.property(seed(), (s) => expect(draws(new Rng(s), 5)).toEqual(draws(new Rng(s), 5))));
  });

  it('should distinguish seeds beyond 32 bits', () => {
    expect(draws(new Rng(2 ** 40), 4)).not.toEqual(draws(new Rng(0), 4));
  });

  it('should reject seeds that are not safe integers, naming the seed', () => {
    for (const bad of [1.5, Number.NaN, Infinity, 2 ** 60]) assertThrowsWith(() => new Rng(bad), DfpArgumentError, /seed/);
  });

  it('should continue identically after a getState/fromState round trip, including a cached normal', () => {
    const rng = new Rng(3);
    rng.normal(); // leaves the second polar deviate cached
    const state = assertRoundTrip(rng.getState(), (s) => JSON.stringify(s), (j) => JSON.parse(j));
    const restored = Rng.fromState(state);
    expect([restored.normal(), restored.uniform(), restored.int(0, 100)]).toEqual([rng.normal(), rng.uniform(), rng.int(0, 100)]);
  });

  it('should continue a stream in place with setState', () => {
    const rng = new Rng(3);
    rng.normal();
    const state = rng.getState();
    const other = new Rng(99);
    other.setState(state);
    expect(draws(other, 5)).toEqual(draws(rng, 5));
    assertThrowsWith(() => other.setState({ algorithm: 'xoroshiro128plus', words: [1], spareNormal: null }), DfpArgumentError, /Rng.setState/);
  });

  it('should reject a malformed state', () => {
    assertThrowsWith(() => Rng.fromState({ algorithm: 'xoroshiro128plus', words: [1, 2], spareNormal: null }), DfpArgumentError, /fromState/);
  });

  it('should make clones that continue the same stream without advancing the original', () => {
    const rng = new Rng(5);
    const clone = rng.clone();
    expect(draws(clone, 10)).toEqual(draws(rng, 10));
  });

  it('should split into a disjoint stream and advance the parent', () => {
    const parent = new Rng(11);
    const reference = new Rng(11);
    const child = parent.split();
    const a = draws(child, 50);
    expect(a).not.toEqual(draws(parent, 50));
    expect(draws(new Rng(11).split(), 50)).toEqual(a); // split is deterministic
    expect(draws(reference, 50)).not.toEqual(a);
  });

  it('should draw uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const xs = draws(new Rng(1), 20000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01); // s.e. ≈ 0.002
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
  });

  it('should draw standard normals with mean 0, variance 1 and ~68% within one sigma', () => {
    const xs = new Rng(2).fillNormal(new Float64Array(20000));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    const within = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.015);
  });

  it('should draw integers uniformly over an inclusive range', () => {
    const rng = new Rng(4);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 12000; i++) counts[rng.int(0, 5)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200); // ~4.9 s.d.
  });

  it('should keep uniformRange, fillUniform and choice inside their ranges', () => {
    fc.assert(
      fc.property(seed(), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.001, max: 10, noNaN: true }), (s, lo, width) => {
        const rng = new Rng(s);
        const x = rng.uniformRange(lo, lo + width);
        expect(x).toBeGreaterThanOrEqual(lo);
        expect(x).toBeLessThan(lo + width);
        for (const v of rng.fillUniform(new Float32Array(8), lo, lo + width)) expect(v).toBeGreaterThanOrEqual(Math.fround(lo) - 1e-6);
        expect(['a', 'b', 'c']).toContain(rng.choice(['a', 'b', 'c']));
      }),
    );
    assertThrowsWith(() => new Rng(0).choice([]), DfpArgumentError, /non-empty/);
  });
});
