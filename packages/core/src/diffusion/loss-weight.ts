import type { Objective } from '../api';
import { DfpArgumentError, describeValue } from '../errors';

/**
 * Per-token weight of the diffusion loss:
 * - `constant`: `scale` for every level (the DF planning code: constant weight, DF App. B.1);
 * - `min-snr`: Min-SNR-γ (Hang et al. 2023, also in the DF code as `use_snr`), the x0-equivalent weight
 *   min(SNR, γ) expressed for the objective: x0 → min(SNR, γ), eps → min(SNR, γ)/SNR, v → min(SNR, γ)/(SNR + 1).
 */
export type LossWeighting = { readonly kind: 'constant'; readonly scale?: number } | { readonly kind: 'min-snr'; readonly gamma?: number };

/** Default γ of Min-SNR (DF `snr_clip: 5`). */
export const DEFAULT_MIN_SNR_GAMMA = 5;

/** Loss weight at signal-to-noise ratio `snr` = ᾱ/(1-ᾱ). */
export function lossWeight(weighting: LossWeighting, objective: Objective, snr: number): number {
  if (weighting.kind === 'constant') return weighting.scale ?? 1;
  if (weighting.kind !== 'min-snr') throw new DfpArgumentError(`lossWeight: kind must be 'constant' or 'min-snr', received ${describeValue((weighting as { kind: unknown }).kind)}`);
  const gamma = weighting.gamma ?? DEFAULT_MIN_SNR_GAMMA;
  if (!(gamma > 0)) throw new DfpArgumentError(`lossWeight: min-snr gamma must be > 0, received ${describeValue(gamma)}`);
  const clipped = Math.min(snr, gamma);
  if (objective === 'x0') return clipped;
  return objective === 'eps' ? clipped / snr : clipped / (snr + 1);
}

/** {@link lossWeight} for every level k = 0..K-1 (a lookup table used when building batches). */
export function lossWeightTable(weighting: LossWeighting, objective: Objective, alphaBar: Float64Array): Float64Array {
  const out = new Float64Array(alphaBar.length);
  for (let k = 0; k < alphaBar.length; k++) out[k] = lossWeight(weighting, objective, alphaBar[k] / (1 - alphaBar[k]));
  return out;
}
