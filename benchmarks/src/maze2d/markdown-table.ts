import { formatDuration } from '@dfp/core';
import { maze2dColumn } from './columns';
import { MAZE2D_BENCH_ENVS, PAPER_TABLE1_AVERAGES } from './paper-table1';
import type { GoalMode, PaperColumn } from './paper-table1';
import type { Maze2dCellResult, Maze2dResults } from './results-schema';

/**
 * Markdown tables of a results file: a summary in the layout of DF Table 1 (ours beside the paper's number,
 * labelled as the paper's), the per-cell details (raw return, success rate, time to first reach, wall time), and
 * the header that says what was run, where, and how it departs from the protocol.
 */

const MAZE_NAMES: Readonly<Record<string, string>> = { 'maze2d-umaze-v1': 'U-Maze', 'maze2d-medium-v1': 'Medium', 'maze2d-large-v1': 'Large' };

/** Row label of the paper: "Maze2D U-Maze" (single goal) or "Multi2D U-Maze". */
export function taskLabel(env: string, goal: GoalMode | string): string {
  return `${goal === 'multi' ? 'Multi2D' : 'Maze2D'} ${MAZE_NAMES[env] ?? env}`;
}

/** `mean ± stderr` with one decimal (`mean` alone when stderr is null). */
export function formatScore(mean: number, stderr: number | null): string {
  return stderr === null ? mean.toFixed(1) : `${mean.toFixed(1)} ± ${stderr.toFixed(1)}`;
}

/** Columns of the paper's Table 1 (the others, e.g. the full-sequence ablation, are ours only). */
const PAPER_COLUMNS: readonly string[] = Object.keys(PAPER_TABLE1_AVERAGES.single);

function paperText(cell: Maze2dCellResult): string {
  if (cell.paper) return `paper ${formatScore(cell.paper.mean, cell.paper.stderr)}`;
  return PAPER_COLUMNS.includes(cell.column) ? 'paper –' : 'not in paper';
}

/** Wall time: `12.3 s` below a minute, else `4m05s`. */
export function formatWall(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms / 1000);
}

/** Short status of a cell without a measurement: the part of its reason before the first colon. */
function shortReason(cell: Maze2dCellResult): string {
  if (cell.status === 'skipped') return 'not run (interrupted)';
  const r = cell.reason ?? cell.status;
  return cell.status === 'error' ? 'error' : `n/a (${r.split(':')[0]})`;
}

/** The ours-vs-paper text of a cell in the summary table. */
export function summaryCellText(cell: Maze2dCellResult): string {
  const ours = cell.summary ? formatScore(cell.summary.meanScore, cell.summary.stderrScore) : shortReason(cell);
  return `${ours} (${paperText(cell)})`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Columns and goal modes present in the results, in table order. */
function layoutOf(results: Maze2dResults): { columns: string[]; goals: GoalMode[]; envs: string[] } {
  const columns = [...new Set(results.cells.map((c) => c.column))];
  const goals = (['single', 'multi'] as const).filter((g) => results.cells.some((c) => c.goal === g));
  const envs = MAZE2D_BENCH_ENVS.filter((e) => results.cells.some((c) => c.env === e));
  return { columns, goals, envs };
}

/** Average row of one goal mode: ours when every env of the row was measured, and the paper's printed average. */
function averageRow(results: Maze2dResults, goal: GoalMode, columns: string[]): string[] {
  const label = goal === 'single' ? 'Single-task average' : 'Multi-task average';
  return [
    label,
    ...columns.map((col) => {
      const cells = MAZE2D_BENCH_ENVS.map((env) => results.cells.find((c) => c.env === env && c.goal === goal && c.column === col));
      const ok = cells.every((c) => c?.summary);
      const ours = ok ? (cells.reduce((a, c) => a + c!.summary!.meanScore, 0) / cells.length).toFixed(1) : 'n/a';
      const paper = (PAPER_TABLE1_AVERAGES[goal] as Readonly<Record<string, number | null>>)[col as PaperColumn];
      const paperPart = paper === undefined ? 'not in paper' : paper === null ? 'paper –' : `paper ${paper}`;
      return `${ours} (${paperPart})`;
    }),
  ];
}

/** The summary table in the layout of DF Table 1: one row per task, one column per method; averages when all three mazes ran. */
export function summaryTable(results: Maze2dResults): string {
  const { columns, goals, envs } = layoutOf(results);
  const rows: string[][] = [];
  for (const goal of goals) {
    for (const env of envs) {
      rows.push([taskLabel(env, goal), ...columns.map((col) => {
        const cell = results.cells.find((c) => c.env === env && c.goal === goal && c.column === col);
        return cell ? summaryCellText(cell) : '–';
      })]);
    }
    if (envs.length === MAZE2D_BENCH_ENVS.length) rows.push(averageRow(results, goal, columns));
  }
  return table(['Task', ...columns.map((c) => maze2dColumn(c).label)], rows);
}

/**
 * Share of the steps from the first reach to the episode's end spent within the goal radius (sparse reward 1),
 * averaged over the episodes that reached the goal; null when none did. 1 = the agent stayed once it arrived.
 */
export function atGoalAfterFirstReach(episodes: Maze2dCellResult['episodes']): number | null {
  const shares = episodes.filter((e) => e.firstReach !== null).map((e) => e.return / (e.steps - e.firstReach! + 1));
  return shares.length === 0 ? null : shares.reduce((a, b) => a + b, 0) / shares.length;
}

/**
 * One row per cell: score, paper, raw return, success rate, time to first reach, time at the goal after it,
 * episodes, wall time, ms per replan.
 */
export function detailTable(results: Maze2dResults): string {
  const rows = results.cells.map((c) => {
    const s = c.summary;
    if (!s) return [taskLabel(c.env, c.goal), c.label, c.status === 'skipped' ? 'not run (interrupted)' : `${c.status === 'error' ? 'error' : 'n/a'} (${c.reason})`, paperText(c), '', '', '', '', '', '', ''];
    const atGoal = atGoalAfterFirstReach(c.episodes);
    return [
      taskLabel(c.env, c.goal),
      c.label,
      formatScore(s.meanScore, s.stderrScore),
      paperText(c),
      formatScore(s.meanReturn, s.stderrReturn),
      `${(100 * s.successRate).toFixed(0)}%`,
      s.meanFirstReach === null ? '–' : s.meanFirstReach.toFixed(0),
      atGoal === null ? '–' : `${(100 * atGoal).toFixed(0)}%`,
      String(s.episodes),
      formatWall(s.wallMs),
      s.msPerReplan === null ? '–' : s.msPerReplan.toFixed(0),
    ];
  });
  return table(['Task', 'Method', 'Score (ours)', 'Paper', 'Raw return', 'Success', 'First reach (steps)', 'At goal after first reach', 'Episodes', 'Wall time', 'ms / replan'], rows);
}

/** What was run, on what, and how it departs from the protocol. */
export function resultsHeader(results: Maze2dResults): string {
  const m = results.machine;
  const p = results.protocol;
  const lines = [
    `Maze2D (D4RL v1), Diffusion Forcing Table 1: \`${results.preset}\` run of ${results.date.slice(0, 10)}, total wall time ${formatDuration(results.totalWallMs / 1000)}${results.interrupted ? ' (INTERRUPTED: partial results)' : ''}.`,
    `Command: \`${results.command}\`. Machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}, tfjs backend ${m.backend}, load ${m.loadAverage1m}.`,
    `Score: ${p.score}; mean ± standard error over ${p.episodes} episodes per cell (env seeds ${p.evalSeeds[0]}..${p.evalSeeds[1]}, random starts; Multi2D also random goals). ` +
      `"paper" is the number printed in the paper's Table 1 (its MPPI / CQL / IQL / Diffuser* entries are copied from Diffuser's Table 1).`,
  ];
  if (results.presetDescription) lines.push(`Preset \`${results.preset}\` as configured (command-line flags override it; the differences below are what ran): ${results.presetDescription}`);
  if (results.deviations.length > 0) lines.push(`Differences from the full protocol:\n${results.deviations.map((d) => `- ${d}`).join('\n')}`);
  else lines.push('Full protocol (no deviations).');
  return lines.join('\n\n');
}

/** Unique reasons of the cells without a measurement, one bullet each (how to train a missing checkpoint). */
export function unavailableNotes(results: Maze2dResults): string {
  const reasons = [...new Set(results.cells.filter((c) => c.status !== 'ok' && c.reason).map((c) => `${c.status === 'error' ? 'error' : 'n/a'} (${c.reason})`))];
  return reasons.map((r) => `- ${r}`).join('\n');
}

/** Header, summary table, notes and details: the markdown `dfp bench maze2d` prints. */
export function maze2dMarkdown(results: Maze2dResults): string {
  const notes = unavailableNotes(results);
  return [resultsHeader(results), summaryTable(results), ...(notes ? [`Cells without a measurement:\n${notes}`] : []), '#### Details', detailTable(results)].join('\n\n');
}
