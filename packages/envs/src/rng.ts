import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { DfpArgumentError, describeValue } from './errors';

/** Serializable state of an {@link Rng}: the generator's words, plus a cached normal deviate. */
export interface RngState {
  readonly algorithm: 'xoroshiro128plus';
  readonly words: readonly number[];
  readonly spareNormal: number | null;
}

/**
 * The one seeded random generator of dfp (xoroshiro128+ from `pure-rand`). Every random draw in the
 * repository (env resets, datasets, training batches, sampling noise) goes through an instance of this
 * class that was passed in, never through a global, so results are reproducible from a seed and
 * resumable from {@link Rng.getState}.
 */
export class Rng {
  private gen: JumpableRandomGenerator;
  private spare: number | null = null;

  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed) || !Number.isSafeInteger(seed)) {
      throw new DfpArgumentError(`Rng: seed must be a safe integer, received ${describeValue(seed)}`);
    }
    // pure-rand takes 32-bit seeds; fold larger ones so every safe integer is a distinct-ish seed.
    this.gen = xoroshiro128plus((seed ^ Math.floor(seed / 2 ** 32)) | 0);
  }

  /** Restores a generator from {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state, 'Rng.fromState');
    return r;
  }

  /**
   * Continues from `state` (from {@link Rng.getState}) in place, e.g. after another thread drew from a copy.
   * @throws DfpArgumentError when `state` is not an xoroshiro128plus state.
   */
  setState(state: RngState, who = 'Rng.setState'): void {
    if (!state || state.algorithm !== 'xoroshiro128plus' || !Array.isArray(state.words) || state.words.length !== 4) {
      throw new DfpArgumentError(`${who}: expected {algorithm: 'xoroshiro128plus', words: [4 numbers]}, received ${JSON.stringify(state)}`);
    }
    this.gen = xoroshiro128plusFromState(state.words);
    this.spare = state.spareNormal ?? null;
  }

  getState(): RngState {
    return { algorithm: 'xoroshiro128plus', words: [...this.gen.getState()], spareNormal: this.spare };
  }

  /** An independent copy that continues from the same state. */
  clone(): Rng {
    return Rng.fromState(this.getState());
  }

  /** A new generator whose stream is disjoint from this one (xoroshiro jump); advances this one too. */
  split(): Rng {
    const child = this.clone();
    child.spare = null;
    this.gen.jump();
    this.gen.jump();
    child.gen.jump();
    return child;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [low, high). */
  uniformRange(low: number, high: number): number {
    return low + (high - low) * uniformFloat64(this.gen);
  }

  /** Uniform integer in [from, to] (both included). */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }

  /** Standard normal deviate (Marsaglia polar method; the second deviate is cached and saved in the state). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniformFloat64(this.gen) - 1;
      v = 2 * uniformFloat64(this.gen) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Fills `out` with N(0, 1) deviates and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Fills `out` with U[low, high) deviates and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformRange(low, high);
    return out;
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new DfpArgumentError('Rng.choice: expected a non-empty array, received length 0');
    return items[this.int(0, items.length - 1)];
  }
}
