import { DfpArgumentError, describeValue } from '../errors';

/**
 * The D4RL Maze2D layouts and their parser (`d4rl/pointmaze/maze_model.py`).
 *
 * Coordinates: cell `(r, c)` is row `r` (line of the string) and column `c` (character in the line). The
 * observation / qpos frame uses `x = r`, `y = c` with one unit per cell, so the nominal position of a cell
 * is `(r, c)`; its wall square, when it is a wall, is `[r-0.7, r+0.3] x [c-0.7, c+0.3]` (MuJoCo offsets,
 * research doc §1.2).
 */

/** A grid cell `[row, column]`, equal to its nominal `[x, y]` in the qpos frame. */
export type Cell = readonly [number, number];

/** The wall occupancy a dynamics step needs: `cells[r * cols + c] === 1` for a wall. */
export interface WallGrid {
  readonly rows: number;
  readonly cols: number;
  readonly cells: Uint8Array;
}

/** A parsed maze: walls plus the cell lists of D4RL's `MazeEnv`. */
export interface MazeLayout extends WallGrid {
  readonly name: string;
  /** The maze string, rows joined with `\n`. */
  readonly text: string;
  /** The single `G` cell: the fixed goal of the single-task envs. */
  readonly goalCell: Cell;
  /** `O` cells in sorted order (D4RL's `reset_locations`). */
  readonly emptyCells: readonly Cell[];
  /** `emptyCells` followed by the goal cell (D4RL's `empty_and_goal_locations`): starts and random goals. */
  readonly emptyAndGoalCells: readonly Cell[];
}

/** Maze names of the D4RL v1 tasks. */
export type MazeName = 'umaze' | 'medium' | 'large';

/** `U_MAZE` of D4RL (5 x 5). */
export const U_MAZE = ['#####', '#GOO#', '###O#', '#OOO#', '#####'].join('\n');

/** `MEDIUM_MAZE` of D4RL (8 x 8). */
export const MEDIUM_MAZE = [
  '########',
  '#OO##OO#',
  '#OO#OOO#',
  '##OOO###',
  '#OO#OOO#',
  '#O#OO#O#',
  '#OOO#OG#',
  '########',
].join('\n');

/** `LARGE_MAZE` of D4RL (9 rows x 12 columns). */
export const LARGE_MAZE = [
  '############',
  '#OOOO#OOOOO#',
  '#O##O#O#O#O#',
  '#OOOOOO#OOO#',
  '#O####O###O#',
  '#OO#O#OOOOO#',
  '##O#O#O#O###',
  '#OO#OOO#OGO#',
  '############',
].join('\n');

/**
 * Parses a maze string: `#` wall; `O`, `0` or space empty; `G` the goal. Rows are separated by `\n` or by
 * a backslash (D4RL's own separator). With no `G` the goal is the first empty cell, as in D4RL.
 * @throws DfpArgumentError for ragged rows, unknown characters or more than one `G`.
 */
export function parseMaze(text: string, name = 'custom'): MazeLayout {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new DfpArgumentError(`parseMaze: expected a non-empty maze string, received ${describeValue(text)}`);
  }
  const lines = text.trim().split(/\\|\r?\n/);
  const rows = lines.length;
  const cols = lines[0].length;
  const cells = new Uint8Array(rows * cols);
  const emptyCells: Cell[] = [];
  const goals: Cell[] = [];
  lines.forEach((line, r) => {
    if (line.length !== cols) {
      throw new DfpArgumentError(`parseMaze(${name}): row ${r} has ${line.length} characters, expected ${cols} like row 0`);
    }
    for (let c = 0; c < cols; c++) {
      const ch = line[c];
      if (ch === '#') cells[r * cols + c] = 1;
      else if (ch === 'G') goals.push([r, c]);
      else if (ch === 'O' || ch === '0' || ch === ' ') emptyCells.push([r, c]);
      else throw new DfpArgumentError(`parseMaze(${name}): unknown tile ${JSON.stringify(ch)} at row ${r}, column ${c}; expected '#', 'O', '0', ' ' or 'G'`);
    }
  });
  if (goals.length > 1) throw new DfpArgumentError(`parseMaze(${name}): expected at most one 'G' cell, found ${goals.length}`);
  if (emptyCells.length + goals.length === 0) throw new DfpArgumentError(`parseMaze(${name}): the maze has no free cell`);
  // Row-major scan order is already the sorted (r, c) order of D4RL's `reset_locations.sort()`.
  const goalCell = goals[0] ?? emptyCells[0];
  return {
    name,
    text: lines.join('\n'),
    rows,
    cols,
    cells,
    goalCell,
    emptyCells,
    emptyAndGoalCells: goals.length > 0 ? [...emptyCells, goalCell] : [...emptyCells],
  };
}

const LAYOUTS: Record<MazeName, MazeLayout> = {
  umaze: parseMaze(U_MAZE, 'umaze'),
  medium: parseMaze(MEDIUM_MAZE, 'medium'),
  large: parseMaze(LARGE_MAZE, 'large'),
};

/** The parsed D4RL layout of `name`. @throws DfpArgumentError for an unknown name. */
export function mazeLayout(name: MazeName): MazeLayout {
  const layout = LAYOUTS[name];
  if (!layout) throw new DfpArgumentError(`mazeLayout: unknown maze ${describeValue(name)}; known mazes: ${Object.keys(LAYOUTS).join(', ')}`);
  return layout;
}

/** True when `(r, c)` is a wall; cells outside the grid count as walls. */
export function isWallCell(grid: WallGrid, r: number, c: number): boolean {
  return r < 0 || c < 0 || r >= grid.rows || c >= grid.cols || grid.cells[r * grid.cols + c] === 1;
}

/**
 * The grid cell whose free square contains the point `(x, y)` of the qpos frame: the square of cell
 * `(r, c)` is `[r-0.7, r+0.3) x [c-0.7, c+0.3)`. (Not D4RL's `round`, which the waypoint controller uses.)
 */
export function cellOf(x: number, y: number): Cell {
  return [Math.floor(x + 0.7), Math.floor(y + 0.7)];
}
