import { trajectoryDataset } from '@dfp/core';
import type { TrajectoryDataset } from '@dfp/core';
import { DfpArgumentError, describeValue } from '@dfp/envs';

/** What {@link trainingTrajectories} reads: a D4RL-style dataset with stored next observations (`LocomotionDataset`). */
export interface TransitionArrays {
  readonly size: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly terminals: Float32Array;
  readonly timeouts: Float32Array;
}

/**
 * The training stream of a reward-token model: every transition `i` becomes the frame `[o_{i+1}, a_i, r_i]`,
 * the last one of each episode included, and windows never cross an episode end.
 *
 * Core's `WindowSampler` takes o_{i+1} from the next row, so a plain `trajectoryDataset` with episode-end flags
 * drops each episode's last transition: the fall of the hopper and walker, and the transition into the time
 * limit. Here each episode is followed by one extra row holding its final `nextObservations` (action and reward
 * 0), flagged as the episode end instead: the last transition keeps its true next observation, and the extra row
 * can neither start a window nor be a frame (its run length is 0). Train with `respectEpisodes: true`, and fit
 * the normalizer on the plain dataset so that the extra rows do not shift it.
 * @returns a dataset of `size + episodes` rows.
 * @throws DfpArgumentError for arrays that do not match `size`, `obsDim` and `actDim`.
 */
export function trainingTrajectories(ds: TransitionArrays): TrajectoryDataset {
  const { size: n, obsDim, actDim } = ds;
  const check = (name: keyof TransitionArrays, width: number): void => {
    const a = ds[name] as Float32Array;
    if (!(a instanceof Float32Array) || a.length !== n * width) throw new DfpArgumentError(`trainingTrajectories: ${name} must be a Float32Array of ${n} x ${width} values, received ${describeValue(a?.length)} values`);
  };
  check('observations', obsDim);
  check('nextObservations', obsDim);
  check('actions', actDim);
  check('rewards', 1);
  check('terminals', 1);
  check('timeouts', 1);
  const ends: number[] = [];
  for (let i = 0; i < n; i++) if (ds.terminals[i] !== 0 || ds.timeouts[i] !== 0 || i === n - 1) ends.push(i);
  const m = n + ends.length;
  const observations = new Float32Array(m * obsDim);
  const actions = new Float32Array(m * actDim);
  const rewards = new Float32Array(m);
  const episodeEnds = new Uint8Array(m);
  let row = 0;
  let from = 0;
  for (const end of ends) {
    const count = end - from + 1;
    observations.set(ds.observations.subarray(from * obsDim, (end + 1) * obsDim), row * obsDim);
    actions.set(ds.actions.subarray(from * actDim, (end + 1) * actDim), row * actDim);
    rewards.set(ds.rewards.subarray(from, end + 1), row);
    row += count;
    observations.set(ds.nextObservations.subarray(end * obsDim, (end + 1) * obsDim), row * obsDim); // the final o_{T}
    episodeEnds[row] = 1;
    row++;
    from = end + 1;
  }
  return trajectoryDataset({ observations, actions, rewards, episodeEnds, obsDim, actDim });
}
