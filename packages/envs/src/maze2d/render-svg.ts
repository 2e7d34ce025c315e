import { DfpArgumentError, assertFiniteVector, assertInteger, describeValue } from '../errors';
import { mazeLayout } from './grids';
import type { MazeLayout } from './grids';
import { maze2dTask } from './maze2d-tasks';

/**
 * Points of a path: either a flat row-major array (`stride` numbers per point, `[x, y, ...]` first) or a
 * list of points (`[[x, y, ...], ...]`).
 */
export type PointList = ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;

/** Options of {@link renderMazeSvg}. */
export interface RenderMazeOptions {
  /** Executed paths (e.g. episode observations), drawn as coloured polylines with a start marker. */
  readonly trajectories?: readonly PointList[];
  /** A planned path, drawn dashed. */
  readonly plan?: PointList;
  /** Goal `[x, y]`. @defaultValue the maze's G cell */
  readonly goal?: ArrayLike<number>;
  /** Numbers per point of flat arrays. @defaultValue 4 (observation rows `[x, y, vx, vy]`) */
  readonly stride?: number;
  /** Pixels per cell. @defaultValue 48 */
  readonly cellSize?: number;
  /** Caption drawn under the maze. */
  readonly title?: string;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] as string);
}

/** SVG path of a five-pointed star of outer radius `r` centred at `(cx, cy)` (the goal marker). */
function starPath(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? r : r * 0.45;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + rad * Math.cos(a)).toFixed(1)},${(cy + rad * Math.sin(a)).toFixed(1)}`);
  }
  return `M${pts.join('L')}Z`;
}

/** The `[x, y]` pairs of a {@link PointList}. */
function toPoints(what: string, list: PointList, stride: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (list.length > 0 && typeof list[0] !== 'number') {
    for (const p of list as ReadonlyArray<ArrayLike<number>>) out.push([p[0], p[1]]);
  } else {
    const flat = list as ArrayLike<number>;
    if (flat.length % stride !== 0) throw new DfpArgumentError(`renderMazeSvg: ${what} has length ${flat.length}, not a multiple of stride ${stride}`);
    for (let i = 0; i < flat.length; i += stride) out.push([flat[i], flat[i + 1]]);
  }
  for (const [x, y] of out) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new DfpArgumentError(`renderMazeSvg: ${what} has a non-finite point (${x}, ${y})`);
  }
  return out;
}

/**
 * Renders a Maze2D maze as a standalone SVG string: walls, free cells, the goal (a star, with the
 * sparse-reward radius 0.5 shaded), trajectories as polylines with start (circle) and end (square) markers,
 * and an optional plan (black, dashed, with dots at its points). Follows the D4RL / Diffuser convention: observation `y` (column) runs horizontally and `x` (row)
 * vertically, origin at the top left; the free square of cell `(r, c)` is `[r-0.7, r+0.3] x [c-0.7, c+0.3]`.
 *
 * @param maze - a Maze2D env id (`'maze2d-large-v1'`) or a layout from `mazeLayout` / `parseMaze`.
 */
export function renderMazeSvg(maze: string | MazeLayout, options: RenderMazeOptions = {}): string {
  const layout = typeof maze === 'string' ? mazeLayout(maze2dTask(maze).maze) : maze;
  const stride = assertInteger('renderMazeSvg: stride', options.stride ?? 4, 2);
  const s = options.cellSize ?? 48;
  if (!(typeof s === 'number' && s > 0 && Number.isFinite(s))) throw new DfpArgumentError(`renderMazeSvg: cellSize must be a positive number, received ${describeValue(s)}`);
  const goal = options.goal ?? layout.goalCell;
  assertFiniteVector('renderMazeSvg: goal', goal, 2);
  // qpos (x, y) -> pixels: column axis to the right, row axis down, cell (r, c) at [c·s, r·s].
  const px = (y: number): string => ((y + 0.7) * s).toFixed(1);
  const py = (x: number): string => ((x + 0.7) * s).toFixed(1);
  const width = layout.cols * s;
  const captionH = options.title ? Math.round(s * 0.6) : 0;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${layout.rows * s + captionH}" viewBox="0 0 ${width} ${layout.rows * s + captionH}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.cols; c++) {
      const wall = layout.cells[r * layout.cols + c] === 1;
      const fill = wall ? '#3b4252' : '#eceff4';
      parts.push(`<rect x="${c * s}" y="${r * s}" width="${s}" height="${s}" fill="${fill}" stroke="${wall ? '#3b4252' : '#d8dee9'}" stroke-width="1"/>`);
    }
  }
  const [gx, gy] = [goal[0], goal[1]];
  parts.push(`<circle cx="${px(gy)}" cy="${py(gx)}" r="${(0.5 * s).toFixed(1)}" fill="#bf616a" fill-opacity="0.15" stroke="#bf616a" stroke-dasharray="4 3"/>`);
  const lineW = Math.max(1.5, 0.06 * s).toFixed(1);
  const polyline = (pts: Array<[number, number]>, attrs: string): string =>
    `<polyline points="${pts.map(([x, y]) => `${px(y)},${py(x)}`).join(' ')}" fill="none" stroke-linejoin="round" stroke-linecap="round" ${attrs}/>`;
  const markers: string[] = []; // drawn above all lines
  (options.trajectories ?? []).forEach((traj, i) => {
    const pts = toPoints(`trajectories[${i}]`, traj, stride);
    if (pts.length === 0) return;
    const color = PALETTE[i % PALETTE.length];
    parts.push(polyline(pts, `stroke="${color}" stroke-width="${lineW}" stroke-opacity="0.9"`));
    const [x0, y0] = pts[0];
    const [x1, y1] = pts[pts.length - 1];
    const m = 0.1 * s;
    markers.push(
      `<circle cx="${px(y0)}" cy="${py(x0)}" r="${m.toFixed(1)}" fill="${color}" stroke="#ffffff" stroke-width="1.5"><title>start ${i}</title></circle>`,
      `<rect x="${(Number(px(y1)) - m).toFixed(1)}" y="${(Number(py(x1)) - m).toFixed(1)}" width="${(2 * m).toFixed(1)}" height="${(2 * m).toFixed(1)}" fill="${color}" stroke="#ffffff" stroke-width="1.5"><title>end ${i}</title></rect>`,
    );
  });
  if (options.plan !== undefined) {
    const pts = toPoints('plan', options.plan, stride);
    const dash = `${(0.16 * s).toFixed(1)} ${(0.1 * s).toFixed(1)}`;
    if (pts.length > 0) parts.push(polyline(pts, `stroke="#000000" stroke-width="${lineW}" stroke-dasharray="${dash}"`));
    for (const [x, y] of pts) parts.push(`<circle cx="${px(y)}" cy="${py(x)}" r="${(0.05 * s).toFixed(1)}" fill="#000000"/>`);
  }
  parts.push(...markers);
  parts.push(`<path d="${starPath(Number(px(gy)), Number(py(gx)), 0.2 * s)}" fill="#bf616a" stroke="#ffffff" stroke-width="1.5"><title>goal</title></path>`);
  if (options.title) {
    parts.push(
      `<text x="${width / 2}" y="${layout.rows * s + captionH * 0.7}" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="${Math.min(Math.round(s * 0.35), Math.floor((1.8 * width) / options.title.length))}" fill="#2e3440">${escapeXml(options.title)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
