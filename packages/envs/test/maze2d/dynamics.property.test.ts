import fc from 'fast-check';
import { MAZE2D_BALL_RADIUS, MAZE2D_MAX_FREE_SPEED, isWallCell, mazeLayout, maze2dStep } from '@dfp/envs';
import type { MazeLayout, MazeName } from '@dfp/envs';

const R = MAZE2D_BALL_RADIUS;
const EPS = 1e-9;

/** Deepest overlap of the ball at (x, y) with any wall square `[r-0.7, r+0.3] x [c-0.7, c+0.3]` (<= 0: none). */
function penetration(layout: MazeLayout, x: number, y: number): number {
  let worst = -Infinity;
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.cols; c++) {
      if (!isWallCell(layout, r, c)) continue;
      const dx = x - Math.min(r + 0.3, Math.max(r - 0.7, x));
      const dy = y - Math.min(c + 0.3, Math.max(c - 0.7, y));
      worst = Math.max(worst, R - Math.hypot(dx, dy));
    }
  }
  return worst;
}

/** True when the ball touches a convex wall corner (a corner whose two side cells are free). */
function touchesConvexCorner(layout: MazeLayout, x: number, y: number): boolean {
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.cols; c++) {
      if (!isWallCell(layout, r, c)) continue;
      for (const [sx, sy] of [[-1, -1], [-1, 1], [1, -1], [1, 1]]) {
        const cx = sx < 0 ? r - 0.7 : r + 0.3;
        const cy = sy < 0 ? c - 0.7 : c + 0.3;
        const convex = !isWallCell(layout, r + sx, c) && !isWallCell(layout, r, c + sy);
        if (convex && Math.hypot(x - cx, y - cy) <= R + EPS) return true;
      }
    }
  }
  return false;
}

/** A valid state: centre in a free cell, ball not overlapping any wall, any velocity (it is clipped to ±5). */
const validState = fc
  .record({
    maze: fc.constantFrom<MazeName>('umaze', 'medium', 'large'),
    cellIndex: fc.nat(),
    fx: fc.double({ min: 0, max: 0.999, noNaN: true }),
    fy: fc.double({ min: 0, max: 0.999, noNaN: true }),
    vx: fc.double({ min: -12, max: 12, noNaN: true }),
    vy: fc.double({ min: -12, max: 12, noNaN: true }),
  })
  .map(({ maze, cellIndex, fx, fy, vx, vy }) => {
    const layout = mazeLayout(maze);
    const [r, c] = layout.emptyAndGoalCells[cellIndex % layout.emptyAndGoalCells.length];
    return { layout, state: [r - 0.7 + fx, c - 0.7 + fy, vx, vy] };
  })
  .filter(({ layout, state }) => penetration(layout, state[0], state[1]) <= 0);

const actions = fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 1, maxLength: 80 });

describe('maze2dStep (properties)', () => {
  it('should never leave the ball inside a wall, from any valid state and any actions', () => {
    fc.assert(
      fc.property(validState, actions, ({ layout, state }, seq) => {
        let s: Float64Array = Float64Array.from(state);
        for (const a of seq) {
          s = maze2dStep(s, a, layout, s);
          expect(penetration(layout, s[0], s[1])).toBeLessThanOrEqual(EPS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should keep each velocity component <= 5.2263 (away from convex corners) and never gain speed in a contact', () => {
    fc.assert(
      fc.property(validState, actions, ({ layout, state }, seq) => {
        const s = Float64Array.from(state);
        for (const a of seq) {
          // Speed of the free-flight update, before any wall contact.
          const clip = (v: number, m: number): number => Math.min(m, Math.max(-m, v));
          const free = Math.hypot(...[2, 3].map((i) => 0.99761836159649 * clip(s[i], 5) + 0.238163840350979 * clip(a[i - 2], 1)));
          maze2dStep(s, a, layout, s);
          expect(Math.hypot(s[2], s[3])).toBeLessThanOrEqual(free + EPS);
          // Frictionless projection at a convex corner may turn speed from one axis into the other.
          if (!touchesConvexCorner(layout, s[0], s[1])) expect(Math.max(Math.abs(s[2]), Math.abs(s[3]))).toBeLessThanOrEqual(5.2263);
          expect(Math.max(Math.abs(s[2]), Math.abs(s[3]))).toBeLessThanOrEqual(MAZE2D_MAX_FREE_SPEED * Math.SQRT2 + EPS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should be deterministic: the same state and actions give bit-identical trajectories', () => {
    fc.assert(
      fc.property(validState, actions, ({ layout, state }, seq) => {
        const run = (): number[] => {
          let s: Float64Array = Float64Array.from(state);
          for (const a of seq) s = maze2dStep(s, a, layout);
          return Array.from(s);
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 50 },
    );
  });
});
