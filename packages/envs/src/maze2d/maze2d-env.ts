import type { CoreStepResult, Info } from '../api';
import { DfpArgumentError, assertFiniteVector, describeValue } from '../errors';
import type { Rng } from '../rng';
import { Box } from '../spaces/box';
import { TimeLimitEnv } from '../time-limit';
import { MAZE2D_ACTION_DIM, MAZE2D_STATE_DIM, stepInPlace } from './dynamics';
import { cellOf, isWallCell, mazeLayout } from './grids';
import type { Cell, MazeLayout } from './grids';
import { maze2dTask } from './maze2d-tasks';
import type { Maze2dEnvId, Maze2dRewardType, Maze2dTask } from './maze2d-tasks';

/** Goal modes: D4RL's fixed `G` cell, or Diffuser's Multi2D random goal drawn after every reset. */
export type Maze2dGoalMode = 'fixed' | 'random';

/** Options of {@link Maze2dEnv} (also accepted by `makeEnv(id, options)`). */
export interface Maze2dEnvOptions {
  /**
   * Seed of the env's generator before the first `reset({seed})`.
   * @defaultValue 0
   */
  readonly seed?: number;
  /**
   * `'fixed'`: the goal is the exact `G` cell (all D4RL tasks). `'random'`: Multi2D, a uniform free cell plus
   * U(-0.1, 0.1) per axis, drawn after each reset.
   * @defaultValue 'fixed'
   */
  readonly goal?: Maze2dGoalMode;
}

/** Options of `reset({options})` for Maze2D. */
export interface Maze2dResetOptions {
  /** Start in this free cell (plus the usual noise) instead of a uniform one: D4RL's `reset_to_location`. */
  readonly startCell?: Cell;
}

/**
 * Draws `cell + U(-0.1, 0.1)` per axis for a uniform cell of `cells` into `out[offset..offset+1]` (D4RL's
 * reset and `set_target()` noise).
 * @internal
 */
export function drawNoisyCell(rng: Rng, cells: readonly Cell[], out: Float64Array, offset = 0): void {
  const [r, c] = rng.choice(cells);
  out[offset] = r + rng.uniformRange(-0.1, 0.1);
  out[offset + 1] = c + rng.uniformRange(-0.1, 0.1);
}

const { sqrt, exp } = Math; // bound once: the reward runs on every step

/** Reward of the position `(x, y)` for `target`: sparse `1[d <= 0.5]` or dense `exp(-d)` (D4RL `MazeEnv.step`). */
export function maze2dReward(rewardType: Maze2dRewardType, x: number, y: number, tx: number, ty: number): number {
  const d = sqrt((x - tx) * (x - tx) + (y - ty) * (y - ty));
  return rewardType === 'sparse' ? (d <= 0.5 ? 1 : 0) : exp(-d);
}

/**
 * D4RL Maze2D v1: a point mass navigating a maze (`maze2d-{umaze,medium,large}-v1` and `-dense-v1`),
 * re-implemented without MuJoCo (research doc `maze2d-d4rl.md`).
 *
 * ## Description
 * A ball of radius 0.1 and mass 4.19 kg slides frictionlessly in a walled maze, driven by a force on each
 * axis. The task is to reach the goal and stay there. Physics: implicit-damping Euler step of MuJoCo
 * (`v' = A·clip(v, ±5) + C·clip(u, ±1)`, `x' = x + 0.01·v'`, A = 0.997618361596490, C = 0.238163840350979)
 * with hard, frictionless walls; returns match MuJoCo within about 1% (doc §2.7). See `maze2dStep`.
 *
 * ## Action Space
 * `Box(-1, 1, (2,))`: force on x and y (gear 100). Actions outside are clipped, as D4RL does.
 *
 * ## Observation Space
 * `Box(-inf, inf, (4,))`, float64: `[x, y, vx, vy]` in the qpos frame, where `x` is the maze row and `y` the
 * column (cell `(r, c)` is nominally at `(r, c)`; its free square is `[r-0.7, r+0.3] x [c-0.7, c+0.3]`).
 * Observations are not clipped. Free flight and wall faces give |v| <= A·5 + C = 5.2263 per axis; a glancing
 * hit on a convex wall corner can turn speed from one axis into the other (the speed norm never grows), so a
 * component can rarely exceed that (about 5.75 at most in random tests).
 *
 * ## Rewards
 * Computed from the position after the step and the target: sparse `1` if `‖xy − target‖ <= 0.5`, else `0`;
 * dense `exp(−‖xy − target‖)`.
 *
 * ## Starting State
 * A uniform cell of the `O` cells plus the `G` cell, plus U(−0.1, 0.1) per position axis, and velocity
 * N(0, 0.1²) per axis. The target is the exact `G` cell; with `goal: 'random'` (Multi2D) a uniform free cell
 * plus U(−0.1, 0.1) is drawn after each reset.
 *
 * ## Episode End
 * Never terminates (`terminated` is always false). Truncated after 300 / 600 / 800 steps (umaze / medium /
 * large), the v1 `max_episode_steps`.
 *
 * ## Arguments
 * `makeEnv('maze2d-large-v1', {seed?: number, goal?: 'fixed' | 'random'})`, or `new Maze2dEnv(id, options)`.
 * `reset({seed, options: {startCell: [r, c]}})` starts in a given cell. Extra methods: `setTarget`,
 * `getTarget`, `setState`, `getState`.
 *
 * ## Reference Scores
 * `normalizedScore(id, return)` uses D4RL v1's REF_MIN / REF_MAX (sparse: umaze 23.85 / 161.86, medium
 * 13.13 / 277.39, large 6.7 / 273.99; dense variants in `MAZE2D_TASKS`).
 *
 * ## Version History
 * v1: D4RL's v1 episode lengths and reference scores (no v0 ids are registered).
 */
export class Maze2dEnv extends TimeLimitEnv {
  readonly id: string;
  readonly observationSpace = new Box(-Infinity, Infinity, [MAZE2D_STATE_DIM]);
  readonly actionSpace = new Box(-1, 1, [MAZE2D_ACTION_DIM]);
  readonly task: Maze2dTask;
  readonly layout: MazeLayout;
  readonly rewardType: Maze2dRewardType;
  readonly goalMode: Maze2dGoalMode;
  /** `[x, y, vx, vy]`, stepped in place. */
  private readonly ball = new Float64Array(MAZE2D_STATE_DIM);
  private readonly target = new Float64Array(2);

  constructor(task: Maze2dEnvId | Maze2dTask, options: Maze2dEnvOptions = {}) {
    const t = typeof task === 'string' ? maze2dTask(task) : task;
    const allowed = new Set(['seed', 'goal']);
    for (const key of Object.keys(options)) {
      if (!allowed.has(key)) throw new DfpArgumentError(`${t.id}: unknown option '${key}'; expected seed, goal`);
    }
    super(t.maxEpisodeSteps, options.seed ?? 0);
    const goal = options.goal ?? 'fixed';
    if (goal !== 'fixed' && goal !== 'random') {
      throw new DfpArgumentError(`${t.id}: option goal must be 'fixed' or 'random', received ${describeValue(goal)}`);
    }
    this.id = t.id;
    this.task = t;
    this.layout = mazeLayout(t.maze);
    this.rewardType = t.rewardType;
    this.goalMode = goal;
    this.target[0] = this.layout.goalCell[0];
    this.target[1] = this.layout.goalCell[1];
  }

  protected resetCore(options: Record<string, unknown>): { observation: Float64Array; info: Info } {
    const { startCell } = options as Maze2dResetOptions;
    const cells = startCell === undefined ? this.layout.emptyAndGoalCells : [this.validateCell('reset: options.startCell', startCell)];
    drawNoisyCell(this.rng, cells, this.ball);
    this.ball[2] = 0.1 * this.rng.normal();
    this.ball[3] = 0.1 * this.rng.normal();
    if (this.goalMode === 'random') drawNoisyCell(this.rng, this.layout.emptyAndGoalCells, this.target);
    return { observation: this.ball.slice(), info: {} };
  }

  protected stepCore(action: ArrayLike<number>): CoreStepResult {
    const s = this.ball;
    stepInPlace(s, 0, action[0], action[1], this.layout);
    const reward = maze2dReward(this.rewardType, s[0], s[1], this.target[0], this.target[1]);
    return { observation: s.slice(), reward, terminated: false, info: {} };
  }

  /**
   * Sets the target. Without an argument, draws a random one (a uniform free cell plus U(-0.1, 0.1), D4RL's
   * `set_target()`). The target persists until the next call (or the next reset in `'random'` goal mode).
   */
  setTarget(xy?: ArrayLike<number>): void {
    if (xy === undefined) {
      drawNoisyCell(this.rng, this.layout.emptyAndGoalCells, this.target);
      return;
    }
    assertFiniteVector(`${this.id}.setTarget: xy`, xy, 2);
    this.target[0] = xy[0];
    this.target[1] = xy[1];
  }

  /** The current target `[x, y]` (a copy). */
  getTarget(): Float64Array {
    return this.target.slice();
  }

  /**
   * Overwrites the ball's state (D4RL `set_state`). The centre must lie in a free cell: a ball overlapping a
   * wall by less than its radius is pushed out on the next step. If no episode is running (before the first
   * reset or after the end) an episode starts from this state with the step counter at 0.
   * @throws DfpArgumentError for wrong lengths, non-finite values or a centre inside a wall or outside the maze.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    assertFiniteVector(`${this.id}.setState: qpos`, qpos, 2);
    assertFiniteVector(`${this.id}.setState: qvel`, qvel, 2);
    const [r, c] = cellOf(qpos[0], qpos[1]);
    if (isWallCell(this.layout, r, c)) {
      throw new DfpArgumentError(
        `${this.id}.setState: qpos (${qpos[0]}, ${qpos[1]}) lies in wall or outside cell (${r}, ${c}); the centre must be in a free cell`,
      );
    }
    this.ball[0] = qpos[0];
    this.ball[1] = qpos[1];
    this.ball[2] = qvel[0];
    this.ball[3] = qvel[1];
    this.markRunning();
  }

  /** The current state: `qpos = [x, y]`, `qvel = [vx, vy]` (copies). */
  getState(): { qpos: Float64Array; qvel: Float64Array } {
    return { qpos: this.ball.slice(0, 2), qvel: this.ball.slice(2, 4) };
  }

  private validateCell(what: string, cell: unknown): Cell {
    const ok = Array.isArray(cell) && cell.length === 2 && cell.every((v) => Number.isInteger(v));
    if (!ok) throw new DfpArgumentError(`${this.id}.${what}: expected a cell [row, column] of integers, received ${describeValue(cell)}`);
    const [r, c] = cell as [number, number];
    if (isWallCell(this.layout, r, c)) {
      throw new DfpArgumentError(`${this.id}.${what}: cell (${r}, ${c}) is a wall or outside the ${this.layout.rows}x${this.layout.cols} maze`);
    }
    return [r, c];
  }
}
