import type { Box } from './spaces/box';

/** Free-form diagnostic information returned by `reset` and `step` (Gymnasium's `info` dict). */
export type Info = Record<string, unknown>;

/** Options of {@link Env.reset}. */
export interface ResetOptions {
  /** Reseeds the env's generator. Without it the generator continues where it was (Gymnasium's rule). */
  readonly seed?: number;
  /** Env-specific reset options (e.g. a start cell). */
  readonly options?: Record<string, unknown>;
}

export interface ResetResult {
  readonly observation: Float64Array;
  readonly info: Info;
}

export interface StepResult {
  readonly observation: Float64Array;
  readonly reward: number;
  /** The MDP reached a terminal state (goal or failure). Call `reset` before stepping again. */
  readonly terminated: boolean;
  /** The episode was cut by a condition outside the MDP, here the `maxEpisodeSteps` time limit. */
  readonly truncated: boolean;
  readonly info: Info;
}

/**
 * The environment contract of dfp, following Gymnasium's `Env` (v1.0 API) with TypeScript idioms.
 *
 * - `reset({seed})` starts an episode. A seed reseeds the env's generator; without one the generator
 *   continues, so consecutive resets give different starts. Envs created without any seed start from seed 0,
 *   so runs are reproducible by default.
 * - `step(action)` advances one step. `terminated` marks a terminal MDP state; `truncated` becomes true on the
 *   step that reaches `maxEpisodeSteps` (see `TimeLimitEnv`, the only place that sets it).
 * - Stepping before the first `reset`, after `terminated` or `truncated`, or with an action of the wrong
 *   length or with a non-finite entry throws an error that names the problem. Actions outside
 *   `actionSpace` are clipped by the env, as D4RL and Gym's MuJoCo envs do.
 * - Observations are fresh `Float64Array`s owned by the caller.
 * - `close()` frees native resources (MuJoCo objects); the env is unusable afterwards.
 */
export interface Env {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly maxEpisodeSteps: number;
  reset(opts?: ResetOptions): ResetResult;
  step(action: ArrayLike<number>): StepResult;
  close(): void;
}

/** What an env's own step logic returns; `truncated` is added by `TimeLimitEnv`. */
export interface CoreStepResult {
  readonly observation: Float64Array;
  readonly reward: number;
  readonly terminated: boolean;
  readonly info: Info;
}

/** Reference returns for D4RL-style normalized scores: 0 at `min`, 100 at `max`. */
export interface ReferenceScores {
  readonly min: number;
  readonly max: number;
}
