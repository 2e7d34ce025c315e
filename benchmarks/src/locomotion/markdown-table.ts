import { formatDuration } from '@dfp/core';
import { formatScore, formatWall } from '../maze2d/markdown-table';
import { LOCOMOTION_BENCH_ENVS, taskName } from './bench-envs';
import type { LocomotionBenchEnvId } from './bench-envs';
import { locomotionColumn } from './columns';
import type { LocomotionCellResult, LocomotionResults } from './results-schema';

/**
 * Markdown of a locomotion results file: the header (what was run, where, how it departs from the protocol), the
 * summary table (normalized score ± standard error per env and method), the reasons of missing cells, and the
 * per-cell details.
 */

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Row label: `hopper (medium data)`. */
export function locomotionTaskLabel(env: string, dataset: string): string {
  return `${taskName(env as LocomotionBenchEnvId)} (${dataset} data)`;
}

/** Text of a cell without a measurement: `n/a (<reason>)`, `error (<reason>)`, or `not run (interrupted)`. */
export function missingCellText(cell: LocomotionCellResult): string {
  if (cell.status === 'skipped') return 'not run (interrupted)';
  return `${cell.status === 'error' ? 'error' : 'n/a'} (${cell.reason ?? cell.status})`;
}

/** `mean ± se` of a measured cell, else the short reason (the part before its first colon). */
function summaryText(cell: LocomotionCellResult): string {
  if (cell.summary) return formatScore(cell.summary.meanScore, cell.summary.stderrScore);
  if (cell.status === 'skipped') return 'not run (interrupted)';
  return `${cell.status === 'error' ? 'error' : 'n/a'} (${(cell.reason ?? cell.status).split(':')[0]})`;
}

/** One row per env, one column per method: D4RL-normalized score, mean ± standard error. */
export function locomotionSummaryTable(results: LocomotionResults): string {
  const columns = [...new Set(results.cells.map((c) => c.column))];
  const envs = LOCOMOTION_BENCH_ENVS.filter((e) => results.cells.some((c) => c.env === e));
  const rows = envs.map((env) => [
    locomotionTaskLabel(env, results.protocol.dataset),
    ...columns.map((col) => {
      const cell = results.cells.find((c) => c.env === env && c.column === col);
      return cell ? summaryText(cell) : '–';
    }),
  ]);
  return markdownTable(['Task', ...columns.map((c) => locomotionColumn(c).label)], rows);
}

/** One row per cell: score, raw return, mean episode length, falls, episodes, wall time, ms per replan. */
export function locomotionDetailTable(results: LocomotionResults): string {
  const rows = results.cells.map((c) => {
    const s = c.summary;
    const task = locomotionTaskLabel(c.env, results.protocol.dataset);
    if (!s) return [task, c.label, missingCellText(c), '', '', '', '', '', ''];
    return [
      task,
      c.label,
      formatScore(s.meanScore, s.stderrScore),
      formatScore(s.meanReturn, s.stderrReturn),
      s.meanSteps.toFixed(0),
      `${(100 * s.terminatedRate).toFixed(0)}%`,
      String(s.episodes),
      c.column === 'behaviour' ? '–' : formatWall(s.wallMs),
      s.msPerReplan === null ? '–' : s.msPerReplan.toFixed(0),
    ];
  });
  return markdownTable(['Task', 'Method', 'Score', 'Raw return', 'Mean steps', 'Falls', 'Episodes', 'Wall time', 'ms / replan'], rows);
}

/** What was run, on what, and how it departs from the protocol. */
export function locomotionResultsHeader(results: LocomotionResults): string {
  const m = results.machine;
  const p = results.protocol;
  const lines = [
    `Gym-MuJoCo locomotion (mujoco-js, Gymnasium v4 tasks), planning with rewards: \`${results.preset}\` run of ${results.date.slice(0, 10)}, total wall time ${formatDuration(results.totalWallMs / 1000)}${results.interrupted ? ' (INTERRUPTED: partial results)' : ''}.`,
    `Command: \`${results.command}\`. Machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}, tfjs backend ${m.backend}, load ${m.loadAverage1m}.`,
    `Score: ${p.score}; mean ± standard error over ${p.episodes} evaluated episodes per cell (env seeds ${p.evalSeeds[0]}..${p.evalSeeds[1]}) of at most ${p.episodeSteps} steps, ` +
      `and over the complete episodes of the in-project "${p.dataset}" dataset for the behaviour column (dfp's own MPPI-generated data, not the D4RL files: scores are not comparable with published D4RL numbers).`,
  ];
  if (results.presetDescription) lines.push(`Preset: ${results.presetDescription}`);
  if (results.deviations.length > 0) lines.push(`Differences from the full protocol:\n${results.deviations.map((d) => `- ${d}`).join('\n')}`);
  else lines.push('Full protocol (no deviations).');
  return lines.join('\n\n');
}

/** Unique reasons of the cells without a measurement, one bullet each (e.g. how to train a missing checkpoint). */
export function locomotionNotes(results: LocomotionResults): string {
  return [...new Set(results.cells.filter((c) => c.status !== 'ok' && c.reason).map((c) => `- ${locomotionTaskLabel(c.env, results.protocol.dataset)}, ${c.label}: ${missingCellText(c)}`))].join('\n');
}

/** Header, summary table, notes and details: the markdown `dfp bench locomotion` prints. */
export function locomotionMarkdown(results: LocomotionResults): string {
  const notes = locomotionNotes(results);
  return [locomotionResultsHeader(results), locomotionSummaryTable(results), ...(notes ? [`Cells without a measurement:\n${notes}`] : []), '#### Details', locomotionDetailTable(results)].join('\n\n');
}
