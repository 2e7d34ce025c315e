import { DfpArgumentError } from '../errors';
import { isWallCell } from './grids';
import type { Cell, WallGrid } from './grids';

/**
 * The cell-level planner of D4RL's waypoint controller (`q_iteration.py`, `gridcraft/grid_env.py`):
 * tabular Q-iteration with a hard max (`ent_wt = 0`), 50 iterations, discount 0.99, reward 1 in the
 * target cell (a function of the current cell), deterministic moves where a move into a wall or off the
 * grid is a NOOP. On a deterministic grid it follows shortest paths; ties go to the first action index.
 */

/** Grid moves in D4RL's action-index order: NOOP, UP (c-1), DOWN (c+1), LEFT (r-1), RIGHT (r+1). */
export const GRID_MOVES: readonly Cell[] = [
  [0, 0],
  [0, -1],
  [0, 1],
  [-1, 0],
  [1, 0],
];

const NUM_ITERATIONS = 50;
const DISCOUNT = 0.99;
/** D4RL's rollout cap (`max_ts`) when turning the policy into waypoints. */
const MAX_ROLLOUT = 100;

/** Index of the cell reached from cell index `s` by move `a` (a NOOP when blocked). */
function moveTo(grid: WallGrid, s: number, a: number): number {
  const r = Math.floor(s / grid.cols) + GRID_MOVES[a][0];
  const c = (s % grid.cols) + GRID_MOVES[a][1];
  return isWallCell(grid, r, c) ? s : r * grid.cols + c;
}

/**
 * Greedy move (index into {@link GRID_MOVES}) of every cell towards `target`, from D4RL's Q-iteration.
 * Walls get a policy too (their moves lead into free cells), as in D4RL, because `round()` of a position
 * pressed against a wall can name a wall cell.
 */
export function gridPolicy(grid: WallGrid, target: Cell): Int8Array {
  const n = grid.rows * grid.cols;
  const [tr, tc] = target;
  if (isWallCell(grid, tr, tc)) throw new DfpArgumentError(`gridPolicy: target cell (${tr}, ${tc}) is a wall or outside the maze`);
  const targetIdx = tr * grid.cols + tc;
  const next = new Int32Array(n * GRID_MOVES.length);
  for (let s = 0; s < n; s++) for (let a = 0; a < GRID_MOVES.length; a++) next[s * GRID_MOVES.length + a] = moveTo(grid, s, a);
  // V_k(s) = R(s) + γ·max_a V_{k-1}(s'(s, a)), V_0 = 0; the final Q uses V_{49} (50 backups in all).
  let v = new Float64Array(n);
  let vNext = new Float64Array(n);
  for (let k = 0; k < NUM_ITERATIONS - 1; k++) {
    for (let s = 0; s < n; s++) {
      let best = -Infinity;
      for (let a = 0; a < GRID_MOVES.length; a++) best = Math.max(best, v[next[s * GRID_MOVES.length + a]]);
      vNext[s] = (s === targetIdx ? 1 : 0) + DISCOUNT * best;
    }
    [v, vNext] = [vNext, v];
  }
  const policy = new Int8Array(n);
  for (let s = 0; s < n; s++) {
    let bestA = 0;
    for (let a = 1; a < GRID_MOVES.length; a++) if (v[next[s * GRID_MOVES.length + a]] > v[next[s * GRID_MOVES.length + bestA]]) bestA = a;
    policy[s] = bestA;
  }
  return policy;
}

const policyCache = new WeakMap<WallGrid, Map<number, Int8Array>>();

/** {@link gridPolicy}, memoized per grid and target (a maze has at most a few dozen targets). */
export function cachedGridPolicy(grid: WallGrid, target: Cell): Int8Array {
  let byTarget = policyCache.get(grid);
  if (!byTarget) policyCache.set(grid, (byTarget = new Map()));
  const key = target[0] * grid.cols + target[1];
  let policy = byTarget.get(key);
  if (!policy) byTarget.set(key, (policy = gridPolicy(grid, target)));
  return policy;
}

/**
 * The cells visited by the greedy policy from `start` to `target` (start excluded, target included), at most
 * 100 cells as in D4RL. `start` may be any in-grid cell, even a wall.
 */
export function planCellPath(grid: WallGrid, start: Cell, target: Cell): Cell[] {
  const policy = cachedGridPolicy(grid, target);
  const targetIdx = target[0] * grid.cols + target[1];
  const r0 = Math.min(grid.rows - 1, Math.max(0, start[0]));
  const c0 = Math.min(grid.cols - 1, Math.max(0, start[1]));
  let s = r0 * grid.cols + c0;
  const path: Cell[] = [];
  for (let i = 0; i < MAX_ROLLOUT; i++) {
    s = moveTo(grid, s, policy[s]);
    path.push([Math.floor(s / grid.cols), s % grid.cols]);
    if (s === targetIdx) break;
  }
  return path;
}
