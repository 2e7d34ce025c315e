import { DfpArgumentError, describeValue } from '@dfp/envs';

/**
 * Scheduling matrices of Diffusion Forcing sampling (DF Alg. 2, App. B.7 Eq. B.1, App. C.8).
 *
 * Convention (the `paper` branch's `df_planning.py::interact`, research doc §2.2): entry `p[m][t]` is the
 * DDIM step index token `t` takes in row `m`, before clamping. With `S` sampling steps:
 * - `p < 0`: the token has not started (it is still pure noise at level `times[0]`);
 * - `0 <= p <= S-1`: the token takes DDIM step `p`, from level `times[p]` to `times[p+1]`
 *   (`p = S-1` returns the x0 prediction);
 * - `p >= S`: the token is finished; it is fed to the backbone at the stabilization level and left unchanged.
 *
 * Rows are processed top to bottom, tokens left to right.
 */
export type SchedulingMatrix = readonly (readonly number[])[];

/** The built-in schedules (DF App. C.8): all tokens together, one token at a time, or the causal pyramid. */
export type SchedulingKind = 'full_sequence' | 'autoregressive' | 'pyramid';

/** Options of {@link schedulingMatrix}. */
export interface SchedulingMatrixOptions {
  readonly kind: SchedulingKind;
  /** Number of plan tokens H (>= 1). */
  readonly horizon: number;
  /** Number of DDIM steps S (>= 1). */
  readonly samplingSteps: number;
  /**
   * Pyramid only: DDIM steps by which token t+1 lags token t (`uncertainty_scale` u of the code). 0 gives
   * full-sequence sampling, S gives autoregressive sampling.
   * @defaultValue 1
   */
  readonly uncertaintyScale?: number;
}

/** Phase of a token in one row, derived from its entry `p` (see {@link SchedulingMatrix}). */
export type TokenPhase = 'unstarted' | 'denoising' | 'finished';

/** Phase of entry `p` for `samplingSteps` S. */
export function tokenPhase(p: number, samplingSteps: number): TokenPhase {
  if (p < 0) return 'unstarted';
  return p < samplingSteps ? 'denoising' : 'finished';
}

function checkSize(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new DfpArgumentError(`${fn}: ${name} must be an integer >= 1, received ${describeValue(v)}`);
  }
  return v;
}

/**
 * The pyramid ("causal uncertainty") matrix: `M = S + floor(H·u)` rows, `p[m][t] = m - floor(t·u)`
 * (research doc §2.2; DF App. B.7). With u = 1 each token lags its predecessor by one DDIM step, so the far
 * future is always noisier than the near future.
 *
 * @param horizon - tokens H.
 * @param samplingSteps - DDIM steps S.
 * @param uncertaintyScale - lag u >= 0 in DDIM steps per token (0: full sequence; S: autoregressive).
 */
export function pyramidMatrix(horizon: number, samplingSteps: number, uncertaintyScale = 1): number[][] {
  const fn = 'pyramidMatrix';
  const H = checkSize(fn, 'horizon', horizon);
  const S = checkSize(fn, 'samplingSteps', samplingSteps);
  if (typeof uncertaintyScale !== 'number' || !Number.isFinite(uncertaintyScale) || uncertaintyScale < 0) {
    throw new DfpArgumentError(`${fn}: uncertaintyScale must be a finite number >= 0, received ${describeValue(uncertaintyScale)}`);
  }
  const rows = S + Math.floor(H * uncertaintyScale);
  const lag = Array.from({ length: H }, (_, t) => Math.floor(t * uncertaintyScale));
  return Array.from({ length: rows }, (_, m) => lag.map((l) => m - l));
}

/** Full-sequence sampling (DF App. C.8): every token at the same level; S rows with `p[m][t] = m`. */
export function fullSequenceMatrix(horizon: number, samplingSteps: number): number[][] {
  return pyramidMatrix(horizon, samplingSteps, 0);
}

/**
 * Autoregressive ("teacher-forcing style") sampling: token t starts only when token t-1 is finished; the
 * pyramid with u = S (`S + H·S` rows, `p[m][t] = m - t·S`).
 */
export function autoregressiveMatrix(horizon: number, samplingSteps: number): number[][] {
  return pyramidMatrix(horizon, checkSize('autoregressiveMatrix', 'samplingSteps', samplingSteps), samplingSteps);
}

/**
 * Builds a scheduling matrix of the given kind (rows x tokens of DDIM step indices, see
 * {@link SchedulingMatrix}).
 *
 * @example
 * ```ts
 * schedulingMatrix({ kind: 'pyramid', horizon: 3, samplingSteps: 2 });
 * // [[0,-1,-2], [1,0,-1], [2,1,0], [3,2,1], [4,3,2]]
 * ```
 * @throws DfpArgumentError for an unknown kind, bad sizes, or `uncertaintyScale` with a kind other than pyramid.
 */
export function schedulingMatrix(opts: SchedulingMatrixOptions): number[][] {
  const fn = 'schedulingMatrix';
  if (opts === null || typeof opts !== 'object') throw new DfpArgumentError(`${fn}: expected an options object, received ${describeValue(opts)}`);
  const { kind, horizon, samplingSteps, uncertaintyScale } = opts;
  if (kind !== 'pyramid' && uncertaintyScale !== undefined) {
    throw new DfpArgumentError(`${fn}: uncertaintyScale applies only to kind 'pyramid', received kind ${describeValue(kind)}`);
  }
  switch (kind) {
    case 'pyramid':
      return pyramidMatrix(horizon, samplingSteps, uncertaintyScale ?? 1);
    case 'full_sequence':
      return fullSequenceMatrix(horizon, samplingSteps);
    case 'autoregressive':
      return autoregressiveMatrix(horizon, samplingSteps);
    default:
      throw new DfpArgumentError(`${fn}: kind must be 'full_sequence', 'autoregressive' or 'pyramid', received ${describeValue(kind)}`);
  }
}

/**
 * Checks a (custom) scheduling matrix and returns a copy of it.
 *
 * Rules, per token column: integer entries; non-decreasing down the rows; the first entry >= 0 is 0
 * (sampling starts from pure noise); while denoising the index advances by exactly 1 per row (a token can
 * neither pause nor skip a DDIM level in this convention); and the column reaches S-1, so every token ends
 * fully denoised.
 *
 * @param horizon - when given, the number of tokens the matrix must have.
 * @throws DfpArgumentError naming the row, token and entries that break a rule.
 */
export function validateSchedulingMatrix(matrix: SchedulingMatrix, samplingSteps: number, horizon?: number): number[][] {
  const fn = 'validateSchedulingMatrix';
  const S = checkSize(fn, 'samplingSteps', samplingSteps);
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new DfpArgumentError(`${fn}: matrix must be a non-empty array of rows, received ${describeValue(matrix)}`);
  }
  const H = Array.isArray(matrix[0]) ? matrix[0].length : -1;
  if (H < 1) throw new DfpArgumentError(`${fn}: row 0 must be a non-empty array of DDIM indices, received ${describeValue(matrix[0])}`);
  if (horizon !== undefined && H !== horizon) {
    throw new DfpArgumentError(`${fn}: matrix has ${H} tokens per row, expected horizon ${horizon}`);
  }
  const out = matrix.map((row, m) => {
    if (!Array.isArray(row) || row.length !== H) {
      throw new DfpArgumentError(`${fn}: row ${m} must have ${H} entries like row 0, received ${describeValue(row)}`);
    }
    row.forEach((p, t) => {
      if (typeof p !== 'number' || !Number.isInteger(p)) {
        throw new DfpArgumentError(`${fn}: entry [${m}][${t}] must be an integer DDIM index, received ${describeValue(p)}`);
      }
    });
    return [...row];
  });
  for (let t = 0; t < H; t++) {
    let started = false;
    for (let m = 0; m < out.length; m++) {
      const p = out[m][t];
      if (!started && p >= 0) {
        if (p !== 0) throw new DfpArgumentError(`${fn}: token ${t} starts at DDIM index ${p} in row ${m}; the first index >= 0 must be 0 (sampling starts from noise)`);
        started = true;
      }
      if (m === 0) continue;
      const prev = out[m - 1][t];
      if (p < prev) throw new DfpArgumentError(`${fn}: token ${t} goes from index ${prev} (row ${m - 1}) down to ${p} (row ${m}); indices must be non-decreasing per token`);
      if (prev >= 0 && prev < S - 1 && p !== prev + 1) {
        throw new DfpArgumentError(
          `${fn}: token ${t} goes from index ${prev} (row ${m - 1}) to ${p} (row ${m}); while denoising the index must advance by exactly 1 per row`,
        );
      }
    }
    const last = out[out.length - 1][t];
    if (last < S - 1) {
      throw new DfpArgumentError(`${fn}: token ${t} ends at DDIM index ${last} < S-1 = ${S - 1}; every token must end fully denoised`);
    }
  }
  return out;
}
