import {
  DfpArgumentError, MAZE2D_A, MAZE2D_BALL_MASS, MAZE2D_BALL_RADIUS, MAZE2D_C, MAZE2D_MAX_FREE_SPEED, mazeLayout, maze2dStep, maze2dStepBatch, parseMaze,
} from '@dfp/envs';
import { assertAllClose, assertThrowsWith } from '../../../../test/helpers/assertions';

const large = mazeLayout('large');
const open = parseMaze('#####\n#OOO#\n#OOO#\n#OOO#\n#####', 'open');

/** Research doc §2.3: x' = x + 0.00997618361596490·v̄ + 0.00238163840350979·ū, v' = A·v̄ + C·ū. */
function closedForm([x, y, vx, vy]: number[], [ux, uy]: number[]): number[] {
  const clip = (v: number, m: number): number => Math.min(m, Math.max(-m, v));
  const [bx, by, ax, ay] = [clip(vx, 5), clip(vy, 5), clip(ux, 1), clip(uy, 1)];
  return [
    x + 0.0099761836159649 * bx + 0.00238163840350979 * ax,
    y + 0.0099761836159649 * by + 0.00238163840350979 * ay,
    0.99761836159649 * bx + 0.238163840350979 * ax,
    0.99761836159649 * by + 0.238163840350979 * ay,
  ];
}

describe('Maze2D constants', () => {
  it('should derive m, A and C of the research doc from the MuJoCo model', () => {
    expect(MAZE2D_BALL_MASS).toBeCloseTo(4.18879020478639, 13);
    expect(Math.abs(MAZE2D_A - 0.99761836159649)).toBeLessThan(1e-15);
    expect(Math.abs(MAZE2D_C - 0.238163840350979)).toBeLessThan(1e-15);
    expect(MAZE2D_MAX_FREE_SPEED).toBeCloseTo(5.2262556, 7);
  });
});

describe('maze2dStep', () => {
  it('should equal the closed form to 1e-12 in free space, over 20 steps', () => {
    // Arrange: the centre of the open 3x3 room, gentle controls that stay away from the walls.
    let state = [1.8, 1.8, 0.3, -0.2];
    let expected = state;
    for (let t = 0; t < 20; t++) {
      const action = [Math.sin(t), -0.5 * Math.cos(t)];
      // Act
      state = Array.from(maze2dStep(state, action, open));
      expected = closedForm(expected, action);
      // Assert
      assertAllClose(state, expected, 1e-12);
    }
  });

  it('should clip the action to [-1, 1] and the velocity to ±5 before the step', () => {
    assertAllClose(maze2dStep([1.8, 1.8, 7, -9], [3, -2], open), closedForm([1.8, 1.8, 5, -5], [1, -1]), 1e-12);
    expect(maze2dStep([1.8, 1.8, 50, 0], [1, 0], open)[2]).toBe(MAZE2D_MAX_FREE_SPEED);
  });

  it('should stop at a wall face, removing only the normal velocity (frictionless)', () => {
    // Cell (1, 1) of the large maze has a wall above (0, 1): its free square starts at x = 0.3.
    const next = maze2dStep([0.41, 1.0, -3, 1.5], [-1, 0], large);
    expect(next[0]).toBeCloseTo(0.3 + MAZE2D_BALL_RADIUS, 12);
    expect(next[2]).toBe(0);
    expect(next[3]).toBeCloseTo(MAZE2D_A * 1.5, 12); // tangential velocity kept
    expect(next[1]).toBeCloseTo(1.0 + 0.01 * MAZE2D_A * 1.5, 12);
  });

  it('should settle against the wall at x = r - 0.6 when pushed, as MuJoCo (0.4014)', () => {
    let s: number[] = [1.0, 1.0, 0, 0];
    for (let t = 0; t < 300; t++) s = Array.from(maze2dStep(s, [-1, 0], large));
    expect(s[0]).toBeCloseTo(0.4, 12);
  });

  it('should bounce off a convex corner along the corner normal', () => {
    // Large maze: cell (1,4) is free with free neighbours (2,4) below and (1,3) left; the diagonal (2,3) is a wall whose
    // corner sits at (r+0.3, c-0.7) = (1.3, 3.3).
    const state = [1.3 - 0.05, 3.3 + 0.05, 2, -2];
    const next = maze2dStep(state, [0, 0], large);
    const d = Math.hypot(next[0] - 1.3, next[1] - 3.3);
    expect(d).toBeCloseTo(MAZE2D_BALL_RADIUS, 12);
    const n = [(next[0] - 1.3) / d, (next[1] - 3.3) / d];
    expect(next[2] * n[0] + next[3] * n[1]).toBeGreaterThanOrEqual(-1e-12); // no velocity into the corner
  });

  it('should write into `out` and leave the input untouched', () => {
    const state = Float64Array.of(1.8, 1.8, 0, 0);
    const out = new Float64Array(4);
    expect(maze2dStep(state, [1, 1], open, out)).toBe(out);
    expect(Array.from(state)).toEqual([1.8, 1.8, 0, 0]);
  });

  it.each([
    ['a short state', [1, 1, 0], [0, 0], /maze2dStep: state: expected length 4/],
    ['a NaN state', [1, Number.NaN, 0, 0], [0, 0], /state: expected finite numbers, received NaN at index 1/],
    ['a long action', [1, 1, 0, 0], [0, 0, 0], /action: expected length 2/],
    ['an infinite action', [1, 1, 0, 0], [Infinity, 0], /action: expected finite numbers/],
  ])('should reject %s', (_, state, action, pattern) => {
    assertThrowsWith(() => maze2dStep(state, action, open), DfpArgumentError, pattern);
  });
});

describe('maze2dStepBatch', () => {
  it('should equal row-wise maze2dStep and step in place when out = states', () => {
    const states = Float64Array.of(1.8, 1.8, 0.1, 0, 0.41, 1.0, -3, 1.5, 1.25, 3.35, 2, -2);
    const actions = Float64Array.of(0.5, -0.5, -1, 0, 0, 0);
    const expected = [0, 1, 2].flatMap((i) => Array.from(maze2dStep(states.subarray(4 * i, 4 * i + 4), actions.subarray(2 * i, 2 * i + 2), large)));
    const copy = maze2dStepBatch(states, actions, large);
    expect(Array.from(copy)).toEqual(expected);
    expect(maze2dStepBatch(states, actions, large, states)).toBe(states);
    expect(Array.from(states)).toEqual(expected);
  });

  it.each([
    ['states not a multiple of 4', new Float64Array(5), new Float64Array(2), /shape \[n, 4\]/],
    ['too few actions', new Float64Array(8), new Float64Array(2), /actions \(shape \[2, 2\]\): expected length 4/],
    ['a NaN action', new Float64Array(4).fill(1), Float64Array.of(0, Number.NaN), /actions .* NaN at index 1/],
  ])('should reject %s', (_, states, actions, pattern) => {
    assertThrowsWith(() => maze2dStepBatch(states, actions, large), DfpArgumentError, pattern);
  });
});
