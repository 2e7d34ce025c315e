import { DfpArgumentError, LARGE_MAZE, MEDIUM_MAZE, U_MAZE, cellOf, isWallCell, mazeLayout, parseMaze } from '@dfp/envs';
import type { Cell, MazeLayout, MazeName } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

/** Breadth-first distances (in cells) from `from` over free cells: an independent check of the tables. */
function bfs(layout: MazeLayout, from: Cell): Map<string, number> {
  const dist = new Map<string, number>([[from.join(','), 0]]);
  const queue: Cell[] = [from];
  while (queue.length > 0) {
    const [r, c] = queue.shift() as Cell;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const next: Cell = [r + dr, c + dc];
      if (!isWallCell(layout, next[0], next[1]) && !dist.has(next.join(','))) {
        dist.set(next.join(','), (dist.get(`${r},${c}`) as number) + 1);
        queue.push(next);
      }
    }
  }
  return dist;
}

/** Research doc §1.3. */
const TABLE: Record<MazeName, { goal: Cell; empty: string; starts: number; longest: number; from: Cell; diameter: number; rows: number; cols: number }> = {
  umaze: { goal: [1, 1], empty: '(1,2) (1,3) (2,3) (3,1) (3,2) (3,3)', starts: 7, longest: 6, from: [3, 1], diameter: 6, rows: 5, cols: 5 },
  medium: {
    goal: [6, 6],
    empty:
      '(1,1) (1,2) (1,5) (1,6) (2,1) (2,2) (2,4) (2,5) (2,6) (3,2) (3,3) (3,4) (4,1) (4,2) (4,4) (4,5) (4,6) (5,1) (5,3) (5,4) (5,6) (6,1) (6,2) (6,3) (6,5)',
    starts: 26, longest: 10, from: [1, 1], diameter: 11, rows: 8, cols: 8,
  },
  large: {
    goal: [7, 9],
    empty:
      '(1,1) (1,2) (1,3) (1,4) (1,6) (1,7) (1,8) (1,9) (1,10) (2,1) (2,4) (2,6) (2,8) (2,10) (3,1) (3,2) (3,3) (3,4) (3,5) (3,6) (3,8) (3,9) (3,10) ' +
      '(4,1) (4,6) (4,10) (5,1) (5,2) (5,4) (5,6) (5,7) (5,8) (5,9) (5,10) (6,2) (6,4) (6,6) (6,8) (7,1) (7,2) (7,4) (7,5) (7,6) (7,8) (7,10)',
    starts: 46, longest: 18, from: [7, 1], diameter: 19, rows: 9, cols: 12,
  },
};

describe('mazeLayout', () => {
  describe.each(Object.keys(TABLE) as MazeName[])('%s', (name) => {
    const layout = mazeLayout(name);
    const row = TABLE[name];

    it('should have the size, G cell and sorted O cells of the research table', () => {
      expect([layout.rows, layout.cols]).toEqual([row.rows, row.cols]);
      expect(layout.goalCell).toEqual(row.goal);
      expect(layout.emptyCells.map(([r, c]) => `(${r},${c})`).join(' ')).toBe(row.empty);
    });

    it('should list starts as the O cells followed by G', () => {
      expect(layout.emptyAndGoalCells).toHaveLength(row.starts);
      expect(layout.emptyAndGoalCells[row.starts - 1]).toEqual(row.goal);
    });

    it('should have the longest shortest path to G and the diameter of the table', () => {
      const toGoal = bfs(layout, layout.goalCell);
      expect(toGoal.size).toBe(row.starts); // connected
      const longest = Math.max(...toGoal.values());
      expect(longest).toBe(row.longest);
      expect(toGoal.get(row.from.join(','))).toBe(longest);
      const diameter = Math.max(...layout.emptyAndGoalCells.map((c) => Math.max(...bfs(layout, c).values())));
      expect(diameter).toBe(row.diameter);
    });

    it('should be closed by walls on its border', () => {
      for (let r = 0; r < layout.rows; r++) expect(isWallCell(layout, r, 0) && isWallCell(layout, r, layout.cols - 1)).toBe(true);
      for (let c = 0; c < layout.cols; c++) expect(isWallCell(layout, 0, c) && isWallCell(layout, layout.rows - 1, c)).toBe(true);
    });
  });

  it('should reject unknown names, listing the known ones', () => {
    assertThrowsWith(() => mazeLayout('huge' as MazeName), DfpArgumentError, /umaze, medium, large/);
  });
});

describe('parseMaze', () => {
  it('should keep the D4RL strings verbatim', () => {
    expect(U_MAZE).toBe('#####\n#GOO#\n###O#\n#OOO#\n#####');
    expect(MEDIUM_MAZE.split('\n')[6]).toBe('#OOO#OG#');
    expect(LARGE_MAZE.split('\n')[7]).toBe('#OO#OOO#OGO#');
  });

  it("should accept D4RL's backslash separator and ' ', '0' as empty", () => {
    const layout = parseMaze('####\\# 0#\\####');
    expect(layout.emptyCells).toEqual([[1, 1], [1, 2]]);
    expect(layout.goalCell).toEqual([1, 1]); // no G: the first empty cell, as D4RL
    expect(layout.emptyAndGoalCells).toEqual([[1, 1], [1, 2]]);
  });

  it.each([
    ['ragged rows', '###\n#O\n###', /row 1 has 2 characters, expected 3/],
    ['an unknown tile', '###\n#X#\n###', /unknown tile "X" at row 1, column 1/],
    ['two goals', '####\n#GG#\n####', /at most one 'G'/],
    ['no free cell', '###', /no free cell/],
    ['an empty string', '', /non-empty maze string/],
  ])('should reject %s', (_, text, pattern) => {
    assertThrowsWith(() => parseMaze(text), DfpArgumentError, pattern);
  });
});

describe('cellOf', () => {
  it('should map the free square [r-0.7, r+0.3) x [c-0.7, c+0.3) to (r, c)', () => {
    expect(cellOf(1, 1)).toEqual([1, 1]);
    expect(cellOf(0.3, 1.29)).toEqual([1, 1]);
    expect(cellOf(1.3, 0.29)).toEqual([2, 0]);
  });
});
