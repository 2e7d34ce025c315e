import { DfpArgumentError, assertInteger, describeValue } from '../errors';
import { Rng } from '../rng';
import { stepInPlace } from './dynamics';
import { mazeLayout } from './grids';
import { drawNoisyCell, maze2dReward } from './maze2d-env';
import { maze2dTask } from './maze2d-tasks';
import { WaypointController } from './waypoint-controller';

/** Version tag written into every generated dataset; bump it when the generator's output changes. */
export const MAZE2D_GENERATOR_VERSION = 'dfp-maze2d-1';

/** Which observation a dataset reward is computed from. */
export type RewardTiming = 'post-step' | 'pre-step';

/** Provenance stored with a dataset (safetensors `__metadata__`). */
export interface DatasetMetadata {
  readonly envId: string;
  readonly seed: number;
  readonly generatorVersion: string;
  /** Std of the Gaussian action noise (0 = none). */
  readonly actionNoise: number;
  readonly rewardTiming: RewardTiming;
}

/**
 * An offline dataset in D4RL's flat layout: row `t` is `(observations[t], actions[t], rewards[t], ...)`,
 * all arrays row-major. `terminals` and `timeouts` hold 0/1 flags.
 */
export interface OfflineDataset {
  readonly metadata: DatasetMetadata;
  /** Number of rows N. */
  readonly size: number;
  /** `[N, 4]` `[x, y, vx, vy]` before the step. */
  readonly observations: Float32Array;
  /** `[N, 2]` the action taken (after noise and clipping). */
  readonly actions: Float32Array;
  /** `[N]` reward w.r.t. the env's fixed G goal (see `rewardTiming`). */
  readonly rewards: Float32Array;
  /** `[N]` always 0: Maze2D has no terminal states. */
  readonly terminals: Uint8Array;
  /** `[N]` 1 where the navigation goal was reached (or its step cap hit) and a new goal is drawn. */
  readonly timeouts: Uint8Array;
  /** `[N, 2]` the navigation goal being chased (D4RL's `infos/goal`). */
  readonly goals: Float32Array;
}

/** Options of {@link generateMaze2dDataset}. */
export interface GenerateMaze2dOptions {
  /** Number of rows (D4RL v1 files: 1M umaze, 2M medium, 4M large). */
  readonly steps: number;
  readonly seed: number;
  /**
   * Std of Gaussian noise added to the controller's action before clipping (D4RL `--noisy` uses 0.5).
   * @defaultValue 0
   */
  readonly actionNoise?: number;
  /**
   * `'post-step'`: `rewards[t]` is the env reward of the transition, from `observations[t+1]` (what
   * `env.step` returns). `'pre-step'`: from `observations[t]`, the one-step offset of D4RL's released v1
   * files (D4RL issue #194).
   * @defaultValue 'post-step'
   */
  readonly rewardTiming?: RewardTiming;
  /** Called every `progressEvery` rows and at the end with `(rowsDone, steps)`. */
  readonly onProgress?: (done: number, total: number) => void;
  /** @defaultValue 10000 */
  readonly progressEvery?: number;
}

/**
 * Generates a Maze2D dataset with D4RL's procedure (`scripts/generation/generate_maze2d_datasets.py`):
 * one continuous trajectory of the {@link WaypointController} chasing random goals (a uniform free cell plus
 * U(-0.1, 0.1)); a new goal is drawn when the controller reaches the rounded goal cell or after
 * `maxEpisodeSteps` steps on one goal. The env is never reset. Deterministic given `seed`.
 *
 * Deliberate differences from the script: D4RL repeats the previous observation in the row after a goal
 * switch (it does not advance `s`); here every `observations[t+1]` is the true successor of
 * `(observations[t], actions[t])`. D4RL's released files carry rewards relabelled w.r.t. the fixed G goal
 * one step early; here `rewardTiming` chooses (default: the env's post-step reward).
 * @throws DfpArgumentError for an unknown env id or invalid options.
 */
export function generateMaze2dDataset(envId: string, options: GenerateMaze2dOptions): OfflineDataset {
  const task = maze2dTask(envId);
  const n = assertInteger('generateMaze2dDataset: steps', options?.steps, 1, 50_000_000);
  const seed = assertInteger('generateMaze2dDataset: seed', options.seed, Number.MIN_SAFE_INTEGER);
  const noise = options.actionNoise ?? 0;
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    throw new DfpArgumentError(`generateMaze2dDataset: actionNoise must be a finite number >= 0, received ${describeValue(noise)}`);
  }
  const timing = options.rewardTiming ?? 'post-step';
  if (timing !== 'post-step' && timing !== 'pre-step') {
    throw new DfpArgumentError(`generateMaze2dDataset: rewardTiming must be 'post-step' or 'pre-step', received ${describeValue(timing)}`);
  }
  const every = assertInteger('generateMaze2dDataset: progressEvery', options.progressEvery ?? 10_000, 1);
  const layout = mazeLayout(task.maze);
  const cells = layout.emptyAndGoalCells;
  const [gx, gy] = layout.goalCell;
  const rng = new Rng(seed);
  const ds = {
    metadata: { envId: task.id, seed, generatorVersion: MAZE2D_GENERATOR_VERSION, actionNoise: noise, rewardTiming: timing },
    size: n,
    observations: new Float32Array(n * 4),
    actions: new Float32Array(n * 2),
    rewards: new Float32Array(n),
    terminals: new Uint8Array(n),
    timeouts: new Uint8Array(n),
    goals: new Float32Array(n * 2),
  };
  // As the script: env.set_target() (random goal), then env.reset() (random start), once.
  const state = new Float64Array(4);
  const goal = new Float64Array(2);
  drawNoisyCell(rng, cells, goal);
  drawNoisyCell(rng, cells, state);
  state[2] = 0.1 * rng.normal();
  state[3] = 0.1 * rng.normal();
  const controller = new WaypointController(layout, rng);
  const act = new Float64Array(2);
  let goalSteps = 0;
  for (let t = 0; t < n; t++) {
    let done = controller.control(state, goal, act);
    if (noise > 0) {
      act[0] = Math.min(1, Math.max(-1, act[0] + noise * rng.normal()));
      act[1] = Math.min(1, Math.max(-1, act[1] + noise * rng.normal()));
    }
    if (goalSteps >= task.maxEpisodeSteps) done = true;
    ds.observations.set(state, 4 * t);
    ds.actions.set(act, 2 * t);
    ds.goals.set(goal, 2 * t);
    ds.timeouts[t] = done ? 1 : 0;
    const px = state[0];
    const py = state[1];
    stepInPlace(state, 0, act[0], act[1], layout);
    ds.rewards[t] = timing === 'post-step' ? maze2dReward(task.rewardType, state[0], state[1], gx, gy) : maze2dReward(task.rewardType, px, py, gx, gy);
    goalSteps++;
    if (done) {
      drawNoisyCell(rng, cells, goal);
      goalSteps = 0;
    }
    if (options.onProgress && ((t + 1) % every === 0 || t + 1 === n)) options.onProgress(t + 1, n);
  }
  return ds;
}
