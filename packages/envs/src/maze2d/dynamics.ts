import { DfpArgumentError, assertFiniteVector } from '../errors';
import { isWallCell } from './grids';
import type { WallGrid } from './grids';

/**
 * Point-mass dynamics of D4RL Maze2D without a physics engine (research doc §2.3).
 *
 * MuJoCo's Euler integrator treats the joint damping implicitly, so away from walls each axis follows
 * `v' = (m·clip(v, ±5) + h·G·clip(u, ±1)) / (m + h·b) = A·v̄ + C·ū` and `x' = x + h·v'`. Walls are the squares
 * `[r-0.7, r+0.3] x [c-0.7, c+0.3]`; the ball is a circle of radius 0.1 pushed out of them along the
 * closest-point normal, and only the inward normal velocity is removed (frictionless, `condim=1`).
 */

/** Physics step `h` (MuJoCo `timestep`, frame_skip 1). */
export const MAZE2D_DT = 0.01;
/** Ball mass from density 1000 and radius 0.1: `m = 1000·(4/3)π·0.1³` kg. */
export const MAZE2D_BALL_MASS = 1000 * (4 / 3) * Math.PI * 0.1 ** 3;
/** Joint damping `b` of the two slide joints. */
export const MAZE2D_DAMPING = 1;
/** Actuator gear `G`: the generalized force is `G·u`. */
export const MAZE2D_GEAR = 100;
/** Velocity decay per step `A = m / (m + h·b)` (≈ 0.997618361596490). */
export const MAZE2D_A = MAZE2D_BALL_MASS / (MAZE2D_BALL_MASS + MAZE2D_DT * MAZE2D_DAMPING);
/** Control gain per step `C = h·G / (m + h·b)` (≈ 0.238163840350979). */
export const MAZE2D_C = (MAZE2D_DT * MAZE2D_GEAR) / (MAZE2D_BALL_MASS + MAZE2D_DT * MAZE2D_DAMPING);
/** Radius of the ball (sphere geom size). */
export const MAZE2D_BALL_RADIUS = 0.1;
/** D4RL's `clip_velocity` bound, applied per axis before every step. */
export const MAZE2D_VELOCITY_CLIP = 5;
/** Largest per-axis speed a free-flight step can produce: `A·5 + C` (≈ 5.2262556). */
export const MAZE2D_MAX_FREE_SPEED = MAZE2D_A * MAZE2D_VELOCITY_CLIP + MAZE2D_C;
/** Number of entries of a state row `[x, y, vx, vy]`. */
export const MAZE2D_STATE_DIM = 4;
/** Number of entries of an action row `[ux, uy]`. */
export const MAZE2D_ACTION_DIM = 2;

// Builtins bound once: global lookups are slow inside vm contexts (jest), and this is the hot path.
const { floor, sqrt, SQRT1_2 } = Math;
const { isFinite } = Number;
const R = MAZE2D_BALL_RADIUS;
const A = MAZE2D_A;
const C = MAZE2D_C;
const H = MAZE2D_DT;
const VMAX = MAZE2D_VELOCITY_CLIP;

/**
 * Advances the state row `state[offset .. offset+3] = [x, y, vx, vy]` by one env step in place: clip the
 * action to [-1, 1] and the velocity to ±5, implicit-damping Euler update, then wall contacts. Allocates
 * nothing; this is the hot path of the env, the dataset generator and batched rollouts.
 *
 * Inputs are not validated (callers do it once); a valid state has its centre in a free cell.
 * @internal
 */
export function stepInPlace(state: Float64Array, offset: number, ux: number, uy: number, grid: WallGrid): void {
  const ax = ux > 1 ? 1 : ux < -1 ? -1 : ux;
  const ay = uy > 1 ? 1 : uy < -1 ? -1 : uy;
  let vx = state[offset + 2];
  let vy = state[offset + 3];
  vx = vx > VMAX ? VMAX : vx < -VMAX ? -VMAX : vx;
  vy = vy > VMAX ? VMAX : vy < -VMAX ? -VMAX : vy;
  vx = A * vx + C * ax;
  vy = A * vy + C * ay;
  state[offset] += H * vx;
  state[offset + 1] += H * vy;
  state[offset + 2] = vx;
  state[offset + 3] = vy;
  resolveWallContacts(state, offset, grid);
}

/**
 * Pushes the ball of `state[offset..]` out of the wall squares it overlaps and removes its inward normal
 * velocity. Faces first (the side neighbours of the centre's cell), then the one diagonal corner that can be
 * touched when both side neighbours are free. Exact for centres in free cells, since a step moves the centre
 * at most `h·5.23 ≈ 0.052 < r` (no tunnelling).
 * @internal
 */
export function resolveWallContacts(state: Float64Array, offset: number, grid: WallGrid): void {
  let x = state[offset];
  let y = state[offset + 1];
  const r = floor(x + 0.7);
  const c = floor(y + 0.7);
  const fx = x + 0.7 - r; // position inside the cell's span [0, 1)
  const fy = y + 0.7 - c;
  const sx = fx < R ? -1 : fx > 1 - R ? 1 : 0; // side of a nearby border, 0 = none
  const sy = fy < R ? -1 : fy > 1 - R ? 1 : 0;
  if (sx === 0 && sy === 0) return; // fast path: the circle lies inside its own free cell
  let vx = state[offset + 2];
  let vy = state[offset + 3];
  const wallX = sx !== 0 && isWallCell(grid, r + sx, c);
  const wallY = sy !== 0 && isWallCell(grid, r, c + sy);
  if (wallX) {
    x = sx < 0 ? r - 0.7 + R : r + 0.3 - R;
    if (vx * sx > 0) vx = 0;
  }
  if (wallY) {
    y = sy < 0 ? c - 0.7 + R : c + 0.3 - R;
    if (vy * sy > 0) vy = 0;
  }
  if (sx !== 0 && sy !== 0 && !wallX && !wallY && isWallCell(grid, r + sx, c + sy)) {
    // Convex corner of the diagonal wall square.
    const cx = sx < 0 ? r - 0.7 : r + 0.3;
    const cy = sy < 0 ? c - 0.7 : c + 0.3;
    const dx = x - cx;
    const dy = y - cy;
    const d2 = dx * dx + dy * dy;
    if (d2 < R * R) {
      const d = sqrt(d2);
      const nx = d > 0 ? dx / d : -sx * SQRT1_2;
      const ny = d > 0 ? dy / d : -sy * SQRT1_2;
      x = cx + nx * R;
      y = cy + ny * R;
      const vn = vx * nx + vy * ny;
      if (vn < 0) {
        vx -= vn * nx;
        vy -= vn * ny;
      }
    }
  }
  state[offset] = x;
  state[offset + 1] = y;
  state[offset + 2] = vx;
  state[offset + 3] = vy;
}

/** Fast check of length and finiteness; defers to `assertFiniteVector` for the detailed error. */
function checkVector(what: string | (() => string), values: ArrayLike<number>, expected: number): void {
  if (values != null && values.length === expected) {
    let ok = true;
    for (let i = 0; i < expected && ok; i++) ok = isFinite(values[i]);
    if (ok) return;
  }
  assertFiniteVector(typeof what === 'string' ? what : what(), values, expected);
}

/**
 * One Maze2D step as a pure function, for model-based planners (MPPI) and tests:
 * `[x, y, vx, vy]`, `[ux, uy]` → next `[x, y, vx, vy]`. Identical to `Maze2dEnv.step`'s physics.
 *
 * @param state - `[x, y, vx, vy]` in the qpos frame; the centre must lie in a free cell.
 * @param action - `[ux, uy]`, clipped to [-1, 1].
 * @param grid - the maze walls (a `MazeLayout` from `mazeLayout(name)` or `parseMaze`).
 * @param out - optional output row (may be `state` itself); a new array by default.
 * @throws DfpArgumentError for wrong lengths or non-finite entries.
 */
export function maze2dStep(
  state: ArrayLike<number>,
  action: ArrayLike<number>,
  grid: WallGrid,
  out: Float64Array = new Float64Array(MAZE2D_STATE_DIM),
): Float64Array {
  checkVector('maze2dStep: state', state, MAZE2D_STATE_DIM);
  checkVector('maze2dStep: action', action, MAZE2D_ACTION_DIM);
  if (out.length !== MAZE2D_STATE_DIM) throw new DfpArgumentError(`maze2dStep: out must have length 4, received length ${out.length}`);
  for (let i = 0; i < MAZE2D_STATE_DIM; i++) out[i] = state[i];
  stepInPlace(out, 0, action[0], action[1], grid);
  return out;
}

/**
 * Batched {@link maze2dStep}: `states` is `[n, 4]` row-major, `actions` is `[n, 2]`; returns `[n, 4]`.
 * Pass `out = states` to step in place without allocating.
 * @throws DfpArgumentError for mismatched lengths or non-finite entries.
 */
export function maze2dStepBatch(
  states: Float64Array,
  actions: ArrayLike<number>,
  grid: WallGrid,
  out: Float64Array = new Float64Array(states.length),
): Float64Array {
  if (states.length % MAZE2D_STATE_DIM !== 0) {
    throw new DfpArgumentError(`maze2dStepBatch: states must have shape [n, 4] (length a multiple of 4), received length ${states.length}`);
  }
  const n = states.length / MAZE2D_STATE_DIM;
  checkVector('maze2dStepBatch: states', states, n * MAZE2D_STATE_DIM);
  checkVector(() => `maze2dStepBatch: actions (shape [${n}, 2])`, actions, n * MAZE2D_ACTION_DIM);
  if (out.length !== states.length) throw new DfpArgumentError(`maze2dStepBatch: out must have length ${states.length}, received ${out.length}`);
  if (out !== states) out.set(states);
  for (let i = 0; i < n; i++) stepInPlace(out, i * MAZE2D_STATE_DIM, actions[2 * i], actions[2 * i + 1], grid);
  return out;
}
