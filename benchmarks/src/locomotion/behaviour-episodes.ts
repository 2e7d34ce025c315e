import { DfpArgumentError, assertInteger, describeValue } from '@dfp/envs';

/** The per-row arrays of an offline dataset that delimit and score its episodes (D4RL layout). */
export interface EpisodeArrays {
  readonly rewards: ArrayLike<number>;
  readonly terminals: ArrayLike<number>;
  readonly timeouts: ArrayLike<number>;
}

/** One complete episode of a dataset, scored on its first `scoredSteps` steps. */
export interface BehaviourEpisode {
  /** Row of its first transition. */
  readonly start: number;
  /** Transitions in the episode. */
  readonly length: number;
  /** Steps that count: `min(length, scoreSteps)`. */
  readonly scoredSteps: number;
  /** Undiscounted return of the scored steps. */
  readonly return: number;
  /** Ended by termination (a fall), not by the time limit. */
  readonly terminated: boolean;
}

/** Options of {@link completeEpisodes}. */
export interface CompleteEpisodesOptions {
  /** Only rows `[0, rows)` are read. @defaultValue all rows */
  readonly rows?: number;
  /** The generator's time limit: an episode cut by `timeouts` is complete only when it ran this many steps. */
  readonly maxEpisodeSteps: number;
  /** Score each episode on its first this many steps (a shortened evaluation). @defaultValue maxEpisodeSteps */
  readonly scoreSteps?: number;
}

/**
 * The complete episodes of a dataset, in order: an episode ends at a row with `terminals` or `timeouts` set and
 * counts when it terminated or reached the time limit. The last, cut episode of a dataset (a `timeouts` flag
 * before the time limit) and an episode running past `rows` are left out, as the D4RL convention of scoring
 * behaviour data over finished episodes does.
 * @throws DfpArgumentError for arrays of different lengths or invalid counts.
 */
export function completeEpisodes(data: EpisodeArrays, opts: CompleteEpisodesOptions): BehaviourEpisode[] {
  const n = data?.rewards?.length;
  if (typeof n !== 'number' || data.terminals?.length !== n || data.timeouts?.length !== n) {
    throw new DfpArgumentError(`completeEpisodes: rewards, terminals and timeouts must have the same length, received ${describeValue(n)}, ${describeValue(data?.terminals?.length)}, ${describeValue(data?.timeouts?.length)}`);
  }
  const rows = assertInteger('completeEpisodes: rows', opts.rows ?? n, 0, n);
  const maxSteps = assertInteger('completeEpisodes: maxEpisodeSteps', opts.maxEpisodeSteps, 1);
  const scoreSteps = assertInteger('completeEpisodes: scoreSteps', opts.scoreSteps ?? maxSteps, 1);
  const out: BehaviourEpisode[] = [];
  let start = 0;
  let ret = 0;
  for (let r = 0; r < rows; r++) {
    if (r - start < scoreSteps) ret += data.rewards[r];
    const terminated = data.terminals[r] !== 0;
    if (!terminated && data.timeouts[r] === 0) continue;
    const length = r - start + 1;
    if (terminated || length === maxSteps) out.push({ start, length, scoredSteps: Math.min(length, scoreSteps), return: ret, terminated });
    start = r + 1;
    ret = 0;
  }
  return out;
}
