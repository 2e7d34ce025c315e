/**
 * Typed errors shared by every dfp package. Messages name the function or argument, what was expected
 * and what was received, so a user can fix the call without reading the source.
 */

/** A caller passed a value of the wrong shape, range or kind. */
export class DfpArgumentError extends Error {
  override readonly name = 'DfpArgumentError';
}

/** A file on disk is truncated, corrupt or of the wrong kind. */
export class DfpFileError extends Error {
  override readonly name = 'DfpFileError';
}

/** An Env was used against its contract (stepping after the end, before reset, ...). */
export class EnvStateError extends Error {
  override readonly name = 'EnvStateError';
}

/** Short printable form of a received value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const arr = Array.from(v as ArrayLike<number>);
    const head = arr.slice(0, 6).map((x) => (typeof x === 'number' ? String(x) : typeof x)).join(', ');
    return `[${head}${arr.length > 6 ? ', ...' : ''}] (length ${arr.length})`;
  }
  return typeof v;
}

/**
 * Checks that `values` has length `expected` and only finite entries.
 * @throws DfpArgumentError naming `what`, the expected length and what was received.
 */
export function assertFiniteVector(what: string, values: ArrayLike<number>, expected?: number): void {
  if (values === null || values === undefined || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new DfpArgumentError(`${what}: expected an array of numbers, received ${describeValue(values)}`);
  }
  if (expected !== undefined && values.length !== expected) {
    throw new DfpArgumentError(
      `${what}: expected length ${expected}, received length ${values.length} (${describeValue(values)})`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    // x - x is 0 only for finite numbers (NaN and ±Infinity give NaN); cheaper than a global lookup under jest.
    if (typeof x !== 'number' || x - x !== 0) {
      throw new DfpArgumentError(`${what}: expected finite numbers, received ${describeValue(x)} at index ${i}`);
    }
  }
}

/** Checks an integer option against an inclusive range. */
export function assertInteger(what: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DfpArgumentError(`${what}: expected an integer in [${min}, ${max}], received ${describeValue(value)}`);
  }
  return value;
}
