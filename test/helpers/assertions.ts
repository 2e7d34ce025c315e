/**
 * Shared assertions for dfp tests (style guide: fast-check's `ArbitraryAssertions`). Import relatively:
 * `import { assertSameGivenSeed } from '../../../test/helpers/assertions'`.
 */

/**
 * Asserts that `build(seed)` is deterministic: two calls with the same seed give deeply equal values.
 * With `otherSeed`, also asserts that another seed gives a different value (the seed is really used).
 */
export function assertSameGivenSeed<T>(build: (seed: number) => T, seed = 0, otherSeed?: number): T {
  const a = build(seed);
  const b = build(seed);
  expect(b).toEqual(a);
  if (otherSeed !== undefined) expect(build(otherSeed)).not.toEqual(a);
  return a;
}

/**
 * Asserts that `decode(encode(value))` equals `value` (deep equality, or `equals` when given), for inverse
 * pairs such as save/load or normalize/unnormalize. Returns the decoded value for further checks.
 */
export function assertRoundTrip<T, E>(value: T, encode: (v: T) => E, decode: (e: E) => T, equals?: (a: T, b: T) => boolean): T {
  const back = decode(encode(value));
  if (equals) expect(equals(value, back)).toBe(true);
  else expect(back).toEqual(value);
  return back;
}

/** Asserts that `fn` throws an error of class `type` whose message matches every pattern in `patterns`. */
export function assertThrowsWith(fn: () => unknown, type: new (...args: never[]) => Error, ...patterns: RegExp[]): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  for (const p of patterns) expect((caught as Error).message).toMatch(p);
  return caught as Error;
}

/** Asserts `|a[i] - b[i]| <= tol` for all i, reporting the first offending index. */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol)) throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} differ by ${diff} > ${tol}`);
  }
}
