import { DfpArgumentError, describeValue } from '../errors';

/**
 * A flat offline dataset of N consecutive steps, the format core trains on (D4RL style). Row i holds the
 * observation o_i, the action a_i taken there and the reward r_i received. Episodes follow each other;
 * `episodeEnds[i] = 1` marks row i as the last of its episode (terminal or time-out), so o_{i+1} starts a new one.
 */
export interface TrajectoryDataset {
  readonly length: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** `[N, obsDim]` row-major. */
  readonly observations: Float32Array;
  /** `[N, actDim]` row-major. */
  readonly actions: Float32Array;
  /** `[N]`; required when the model has rewardDim = 1. */
  readonly rewards?: Float32Array;
  /** `[N]` 0/1 flags; absent means one single stream (the DF code ignores episode boundaries). */
  readonly episodeEnds?: Uint8Array;
}

/** Input of {@link trajectoryDataset}: arrays as produced by `generateMaze2dDataset` or read from a file. */
export interface TrajectoryDatasetInput {
  readonly observations: ArrayLike<number>;
  readonly actions: ArrayLike<number>;
  readonly obsDim: number;
  readonly actDim: number;
  readonly rewards?: ArrayLike<number>;
  /** Explicit episode-end flags; otherwise derived from `terminals | timeouts` when given. */
  readonly episodeEnds?: ArrayLike<number>;
  readonly terminals?: ArrayLike<number>;
  readonly timeouts?: ArrayLike<number>;
}

function toFloat32(what: string, values: ArrayLike<number>, length: number): Float32Array {
  if (values === null || values === undefined || typeof values.length !== 'number') {
    throw new DfpArgumentError(`trajectoryDataset: ${what} must be an array of numbers, received ${describeValue(values)}`);
  }
  if (values.length !== length) throw new DfpArgumentError(`trajectoryDataset: ${what} has ${values.length} values, expected ${length}`);
  const out = values instanceof Float32Array ? values : Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new DfpArgumentError(`trajectoryDataset: ${what} has a non-finite value ${describeValue(out[i])} at index ${i}`);
  }
  return out;
}

/**
 * Validates arrays and builds a {@link TrajectoryDataset} (no copy for Float32Array inputs).
 * @throws DfpArgumentError for non-integer dims, lengths that do not match, NaN or Infinity.
 */
export function trajectoryDataset(input: TrajectoryDatasetInput): TrajectoryDataset {
  const { obsDim, actDim } = input;
  if (!Number.isInteger(obsDim) || obsDim < 1) throw new DfpArgumentError(`trajectoryDataset: obsDim must be a positive integer, received ${describeValue(obsDim)}`);
  if (!Number.isInteger(actDim) || actDim < 0) throw new DfpArgumentError(`trajectoryDataset: actDim must be a non-negative integer, received ${describeValue(actDim)}`);
  const nObs = input.observations?.length;
  if (typeof nObs !== 'number' || nObs === 0 || nObs % obsDim !== 0) {
    throw new DfpArgumentError(`trajectoryDataset: observations must hold N·obsDim values (obsDim ${obsDim}), received ${describeValue(input.observations)}`);
  }
  const length = nObs / obsDim;
  if (length < 2) throw new DfpArgumentError(`trajectoryDataset: need at least 2 steps, received ${length}`);
  const observations = toFloat32('observations', input.observations, length * obsDim);
  const actions = toFloat32(`actions (N = ${length}, actDim ${actDim})`, input.actions, length * actDim);
  const rewards = input.rewards === undefined ? undefined : toFloat32('rewards', input.rewards, length);
  let episodeEnds: Uint8Array | undefined;
  const flags = [input.episodeEnds, input.terminals, input.timeouts].filter((f): f is ArrayLike<number> => f !== undefined);
  const source = input.episodeEnds !== undefined ? [input.episodeEnds] : flags;
  if (source.length > 0) {
    episodeEnds = new Uint8Array(length);
    for (const f of source) {
      if (f.length !== length) throw new DfpArgumentError(`trajectoryDataset: episode flags have ${f.length} values, expected ${length}`);
      for (let i = 0; i < length; i++) if (f[i]) episodeEnds[i] = 1;
    }
  }
  return { length, obsDim, actDim, observations, actions, rewards, episodeEnds };
}
