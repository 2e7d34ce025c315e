import fc from 'fast-check';
import { Box, DfpArgumentError, Rng } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';
import { seed } from '../../../../test/helpers/arbitraries';

describe('Box', () => {
  it('should broadcast scalar bounds to the shape', () => {
    const box = new Box(-1, 1, [2]);
    expect(box.shape).toEqual([2]);
    expect(Array.from(box.low)).toEqual([-1, -1]);
    expect(Array.from(box.high)).toEqual([1, 1]);
    expect(box.size).toBe(2);
  });

  it('should take per-dimension bounds and infer the shape', () => {
    const box = new Box([0, -2, -Infinity], [1, 2, Infinity]);
    expect(box.shape).toEqual([3]);
    expect(box.toJSON()).toEqual({ shape: [3], low: [0, -2, -Infinity], high: [1, 2, Infinity] });
  });

  it.each([
    ['low > high', () => new Box(1, 0, [1])],
    ['NaN bound', () => new Box(Number.NaN, 0, [1])],
    ['length mismatch', () => new Box([0, 0], [1, 1, 1])],
  ])('should reject %s with a DfpArgumentError', (_, build) => {
    assertThrowsWith(build, DfpArgumentError, /Box/);
  });

  describe('contains', () => {
    const box = new Box([-1, 0], [1, 2]);
    it.each([
      [[0, 1], true],
      [[-1, 2], true], // bounds are inclusive
      [[1.0001, 1], false],
      [[0, -0.5], false],
      [[0], false], // wrong length
      [[0, 1, 1], false],
      [[Number.NaN, 1], false],
      [[0, Infinity], false],
    ])('should return for %j: %s', (x, expected) => {
      expect(box.contains(x)).toBe(expected);
    });

    it('should reject non-finite values even in an unbounded box', () => {
      expect(new Box(-Infinity, Infinity, [2]).contains([Infinity, 0])).toBe(false);
      expect(new Box(-Infinity, Infinity, [2]).contains([1e300, -1e300])).toBe(true);
    });
  });

  describe('sample', () => {
    it('should sample inside bounded, half-bounded and unbounded boxes', () => {
      const box = new Box([-1, 0, -Infinity, -Infinity], [1, Infinity, 3, Infinity]);
      fc.assert(
        fc.property(seed(), (s) => {
          const x = box.sample(new Rng(s));
          expect(box.contains(x)).toBe(true);
        }),
      );
    });

    it('should be deterministic given the generator state', () => {
      const box = new Box(-1, 1, [3]);
      expect(box.sample(new Rng(9))).toEqual(box.sample(new Rng(9)));
    });

    it('should spread uniform samples over the whole interval', () => {
      const box = new Box(-1, 1, [1]);
      const rng = new Rng(0);
      const xs = Array.from({ length: 4000 }, () => box.sample(rng)[0]);
      expect(Math.min(...xs)).toBeLessThan(-0.99);
      expect(Math.max(...xs)).toBeGreaterThan(0.99);
      expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length)).toBeLessThan(0.05);
    });
  });

  it('should clip into the box', () => {
    expect(Array.from(new Box(-1, 1, [3]).clip([-5, 0.5, 7]))).toEqual([-1, 0.5, 1]);
  });
});
