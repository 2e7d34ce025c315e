import type { Objective } from '../api';
import { DfpArgumentError, describeValue } from '../errors';

/**
 * Conversions between the three prediction targets of a diffusion model, at one noise level with
 * cumulative signal ᾱ (`ab`), for a noisy value `x_k = √ᾱ·x0 + √(1-ᾱ)·ε`:
 * - x0: the clean value (DF App. B.3: the target used for planning);
 * - eps (ε): the noise;
 * - v = √ᾱ·ε - √(1-ᾱ)·x0 (Salimans & Ho 2022).
 * Each pair of functions is an inverse pair; all are pure functions of numbers, with array versions below.
 */

function check(ab: number, fn: string): void {
  if (!(ab > 0 && ab < 1)) throw new DfpArgumentError(`${fn}: alphaBar must be in (0, 1), received ${describeValue(ab)}`);
}

/** ε from x0: `(x_k - √ᾱ·x0) / √(1-ᾱ)`. */
export function epsFromX0(xk: number, x0: number, ab: number): number {
  check(ab, 'epsFromX0');
  return (xk - Math.sqrt(ab) * x0) / Math.sqrt(1 - ab);
}

/** x0 from ε: `(x_k - √(1-ᾱ)·ε) / √ᾱ`. */
export function x0FromEps(xk: number, eps: number, ab: number): number {
  check(ab, 'x0FromEps');
  return (xk - Math.sqrt(1 - ab) * eps) / Math.sqrt(ab);
}

/** v from x0: `v = √ᾱ·ε - √(1-ᾱ)·x0` with ε from x0, which simplifies to `(x_k - x0/√ᾱ)·√ᾱ/√(1-ᾱ)`. */
export function vFromX0(xk: number, x0: number, ab: number): number {
  check(ab, 'vFromX0');
  return Math.sqrt(ab) * epsFromX0(xk, x0, ab) - Math.sqrt(1 - ab) * x0;
}

/** x0 from v: `√ᾱ·x_k - √(1-ᾱ)·v`. */
export function x0FromV(xk: number, v: number, ab: number): number {
  check(ab, 'x0FromV');
  return Math.sqrt(ab) * xk - Math.sqrt(1 - ab) * v;
}

/** ε from v: `√(1-ᾱ)·x_k + √ᾱ·v`. */
export function epsFromV(xk: number, v: number, ab: number): number {
  check(ab, 'epsFromV');
  return Math.sqrt(1 - ab) * xk + Math.sqrt(ab) * v;
}

/** v from ε: `v = √ᾱ·ε - √(1-ᾱ)·x0` with x0 from ε. */
export function vFromEps(xk: number, eps: number, ab: number): number {
  check(ab, 'vFromEps');
  return Math.sqrt(ab) * eps - Math.sqrt(1 - ab) * x0FromEps(xk, eps, ab);
}

/** A network output of kind `from` converted to kind `to`, for one element. */
export function convertPrediction(from: Objective, to: Objective, xk: number, pred: number, ab: number): number {
  if (from === to) return pred;
  const x0 = from === 'x0' ? pred : from === 'eps' ? x0FromEps(xk, pred, ab) : x0FromV(xk, pred, ab);
  if (to === 'x0') return x0;
  return to === 'eps' ? epsFromX0(xk, x0, ab) : vFromX0(xk, x0, ab);
}

/**
 * The training target of `objective` from the clean value and the noise that made `x_k`:
 * x0 → x0, eps → ε, v → √ᾱ·ε - √(1-ᾱ)·x0.
 */
export function targetFor(objective: Objective, x0: number, eps: number, ab: number): number {
  if (objective === 'x0') return x0;
  if (objective === 'eps') return eps;
  return Math.sqrt(ab) * eps - Math.sqrt(1 - ab) * x0;
}

/**
 * Array version of {@link convertPrediction} with one ᾱ per element or per group of `groupSize`
 * consecutive elements (one ᾱ per token: `groupSize = tokenDim`).
 */
export function convertPredictions(
  from: Objective,
  to: Objective,
  xk: ArrayLike<number>,
  pred: ArrayLike<number>,
  alphaBar: ArrayLike<number>,
  groupSize = 1,
  out: Float32Array = new Float32Array(pred.length),
): Float32Array {
  if (xk.length !== pred.length || alphaBar.length * groupSize !== pred.length) {
    throw new DfpArgumentError(
      `convertPredictions: expected xk and pred of equal length and alphaBar of length pred/groupSize; received ${xk.length}, ${pred.length}, ${alphaBar.length} (groupSize ${groupSize})`,
    );
  }
  for (let i = 0; i < pred.length; i++) out[i] = convertPrediction(from, to, xk[i], pred[i], alphaBar[Math.floor(i / groupSize)]);
  return out;
}
