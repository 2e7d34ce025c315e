import { DfpArgumentError, describeValue } from '../errors';
import type { Rng } from '../rng';

/**
 * A box in R^n, as Gymnasium's `spaces.Box`: `low[i] <= x[i] <= high[i]`. Bounds may be infinite.
 * `shape` is kept for Gymnasium parity; dfp's spaces are flat vectors, so `shape = [n]`.
 */
export class Box {
  readonly shape: readonly number[];
  readonly low: Float64Array;
  readonly high: Float64Array;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[]) {
    const n = shape ? shape.reduce((a, b) => a * b, 1) : typeof low === 'number' ? (typeof high === 'number' ? 1 : high.length) : low.length;
    this.low = Box.expand('low', low, n);
    this.high = Box.expand('high', high, n);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(this.low[i]) || Number.isNaN(this.high[i]) || this.low[i] > this.high[i]) {
        throw new DfpArgumentError(`Box: expected low[${i}] <= high[${i}], received low=${this.low[i]}, high=${this.high[i]}`);
      }
    }
    this.shape = shape ? [...shape] : [n];
  }

  private static expand(name: string, v: number | ArrayLike<number>, n: number): Float64Array {
    if (typeof v === 'number') return new Float64Array(n).fill(v);
    if (v.length !== n) throw new DfpArgumentError(`Box: ${name} must have length ${n}, received ${describeValue(v)}`);
    return Float64Array.from(v);
  }

  /** Number of scalar entries. */
  get size(): number {
    return this.low.length;
  }

  /** True when `x` has the right length, finite entries and lies inside the bounds. */
  contains(x: ArrayLike<number>): boolean {
    if (!x || x.length !== this.size) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!Number.isFinite(v) || v < this.low[i] || v > this.high[i]) return false;
    }
    return true;
  }

  /**
   * A random point: uniform on bounded dimensions, N(0,1) on unbounded, shifted exponential on half-bounded
   * ones (Gymnasium's rule).
   */
  sample(rng: Rng): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const fl = Number.isFinite(lo);
      const fh = Number.isFinite(hi);
      if (fl && fh) out[i] = rng.uniformRange(lo, hi);
      else if (!fl && !fh) out[i] = rng.normal();
      else {
        const e = -Math.log(1 - rng.uniform());
        out[i] = fl ? lo + e : hi - e;
      }
    }
    return out;
  }

  /** Clips `x` into the box (new array). */
  clip(x: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(this.high[i], Math.max(this.low[i], x[i]));
    return out;
  }

  toJSON(): { shape: number[]; low: number[]; high: number[] } {
    return { shape: [...this.shape], low: Array.from(this.low), high: Array.from(this.high) };
  }
}
