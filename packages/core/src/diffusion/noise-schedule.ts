import type { BetaScheduleKind } from '../api';
import { DfpArgumentError, describeValue } from '../errors';

/** Beta schedule kinds, in the order they are documented. */
export const BETA_SCHEDULE_KINDS: readonly BetaScheduleKind[] = ['linear', 'cosine', 'sigmoid'];

/** Largest β of every schedule (the last ᾱ of cosine and sigmoid would be 0 otherwise). */
const MAX_BETA = 0.999;

/**
 * β_k for k = 0..K-1 (float64), as in the DF code (`algorithms/diffusion_forcing/models/utils.py`,
 * itself from denoising-diffusion-pytorch):
 * - `linear`: β from 1e-4·1000/K to 0.02·1000/K (DDPM; DF App. B.4 uses it for maze planning), clipped to 0.999
 *   (which only matters for K < 50, where 0.02·1000/K would reach 1);
 * - `cosine`: ᾱ(t) ∝ cos²((t + 0.008)/1.008 · π/2) (Nichol & Dhariwal 2021), β clipped to 0.999;
 * - `sigmoid`: ᾱ(t) ∝ σ(-(6t - 3)) rescaled to [0, 1] (Jabri et al. 2022, start -3, end 3, τ = 1), β clipped to 0.999.
 * @throws DfpArgumentError for an unknown kind or K not an integer in [2, 100000].
 */
export function betaSchedule(kind: BetaScheduleKind, K: number): Float64Array {
  if (!Number.isInteger(K) || K < 2 || K > 100_000) {
    throw new DfpArgumentError(`betaSchedule: K must be an integer in [2, 100000], received ${describeValue(K)}`);
  }
  const betas = new Float64Array(K);
  if (kind === 'linear') {
    const scale = 1000 / K;
    const lo = scale * 1e-4;
    const hi = scale * 0.02;
    for (let k = 0; k < K; k++) betas[k] = Math.min(lo + ((hi - lo) * k) / (K - 1), MAX_BETA);
    return betas;
  }
  let f: (t: number) => number;
  if (kind === 'cosine') {
    const s = 0.008;
    f = (t) => Math.cos(((t + s) / (1 + s)) * Math.PI * 0.5) ** 2;
  } else if (kind === 'sigmoid') {
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const vStart = sig(-3);
    const vEnd = sig(3);
    f = (t) => (-sig(t * 6 - 3) + vEnd) / (vEnd - vStart);
  } else {
    throw new DfpArgumentError(`betaSchedule: kind must be one of ${BETA_SCHEDULE_KINDS.join(', ')}, received ${describeValue(kind)}`);
  }
  for (let k = 0; k < K; k++) {
    const beta = 1 - f((k + 1) / K) / f(k / K); // β_k = 1 - ᾱ(t_{k+1}) / ᾱ(t_k)
    betas[k] = Math.min(Math.max(beta, 0), MAX_BETA);
  }
  return betas;
}

/**
 * The forward (noising) process of DDPM over K integer levels k = 0..K-1 (DF §3.1: k = 0 is almost clean,
 * k = K-1 almost pure noise). `x_k = √ᾱ_k·x_0 + √(1-ᾱ_k)·ε`.
 */
export class NoiseSchedule {
  readonly kind: BetaScheduleKind;
  /** Number of levels K. */
  readonly K: number;
  /** β_k. */
  readonly betas: Float64Array;
  /** ᾱ_k = Π_{j≤k}(1 - β_j), strictly decreasing in (0, 1). */
  readonly alphaBar: Float64Array;

  /**
   * @param kind - beta schedule. @defaultValue `'linear'`
   * @param K - number of diffusion levels. @defaultValue 1000
   */
  constructor(kind: BetaScheduleKind = 'linear', K = 1000) {
    this.kind = kind;
    this.K = K;
    this.betas = betaSchedule(kind, K);
    this.alphaBar = new Float64Array(K);
    let prod = 1;
    for (let k = 0; k < K; k++) {
      prod *= 1 - this.betas[k];
      this.alphaBar[k] = prod;
    }
  }

  /** Throws unless `k` is an integer level in [0, K-1]. */
  checkLevel(k: number, what = 'k'): void {
    if (!Number.isInteger(k) || k < 0 || k >= this.K) {
      throw new DfpArgumentError(`${what}: expected an integer noise level in [0, ${this.K - 1}], received ${describeValue(k)}`);
    }
  }

  /** Signal-to-noise ratio ᾱ_k / (1 - ᾱ_k). */
  snr(k: number): number {
    this.checkLevel(k);
    return this.alphaBar[k] / (1 - this.alphaBar[k]);
  }

  /**
   * `x_k = √ᾱ_k·x0 + √(1-ᾱ_k)·eps` elementwise, for one level `k` or one level per element.
   * @param x0 - clean values.
   * @param eps - standard normal noise, same length.
   * @param k - a level, or one level per element.
   * @param out - optional output array (may alias `x0`).
   */
  qSample(x0: ArrayLike<number>, eps: ArrayLike<number>, k: number | ArrayLike<number>, out?: Float32Array): Float32Array {
    if (eps.length !== x0.length) throw new DfpArgumentError(`qSample: eps has length ${eps.length}, expected ${x0.length} (the length of x0)`);
    const perElement = typeof k !== 'number';
    if (perElement && k.length !== x0.length) throw new DfpArgumentError(`qSample: k has length ${k.length}, expected a number or ${x0.length} levels`);
    const res = out ?? new Float32Array(x0.length);
    if (!perElement) this.checkLevel(k);
    for (let i = 0; i < x0.length; i++) {
      const ki = perElement ? k[i] : k;
      if (perElement) this.checkLevel(ki, `qSample: k[${i}]`);
      const ab = this.alphaBar[ki];
      res[i] = Math.sqrt(ab) * x0[i] + Math.sqrt(1 - ab) * eps[i];
    }
    return res;
  }

  /** Plain-data description, saved in checkpoints. */
  toJSON(): { kind: BetaScheduleKind; K: number } {
    return { kind: this.kind, K: this.K };
  }
}
