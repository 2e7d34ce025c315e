import fc from 'fast-check';

/**
 * Shared fast-check arbitraries for dfp tests. Import relatively:
 * `import { finiteVector } from '../../../test/helpers/arbitraries'`.
 */

/** A finite double in `[min, max]` (no NaN, no infinities). */
export function finiteDouble(min = -1e6, max = 1e6): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A Float64Array of `length` finite entries in `[min, max]`. */
export function finiteVector(length: number, min = -1e6, max = 1e6): fc.Arbitrary<Float64Array> {
  return fc.array(finiteDouble(min, max), { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs));
}

/** A value that is not a finite number (NaN, ±Infinity), to test argument checks. */
export function nonFiniteNumber(): fc.Arbitrary<number> {
  return fc.constantFrom(Number.NaN, Infinity, -Infinity);
}

/** A safe-integer seed. */
export function seed(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 });
}
