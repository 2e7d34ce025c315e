import * as path from 'node:path';
import { renderMazeSvg, writeFileAtomic } from '@dfp/envs';
import { maze2dColumn } from './columns';
import { taskLabel } from './markdown-table';
import type { GoalMode } from './paper-table1';
import type { EpisodeTrace } from './run-cell';

/** The SVG of one episode: the maze, the executed path (solid), the last plan (dashed) and the goal. */
export function episodeFigureSvg(envId: string, goal: GoalMode, column: string, trace: EpisodeTrace, score: number | null): string {
  const plan = trace.lastPlan && trace.lastPlan.length > 0 ? trace.lastPlan : undefined;
  const title = `${taskLabel(envId, goal)} · ${maze2dColumn(column).label} · episode ${trace.index}` +
    (score === null ? '' : ` · score ${score.toFixed(1)}`) +
    (plan ? ` · dashed: last plan (step ${trace.lastPlanStep})` : '');
  return renderMazeSvg(envId, { trajectories: [trace.positions], plan, goal: trace.goal, stride: 2, title });
}

/** File name of a figure: `<env>-<goal>-<column>-ep<index>.svg`. */
export function figureFileName(envId: string, goal: GoalMode, column: string, index: number): string {
  return `${envId}-${goal}-${column}-ep${index}.svg`;
}

/**
 * Writes the figures of a cell's traces into `dir` and returns their paths relative to `relativeTo` (the folder
 * of the results file).
 */
export function writeCellFigures(
  dir: string,
  relativeTo: string,
  cell: { envId: string; goal: GoalMode; column: string },
  traces: readonly EpisodeTrace[],
  scores: readonly number[],
): string[] {
  return traces.map((t) => {
    const file = path.join(dir, figureFileName(cell.envId, cell.goal, cell.column, t.index));
    writeFileAtomic(file, episodeFigureSvg(cell.envId, cell.goal, cell.column, t, scores[t.index] ?? null));
    return path.relative(relativeTo, file).split(path.sep).join('/');
  });
}
