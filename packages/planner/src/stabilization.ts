import { DfpArgumentError, describeValue } from '@dfp/envs';
import type { SchedulingMatrix } from './schedule';

/**
 * How tokens that have not started (`p < 0`) are treated:
 * - `'step'` (reference code, research doc §2.2): stepped with DDIM index 0 (level K-1 → times[1]) and
 *   overwritten every row, which moves them by ≈ 0.0014·x0Hat per row;
 * - `'hold'`: fed to the backbone at level `times[0]` but left unchanged (pure noise until they start).
 */
export type UnstartedTokens = 'step' | 'hold';

/**
 * Noise level at which finished tokens are fed back to the backbone: DF's stabilization (App. B.6; the code
 * "always stabilizes": a finished token enters the RNN labelled with the last DDIM level, 19 of 1000).
 *
 * @param times - DDIM time grid (`ddimTimes(K, S)`); the default level is `times[S-1]`.
 * @param level - an integer noise level in [0, K-1] (0 = least noise) to override the default.
 * @throws DfpArgumentError for a level outside [0, K-1].
 */
export function stabilizationLevel(times: Int32Array, level?: number): number {
  const S = times.length - 1;
  const K = times[0] + 1;
  if (level === undefined) return times[S - 1];
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level >= K) {
    throw new DfpArgumentError(`stabilizationLevel: expected an integer noise level in [0, ${K - 1}], received ${describeValue(level)}`);
  }
  return level;
}

/** What every token does in one row of a scheduling matrix. */
export interface RowPlan {
  /** Noise level each token is fed to the backbone at, length H. */
  readonly levels: Int32Array;
  /** DDIM step index each token takes in this row, or -1 when it is left unchanged. */
  readonly steps: Int32Array;
  /**
   * Length of the leading run of finished tokens (`p >= S`). Their inputs (clean token, stabilization
   * level) can no longer change, so the latent after them is fixed and can be cached.
   */
  readonly frozenPrefix: number;
  /** One past the last token that steps in this row (0 when none does). */
  readonly stepEnd: number;
}

/**
 * Reads row `m` of a (validated) scheduling matrix: the level each token is fed at (DDIM level for noisy
 * tokens, `stabilization` for finished ones, `times[0]` for unstarted ones), the step it takes, and the
 * frozen prefix.
 */
export function planRow(matrix: SchedulingMatrix, m: number, times: Int32Array, stabilization: number, unstarted: UnstartedTokens): RowPlan {
  const row = matrix[m];
  const S = times.length - 1;
  const H = row.length;
  const levels = new Int32Array(H);
  const steps = new Int32Array(H).fill(-1);
  let frozenPrefix = 0;
  let prefixOpen = true;
  let stepEnd = 0;
  for (let t = 0; t < H; t++) {
    const p = row[t];
    if (p >= S) {
      levels[t] = stabilization;
      if (prefixOpen) frozenPrefix = t + 1;
      continue;
    }
    prefixOpen = false;
    const i = Math.max(p, 0);
    levels[t] = times[i];
    if (p >= 0 || unstarted === 'step') {
      steps[t] = i;
      stepEnd = t + 1;
    }
  }
  return { levels, steps, frozenPrefix, stepEnd };
}
