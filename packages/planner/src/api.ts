import type { Box } from '@dfp/envs';

/**
 * Shared types of @dfp/planner. Shapes are written `[batch, tokens, tokenDim]`; "frames" are the unstacked
 * rows `[o_{t+1}, a_t, r_t]` of the token layout (DF §3.4, App. B.6).
 */

/** What the agents need to know about an env: its spaces and its episode length. Every `Env` satisfies it. */
export interface EnvLike {
  readonly id?: string;
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly maxEpisodeSteps: number;
}

/** A planned trajectory of one env, un-normalized, for execution and plotting. */
export interface PlannedTrajectory {
  /** Predicted next observations o_{t+1}, one per frame (`frames x obsDim`). */
  readonly observations: Float64Array[];
  /** Planned actions a_t, one per frame (`frames x actDim`), not clamped. */
  readonly actions: Float64Array[];
  /** Predicted rewards r_t (one per frame) when the model has a reward channel, else null. */
  readonly rewards: Float64Array | null;
  /** Number of plan tokens H; `frames = H · frameStack`. */
  readonly tokens: number;
}

/** Options of {@link Agent.act}. */
export interface ActOptions {
  /** Goal of this env (e.g. Maze2D's target `[x, y]`); used by goal-directed objectives and Diffuser's inpainting. */
  readonly goal?: ArrayLike<number>;
}

/** Options of {@link Agent.actBatch}. */
export interface ActBatchOptions {
  /** One goal per observation (entries may be undefined). */
  readonly goals?: readonly (ArrayLike<number> | undefined)[];
  /**
   * Which env slots (from `reset({numEnvs})`) the observations belong to, one per observation.
   * @defaultValue `[0, 1, ..., observations.length - 1]`
   */
  readonly envIndices?: readonly number[];
}

/** Options of {@link Agent.reset}. */
export interface AgentResetOptions {
  /** Number of env slots whose state the agent keeps (open-loop queues, plans, step counters). @defaultValue 1 */
  readonly numEnvs?: number;
  /** Reseeds the agent's generator (sampling noise). Without it the generator continues. */
  readonly seed?: number;
}

/** Running counters of an agent, for benchmarks (`ms per replan`) and logs. */
export interface AgentStats {
  /** Number of `replan` calls (one call plans for every env that needed it). */
  readonly replans: number;
  /** Env-plans made (sum of the batch sizes of all replans). */
  readonly plannedEnvs: number;
  /** Wall-clock ms spent planning, in total and in the last replan. */
  readonly planMs: number;
  readonly lastPlanMs: number;
  /** Actions returned. */
  readonly actions: number;
}

/**
 * A batched, stateful control policy: the planners of this package and anything `evaluate` can run.
 * State is kept per env slot; `reset` starts new episodes.
 */
export interface Agent {
  readonly name: string;
  /** Checks that the env's observation and action sizes fit the agent, and reads the action bounds and episode length. */
  attach(env: EnvLike): void;
  reset(opts?: AgentResetOptions): void;
  /** Action for env slot 0. */
  act(observation: ArrayLike<number>, opts?: ActOptions): Promise<Float64Array>;
  /** Actions for several envs at once (one batched planning call for all envs that need a new plan). */
  actBatch(observations: readonly ArrayLike<number>[], opts?: ActBatchOptions): Promise<Float64Array[]>;
  readonly stats: AgentStats;
  /** Frees tensors the agent holds (none between calls for the planners here; kept for custom agents). */
  dispose(): void;
}
