import { DfpArgumentError, Rng, describeValue } from '@dfp/envs';
import type { RngState } from '@dfp/envs';
import type { GuidanceOptions } from '../guidance/apply-guidance';
import { objectiveFromSpec } from '../guidance/objectives';
import type { ObjectiveSpec } from '../guidance/objectives';
import type { SampleOptions } from '../sample';

/**
 * Splitting a sampling call into row ranges for data-parallel sampling, and the plain-data form of one part
 * that crosses to a worker thread (objectives as {@link ObjectiveSpec}, noise streams as Rng states).
 */

/** Rows `[from, to)` of a batch. */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Splits `batch` rows into `min(parts, batch)` contiguous ranges whose sizes differ by at most one (larger
 * ranges first), e.g. 5 rows in 2 parts: [0, 3), [3, 5).
 * @throws DfpArgumentError unless both are positive integers.
 */
export function contiguousParts(batch: number, parts: number): RowRange[] {
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(parts) || parts < 1) {
    throw new DfpArgumentError(`contiguousParts: batch and parts must be positive integers, received ${describeValue(batch)} and ${describeValue(parts)}`);
  }
  const n = Math.min(parts, batch);
  const base = Math.floor(batch / n);
  const extra = batch % n;
  const out: RowRange[] = [];
  let from = 0;
  for (let i = 0; i < n; i++) {
    const to = from + base + (i < extra ? 1 : 0);
    out.push({ from, to });
    from = to;
  }
  return out;
}

/** Rows `[from, to)` of a row-major array with `batch` equal rows. */
function rowSlice(a: Float32Array, batch: number, r: RowRange): Float32Array {
  const per = a.length / batch;
  return a.slice(r.from * per, r.to * per);
}

/**
 * The options of rows `r` of a call over `batch` rows: per-row data (noise streams, goals, guidance frame
 * weights, inpainting) sliced, everything else shared. `options.rng` must hold one Rng per row.
 */
export function sliceSampleOptions(options: SampleOptions, batch: number, r: RowRange): SampleOptions {
  if (!Array.isArray(options.rng) || options.rng.length !== batch) {
    throw new DfpArgumentError(`sliceSampleOptions: splitting a batch needs one Rng per batch row (${batch}) so that each row's noise does not depend on the split, received ${describeValue(options.rng)}`);
  }
  const g = options.guidance ?? null;
  const guidance: GuidanceOptions | null = g && {
    ...g,
    goals: g.goals ? g.goals.slice(r.from, r.to) : g.goals,
    frameWeights: g.frameWeights ? rowSlice(g.frameWeights, batch, r) : g.frameWeights,
  };
  const ip = options.inpaint ?? null;
  const inpaint = ip && { mask: rowSlice(ip.mask, batch, r), values: rowSlice(ip.values, batch, r) };
  return { ...options, rng: (options.rng as readonly Rng[]).slice(r.from, r.to), guidance, inpaint };
}

/** One part of a sampling call as plain data (structured-clone safe). */
export interface SamplePartRequest {
  readonly observations: Float64Array[];
  readonly options: Omit<SampleOptions, 'rng' | 'guidance'> & {
    readonly guidance: (Omit<GuidanceOptions, 'objective' | 'goals'> & { readonly objective: ObjectiveSpec; readonly goals: (number[] | null)[] | null }) | null;
  };
  readonly rngStates: RngState[];
}

/**
 * The plain-data form of a part (options from {@link sliceSampleOptions}).
 * @throws DfpArgumentError when the guidance objective has no `spec` (a `custom(fn)` function cannot cross threads).
 */
export function toPartRequest(observations: readonly ArrayLike<number>[], options: SampleOptions): SamplePartRequest {
  const g = options.guidance ?? null;
  if (g && !g.objective?.spec) {
    throw new DfpArgumentError(`parallel sampling: guidance objective '${g.objective?.objectiveName ?? describeValue(g.objective)}' cannot be rebuilt in a worker thread (only goalDistance and rewardSum can); use 1 thread for custom objectives`);
  }
  const { rng, guidance, ...rest } = options;
  return {
    observations: observations.map((o) => Float64Array.from(o)),
    options: {
      ...rest,
      guidance: g && { ...g, objective: g.objective.spec!, goals: g.goals ? g.goals.map((x) => (x === undefined ? null : Array.from(x))) : null },
    },
    rngStates: (rng as readonly Rng[]).map((x) => x.getState()),
  };
}

/** The sampling options of a part request (in the worker): objective rebuilt, fresh Rngs from the states. */
export function fromPartRequest(req: SamplePartRequest): SampleOptions & { readonly rng: Rng[] } {
  const g = req.options.guidance;
  return {
    ...req.options,
    rng: req.rngStates.map((s) => Rng.fromState(s)),
    guidance: g && { ...g, objective: objectiveFromSpec(g.objective), goals: g.goals ? g.goals.map((x) => x ?? undefined) : null },
  };
}
