import { makeMaze2dEnv } from '@dfp/envs';
import { evaluate } from '@dfp/planner';
import type { BuiltAgent } from './build-agent';
import type { GoalMode } from './paper-table1';
import { RecordingAgent, RecordingEnv } from './recording';

/** One evaluated episode, as saved in the results file. */
export interface EpisodeRecord {
  readonly index: number;
  /** Env seed of the reset (random start, and the random goal in Multi2D). */
  readonly seed: number;
  /** Sum of the sparse rewards (steps within 0.5 of the goal). */
  readonly return: number;
  /** D4RL-normalized return x100. */
  readonly normalizedScore: number;
  /** Reached the goal at least once. */
  readonly success: boolean;
  /** Steps until the goal was first reached, or null. */
  readonly firstReach: number | null;
  readonly steps: number;
  readonly start: [number, number];
  readonly goal: [number, number];
}

/** Summary of a cell: the numbers of the table. */
export interface CellSummary {
  readonly episodes: number;
  readonly meanScore: number;
  readonly stderrScore: number;
  readonly meanReturn: number;
  readonly stderrReturn: number;
  readonly successRate: number;
  /** Mean time to first reach over the successful episodes (null when none succeeded). */
  readonly meanFirstReach: number | null;
  /** Wall-clock time of the cell (all its episodes, one batch). */
  readonly wallMs: number;
  /** Batched planner calls (one serves every env that needs a plan) and their mean cost. */
  readonly replans: number;
  readonly msPerReplan: number | null;
  readonly envSteps: number;
}

/** Executed path and last plan of one episode, for its figure. */
export interface EpisodeTrace {
  readonly index: number;
  /** `[x0, y0, x1, y1, ...]` from the reset to the last step. */
  readonly positions: number[];
  /** Positions of the last plan (starting at the observation it was made from), or null. */
  readonly lastPlan: Array<[number, number]> | null;
  /** Env step at which the last plan was made. */
  readonly lastPlanStep: number | null;
  readonly goal: [number, number];
}

/** Options of {@link runCell}. */
export interface RunCellOptions {
  readonly envId: string;
  readonly goal: GoalMode;
  readonly agent: BuiltAgent;
  readonly episodes: number;
  /** Episode i resets with env seed `seed + i`; the agent is seeded with `seed` too. */
  readonly seed: number;
  /** Cut episodes after this many steps (tests only); null = the env's full v1 length. */
  readonly maxSteps: number | null;
  /** Episodes whose traces are kept (the first ones). @defaultValue 0 */
  readonly traces?: number;
  /** Called after every env step (progress). */
  readonly onStep?: () => void;
  readonly signal?: AbortSignal;
}

/** What {@link runCell} measured. */
export interface CellOutcome {
  readonly summary: CellSummary;
  readonly episodes: EpisodeRecord[];
  readonly traces: EpisodeTrace[];
}

const pair = (a: ArrayLike<number>): [number, number] => [a[0], a[1]];

/**
 * Runs one table cell: `episodes` Maze2D envs (goal fixed, or random for Multi2D), all planned as one batch
 * (every planner call serves every env that needs a plan), through planner's `evaluate`. Returns per-episode
 * records, the summary (normalized score ± standard error, raw return, success rate, time to first reach, wall
 * time) and the traces of the first episodes.
 */
export async function runCell(opts: RunCellOptions): Promise<CellOutcome> {
  const envs = Array.from({ length: opts.episodes }, () => new RecordingEnv(makeMaze2dEnv(opts.envId, { goal: opts.goal === 'multi' ? 'random' : 'fixed' }), opts.onStep, opts.signal));
  const agent = new RecordingAgent(opts.agent.agent, opts.agent.planOf);
  try {
    const r = await evaluate(envs, agent, { episodes: opts.episodes, seed: opts.seed, agentSeed: opts.seed, maxSteps: opts.maxSteps ?? undefined });
    const episodes: EpisodeRecord[] = r.episodes.map((e, i) => ({
      index: e.index,
      seed: e.seed,
      return: e.return,
      normalizedScore: e.normalizedScore as number,
      success: e.success === true,
      firstReach: e.firstReach,
      steps: e.steps,
      start: [envs[i].positions[0], envs[i].positions[1]],
      goal: pair(envs[i].getTarget()),
    }));
    const traces = envs.slice(0, opts.traces ?? 0).map((env, i): EpisodeTrace => {
      const last = agent.lastPlan(i);
      return {
        index: i,
        positions: env.positions,
        lastPlan: last ? opts.agent.planPositions(last.plan, last.observation) : null,
        lastPlanStep: last ? last.step : null,
        goal: pair(env.getTarget()),
      };
    });
    const summary: CellSummary = {
      episodes: r.episodes.length,
      meanScore: r.meanNormalizedScore as number,
      stderrScore: r.stderrNormalizedScore as number,
      meanReturn: r.meanReturn,
      stderrReturn: r.stderrReturn,
      successRate: r.successRate ?? 0,
      meanFirstReach: r.meanFirstReach,
      wallMs: r.timings.totalMs,
      replans: r.timings.replans,
      msPerReplan: r.timings.msPerReplan,
      envSteps: r.timings.envSteps,
    };
    return { summary, episodes, traces };
  } finally {
    envs.forEach((e) => e.close());
  }
}
