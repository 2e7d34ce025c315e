import { makeLocomotionEnv, normalizedScore } from '@dfp/envs';
import { evaluate } from '@dfp/planner';
import type { LoadedCheckpoint } from '../maze2d/checkpoint-store';
import type { BehaviourEpisode } from './behaviour-episodes';
import type { LocomotionMethodSettings } from './bench-config';
import type { LocomotionBenchEnvId } from './bench-envs';
import { buildLocomotionAgent } from './build-agent';
import type { LocomotionColumnId } from './columns';
import { EvaluationEnv } from './evaluation-env';

/** One scored episode, as saved in the results file. */
export interface LocomotionEpisodeRecord {
  readonly index: number;
  /** Env reset seed of an evaluated episode; null for a dataset episode. */
  readonly seed: number | null;
  /** First dataset row of a dataset episode; null for an evaluated one. */
  readonly datasetRow: number | null;
  /** Undiscounted return (of the scored steps). */
  readonly return: number;
  /** D4RL-normalized return x100. */
  readonly normalizedScore: number;
  readonly steps: number;
  /** Ended by termination (a fall) rather than the time limit. */
  readonly terminated: boolean;
}

/** The numbers of a cell. */
export interface LocomotionCellSummary {
  readonly episodes: number;
  readonly meanScore: number;
  /** Standard error of the mean normalized score (sample std / √n; 0 for one episode). */
  readonly stderrScore: number;
  readonly meanReturn: number;
  readonly stderrReturn: number;
  readonly meanSteps: number;
  /** Fraction of episodes that ended by termination. */
  readonly terminatedRate: number;
  /** Wall-clock time of the cell (0 for the behaviour column, which only reads data). */
  readonly wallMs: number;
  readonly replans: number;
  readonly msPerReplan: number | null;
  readonly envSteps: number;
}

/** Mean and standard error (sample std / √n) of `xs`; stderr 0 for a single value. */
export function meanAndStderr(xs: readonly number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return [mean, Math.sqrt(variance / n)];
}

/** The summary of a cell's episode records (at least one) and its timings. */
export function summarize(episodes: readonly LocomotionEpisodeRecord[], timings: { wallMs: number; replans: number; msPerReplan: number | null; envSteps: number }): LocomotionCellSummary {
  const [meanScore, stderrScore] = meanAndStderr(episodes.map((e) => e.normalizedScore));
  const [meanReturn, stderrReturn] = meanAndStderr(episodes.map((e) => e.return));
  return {
    episodes: episodes.length,
    meanScore,
    stderrScore,
    meanReturn,
    stderrReturn,
    meanSteps: episodes.reduce((a, e) => a + e.steps, 0) / episodes.length,
    terminatedRate: episodes.filter((e) => e.terminated).length / episodes.length,
    ...timings,
  };
}

/** Episode records of the behaviour column: the dataset's complete episodes, scored like evaluated ones. */
export function behaviourRecords(env: string, episodes: readonly BehaviourEpisode[]): LocomotionEpisodeRecord[] {
  return episodes.map((e, index) => ({
    index, seed: null, datasetRow: e.start, return: e.return, normalizedScore: normalizedScore(env, e.return), steps: e.scoredSteps, terminated: e.terminated && e.length <= e.scoredSteps,
  }));
}

/** Options of {@link runPlanningCell}. */
export interface PlanningCellOptions {
  readonly env: LocomotionBenchEnvId;
  readonly column: LocomotionColumnId;
  readonly settings: LocomotionMethodSettings;
  readonly checkpoint: LoadedCheckpoint | null;
  readonly episodes: number;
  /** Episode i resets with env seed `seed + i`; the agent is seeded with `seed` too. */
  readonly seed: number;
  /** Time limit of the evaluated episodes. */
  readonly episodeSteps: number;
  readonly onStep?: () => void;
  readonly signal?: AbortSignal;
}

/**
 * Evaluates one planning column on one env: `episodes` envs with the time limit `episodeSteps`, run as one batch
 * through planner's `evaluate` (each DF planner call serves every env that needs a plan).
 */
export async function runPlanningCell(o: PlanningCellOptions): Promise<{ summary: LocomotionCellSummary; episodes: LocomotionEpisodeRecord[]; settings: Readonly<Record<string, unknown>> }> {
  const envs: EvaluationEnv[] = [];
  try {
    for (let i = 0; i < o.episodes; i++) envs.push(new EvaluationEnv(await makeLocomotionEnv(o.env, { maxEpisodeSteps: o.episodeSteps }), o.onStep, o.signal));
    const built = buildLocomotionAgent(o.column, {
      env: envs[0].inner, settings: o.settings, checkpoint: o.checkpoint, seed: o.seed, episodeSteps: o.episodeSteps, stateOf: (i) => envs[i].inner.simulator.getState(),
    });
    try {
      const r = await evaluate(envs, built.agent, { episodes: o.episodes, seed: o.seed, agentSeed: o.seed });
      const episodes = r.episodes.map((e, i): LocomotionEpisodeRecord => ({
        index: e.index, seed: e.seed, datasetRow: null, return: e.return, normalizedScore: e.normalizedScore as number, steps: e.steps, terminated: envs[i].terminated,
      }));
      const t = r.timings;
      return { summary: summarize(episodes, { wallMs: t.totalMs, replans: t.replans, msPerReplan: t.msPerReplan, envSteps: t.envSteps }), episodes, settings: built.settings };
    } finally {
      built.agent.dispose();
    }
  } finally {
    envs.forEach((e) => e.close());
  }
}
