import type { Rng } from '@dfp/envs';
import { DfpArgumentError, describeValue } from '../errors';

/**
 * How noise levels are drawn in training:
 * - `per-token`: every token of every sequence gets its own k ~ U{0..K-1} (Diffusion Forcing, DF §3.2, Alg. 1);
 * - `shared`: one k per sequence, shared by all its tokens (full-sequence diffusion, the Diffuser baseline).
 */
export type NoiseMode = 'per-token' | 'shared';

/**
 * Draws integer noise levels for a `[batch, tokens]` grid (row-major), from `rng`.
 * @returns `out`, filled with levels in [0, K-1].
 */
export function sampleNoiseLevels(
  rng: Rng,
  batch: number,
  tokens: number,
  K: number,
  mode: NoiseMode = 'per-token',
  out: Int32Array = new Int32Array(batch * tokens),
): Int32Array {
  if (out.length !== batch * tokens) throw new DfpArgumentError(`sampleNoiseLevels: out has length ${out.length}, expected batch·tokens = ${batch * tokens}`);
  if (mode !== 'per-token' && mode !== 'shared') throw new DfpArgumentError(`sampleNoiseLevels: mode must be 'per-token' or 'shared', received ${describeValue(mode)}`);
  for (let b = 0; b < batch; b++) {
    const shared = mode === 'shared' ? rng.int(0, K - 1) : 0;
    for (let t = 0; t < tokens; t++) out[b * tokens + t] = mode === 'shared' ? shared : rng.int(0, K - 1);
  }
  return out;
}
