import { DfpArgumentError, GRID_MOVES, gridPolicy, isWallCell, mazeLayout, planCellPath } from '@dfp/envs';
import type { Cell, MazeLayout, MazeName } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

/** BFS distance between two free cells. */
function shortest(layout: MazeLayout, from: Cell, to: Cell): number {
  const seen = new Set([from.join(',')]);
  let frontier: Cell[] = [from];
  for (let d = 0; frontier.length > 0; d++) {
    if (frontier.some(([r, c]) => r === to[0] && c === to[1])) return d;
    const next: Cell[] = [];
    for (const [r, c] of frontier) {
      for (const [dr, dc] of GRID_MOVES.slice(1)) {
        const n: Cell = [r + dr, c + dc];
        if (!isWallCell(layout, n[0], n[1]) && !seen.has(n.join(','))) {
          seen.add(n.join(','));
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return Infinity;
}

describe('planCellPath', () => {
  it.each<MazeName>(['umaze', 'medium', 'large'])('should follow shortest paths between all pairs of free cells in %s', (name) => {
    const layout = mazeLayout(name);
    for (const target of layout.emptyAndGoalCells) {
      for (const start of layout.emptyAndGoalCells) {
        const path = planCellPath(layout, start, target);
        const expectedLength = Math.max(1, shortest(layout, start, target)); // start = target: [target]
        expect(path).toHaveLength(expectedLength);
        expect(path[path.length - 1]).toEqual(target);
        // Consecutive cells are grid neighbours and free.
        [start, ...path].slice(1).forEach((cell, i) => {
          const prev = i === 0 ? start : path[i - 1];
          expect(Math.abs(cell[0] - prev[0]) + Math.abs(cell[1] - prev[1])).toBeLessThanOrEqual(1);
          expect(isWallCell(layout, cell[0], cell[1])).toBe(false);
        });
      }
    }
  });

  it("should break ties by D4RL's action order (NOOP, UP, DOWN, LEFT, RIGHT)", () => {
    // Medium maze, (1,1) -> (2,2): DOWN (c+1) comes before RIGHT (r+1).
    expect(planCellPath(mazeLayout('medium'), [1, 1], [2, 2])).toEqual([[1, 2], [2, 2]]);
  });

  it('should plan from a wall cell, where round() of a ball pressed against a wall can land', () => {
    expect(planCellPath(mazeLayout('large'), [0, 1], [1, 1])).toEqual([[1, 1]]);
  });
});

describe('gridPolicy', () => {
  it('should stay (NOOP) on the target and reject wall targets', () => {
    const layout = mazeLayout('umaze');
    expect(gridPolicy(layout, [1, 1])[1 * layout.cols + 1]).toBe(0);
    assertThrowsWith(() => gridPolicy(layout, [2, 1]), DfpArgumentError, /target cell \(2, 1\) is a wall/);
  });
});
