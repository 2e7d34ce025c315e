import { DfpArgumentError, describeValue } from '../errors';
import type { Rng } from '../rng';
import type { Cell, WallGrid } from './grids';
import { planCellPath } from './waypoint-planner';

/** Options of {@link WaypointController}; defaults are D4RL's. */
export interface WaypointControllerOptions {
  /**
   * Distance under which a waypoint (or the goal cell) counts as reached.
   * @defaultValue 0.1
   */
  readonly solveThreshold?: number;
  /** @defaultValue 10 */
  readonly pGain?: number;
  /** @defaultValue -1 */
  readonly dGain?: number;
}

// Builtins bound once: global lookups are slow inside vm contexts (jest). `Math.hypot` is slow everywhere.
const { floor, sqrt } = Math;

/** Euclidean norm of (dx, dy). */
function norm2(dx: number, dy: number): number {
  return sqrt(dx * dx + dy * dy);
}

/** Python's `round`: halves go to the even neighbour (D4RL's `gridify_state` uses it). */
function roundHalfEven(v: number): number {
  const f = floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * D4RL's scripted Maze2D expert (`d4rl/pointmaze/waypoint_controller.py`), used to generate datasets and the
 * reference scores. On a new (rounded) target it plans a cell path with Q-iteration ({@link planCellPath})
 * from `round(position)`; each intermediate waypoint is the cell minus `U(0,1)·0.2` per axis, the last one
 * is the exact target cell. Control: `clip(10·(waypoint − xy) − 1·v, ±1)`; a waypoint is passed when it is
 * closer than 0.1. It always aims at the rounded goal cell, even when the env goal carries ±0.1 noise.
 *
 * Reproduced quirks: `vel_norm` is the per-step displacement (so it never blocks, except on the first step
 * after a replan, where the previous location is the rounded start cell), and replanning happens only when
 * the rounded target changes.
 */
export class WaypointController {
  private readonly solveThreshold: number;
  private readonly pGain: number;
  private readonly dGain: number;
  /** Rounded target cell of the current plan (NaN before the first plan: any target triggers one). */
  private targetR = Number.NaN;
  private targetC = Number.NaN;
  private points = new Float64Array(0);
  private index = 0;
  private prevX = 0;
  private prevY = 0;

  /**
   * @param grid - the maze (e.g. `env.layout`).
   * @param rng - draws the waypoint jitter (D4RL used numpy's global generator).
   */
  constructor(
    private readonly grid: WallGrid,
    private readonly rng: Rng,
    options: WaypointControllerOptions = {},
  ) {
    this.solveThreshold = options.solveThreshold ?? 0.1;
    this.pGain = options.pGain ?? 10;
    this.dGain = options.dGain ?? -1;
    for (const [k, v] of Object.entries({ solveThreshold: this.solveThreshold, pGain: this.pGain, dGain: this.dGain })) {
      if (!Number.isFinite(v)) throw new DfpArgumentError(`WaypointController: ${k} must be a finite number, received ${describeValue(v)}`);
    }
  }

  /** The current waypoints as `[x, y]` pairs (a copy), for rendering plans. */
  get waypoints(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let i = 0; i < this.points.length; i += 2) out.push(this.points.slice(i, i + 2));
    return out;
  }

  /**
   * Writes the action for `observation = [x, y, vx, vy, ...]` and the env `target` into `out[0..1]` and
   * returns D4RL's `done`: the rounded goal cell is reached (within 0.1). Allocates only when replanning.
   */
  control(observation: ArrayLike<number>, target: ArrayLike<number>, out: Float64Array): boolean {
    const x = observation[0];
    const y = observation[1];
    const tr = roundHalfEven(target[0]);
    const tc = roundHalfEven(target[1]);
    if (!(norm2(this.targetR - tr, this.targetC - tc) <= 1e-3)) this.newTarget(x, y, tr, tc);
    const dist = norm2(x - this.targetR, y - this.targetC);
    const velNorm = norm2(this.prevX - x, this.prevY - y);
    const notSolved = dist >= this.solveThreshold || velNorm >= this.solveThreshold;
    const wx = notSolved ? this.points[2 * this.index] : this.targetR;
    const wy = notSolved ? this.points[2 * this.index + 1] : this.targetC;
    const ax = this.pGain * (wx - x) + this.dGain * observation[2];
    const ay = this.pGain * (wy - y) + this.dGain * observation[3];
    if (notSolved && norm2(x - wx, y - wy) < this.solveThreshold && velNorm < this.solveThreshold) {
      this.index = Math.min(this.index + 1, this.points.length / 2 - 1);
    }
    this.prevX = x;
    this.prevY = y;
    out[0] = ax > 1 ? 1 : ax < -1 ? -1 : ax;
    out[1] = ay > 1 ? 1 : ay < -1 ? -1 : ay;
    return !notSolved;
  }

  /** Allocating form of {@link WaypointController.control}, like D4RL's `get_action`. */
  getAction(observation: ArrayLike<number>, target: ArrayLike<number>): { action: Float64Array; done: boolean } {
    const action = new Float64Array(2);
    const done = this.control(observation, target, action);
    return { action, done };
  }

  private newTarget(x: number, y: number, tr: number, tc: number): void {
    const start: Cell = [roundHalfEven(x), roundHalfEven(y)];
    const path = planCellPath(this.grid, start, [tr, tc]);
    this.points = new Float64Array(path.length * 2);
    path.forEach(([r, c], i) => {
      const last = r === tr && c === tc;
      // Intermediate waypoints sit up to 0.2 below the integer cell, closer to the true free-square centre.
      this.points[2 * i] = last ? r : r - this.rng.uniform() * 0.2;
      this.points[2 * i + 1] = last ? c : c - this.rng.uniform() * 0.2;
    });
    this.index = 0;
    this.prevX = start[0];
    this.prevY = start[1];
    this.targetR = tr;
    this.targetC = tc;
  }
}
