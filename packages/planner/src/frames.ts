import type { FrameNormalizer, TokenLayout } from '@dfp/core';
import { frameDim } from '@dfp/core';
import { DfpArgumentError, assertFiniteVector } from '@dfp/envs';
import type { PlannedTrajectory } from './api';

/**
 * Plain-array helpers between env values and the model's normalized tokens (DF App. B.6: a frame is
 * `[o_{t+1}, a_t, r_t]`, `frameStack` frames form one token, every entry normalized as `(v - mean)/std`).
 */

/**
 * Normalizes raw observations with the observation part of the frame normalizer (the reference normalizes
 * the current observation with the same constants before encoding it into z_0).
 *
 * @returns `[B, obsDim]` row-major.
 * @throws DfpArgumentError naming `who` and the observation index for wrong lengths or non-finite values.
 */
export function normalizeObservations(who: string, observations: readonly ArrayLike<number>[], layout: TokenLayout, normalizer: FrameNormalizer): Float32Array {
  if (!Array.isArray(observations) || observations.length === 0) {
    throw new DfpArgumentError(`${who}: expected a non-empty array of observations, received ${observations === undefined ? 'undefined' : typeof observations}`);
  }
  const d = layout.obsDim;
  const out = new Float32Array(observations.length * d);
  observations.forEach((o, b) => {
    assertFiniteVector(`${who}: observation ${b} (the model's layout has obsDim ${d})`, o, d);
    for (let i = 0; i < d; i++) out[b * d + i] = (o[i] - normalizer.mean[i]) / normalizer.std[i];
  });
  return out;
}

/**
 * Splits normalized tokens `[B, H, tokenDim]` (row-major) into un-normalized per-env trajectories.
 */
export function tokensToTrajectories(tokens: Float32Array, batch: number, horizon: number, layout: TokenLayout, normalizer: FrameNormalizer): PlannedTrajectory[] {
  const fd = frameDim(layout);
  const frames = horizon * layout.frameStack;
  if (tokens.length !== batch * frames * fd) {
    throw new DfpArgumentError(`tokensToTrajectories: expected ${batch * frames * fd} values for [${batch}, ${horizon}, ${layout.frameStack * fd}], received ${tokens.length}`);
  }
  const { obsDim, actDim, rewardDim } = layout;
  const out: PlannedTrajectory[] = [];
  for (let b = 0; b < batch; b++) {
    const observations: Float64Array[] = [];
    const actions: Float64Array[] = [];
    const rewards = rewardDim ? new Float64Array(frames) : null;
    for (let f = 0; f < frames; f++) {
      const base = (b * frames + f) * fd;
      const v = (i: number): number => tokens[base + i] * normalizer.std[i] + normalizer.mean[i];
      observations.push(Float64Array.from({ length: obsDim }, (_, i) => v(i)));
      actions.push(Float64Array.from({ length: actDim }, (_, i) => v(obsDim + i)));
      if (rewards) rewards[f] = v(obsDim + actDim);
    }
    out.push({ observations, actions, rewards, tokens: horizon });
  }
  return out;
}

/** Checks a frame normalizer against the layout (lengths, finite means, positive finite stds). */
export function checkNormalizer(who: string, layout: TokenLayout, normalizer: FrameNormalizer): void {
  const fd = frameDim(layout);
  assertFiniteVector(`${who}: normalizer.mean (frameDim ${fd})`, normalizer.mean, fd);
  assertFiniteVector(`${who}: normalizer.std (frameDim ${fd})`, normalizer.std, fd);
  normalizer.std.forEach((s, i) => {
    if (!(s > 0)) throw new DfpArgumentError(`${who}: normalizer.std[${i}] must be > 0, received ${s}`);
  });
}
