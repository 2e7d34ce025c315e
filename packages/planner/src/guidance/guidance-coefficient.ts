import { DfpArgumentError, describeValue } from '@dfp/envs';

/**
 * Guidance coefficient λ of one DDIM step from level k to k_next (DF §3.2; reference
 * `ddim_sample_step(..., return_guidance_const=True)`):
 *
 *   λ = (1 − ᾱ_k) − c·√(1 − ᾱ_k),   c = √(1 − ᾱ_next − σ²)
 *
 * (with η = 0, σ = 0 and this is the paper's `(1−ᾱ_k) − √(1−ᾱ_next)·√(1−ᾱ_k)`). The planner adds
 * `scale · λ · ∂J/∂x` to every still-noisy token after each row. λ is 0 on the last step (k_next = −1,
 * pass `alphaBarNext = null`) and for tokens that do not step, so clean tokens are never guided.
 *
 * @param alphaBarK - ᾱ_k in (0, 1].
 * @param alphaBarNext - ᾱ_next in [ᾱ_k, 1], or null on the last step.
 * @param sigma - noise std of the step (0 for deterministic DDIM).
 */
export function guidanceCoefficient(alphaBarK: number, alphaBarNext: number | null, sigma = 0): number {
  if (!(alphaBarK > 0 && alphaBarK <= 1)) throw new DfpArgumentError(`guidanceCoefficient: alphaBarK must be in (0, 1], received ${describeValue(alphaBarK)}`);
  if (alphaBarNext === null) return 0;
  if (!(alphaBarNext > 0 && alphaBarNext <= 1)) {
    throw new DfpArgumentError(`guidanceCoefficient: alphaBarNext must be in (0, 1] or null, received ${describeValue(alphaBarNext)}`);
  }
  if (!(sigma >= 0 && Number.isFinite(sigma))) throw new DfpArgumentError(`guidanceCoefficient: sigma must be finite and >= 0, received ${describeValue(sigma)}`);
  const c = Math.sqrt(Math.max(0, 1 - alphaBarNext - sigma * sigma));
  return 1 - alphaBarK - c * Math.sqrt(1 - alphaBarK);
}
