import * as fs from 'node:fs';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, writeFileAtomic } from '@dfp/envs';
import { resultsHeader, summaryTable, unavailableNotes } from './markdown-table';
import type { Maze2dResults } from './results-schema';
import { readMaze2dResults } from './results-schema';

/** Markers around the generated benchmark section of the README (placed by hand, kept on regeneration). */
export const README_BENCH_MARKERS = { start: '<!-- bench:maze2d:start -->', end: '<!-- bench:maze2d:end -->' } as const;

/**
 * Replaces the text between `start` and `end` (markers kept) with `body`.
 * @throws DfpArgumentError when a marker is missing, repeated, or the end comes first.
 */
export function replaceBetweenMarkers(text: string, body: string, start: string = README_BENCH_MARKERS.start, end: string = README_BENCH_MARKERS.end): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new DfpArgumentError(`README: marker ${i < 0 ? start : end} not found; add the lines ${start} and ${end} where the benchmark section goes`);
  if (text.indexOf(start, i + 1) >= 0 || text.indexOf(end, j + 1) >= 0) throw new DfpArgumentError(`README: the markers ${start} / ${end} must appear exactly once`);
  if (j < i) throw new DfpArgumentError(`README: ${end} comes before ${start}`);
  return `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`;
}

/** The figure the README shows: a single-goal `df` episode of the largest maze that has one, else the first figure. */
export function readmeFigure(results: Maze2dResults): string | null {
  const withFigures = results.cells.filter((c) => c.figures.length > 0);
  const df = withFigures.filter((c) => c.column === 'df' && c.goal === 'single');
  const pick = df.length > 0 ? df[df.length - 1] : withFigures[0];
  return pick ? pick.figures[0] : null;
}

/**
 * The README's benchmark section for a results file: header (command, machine, deviations), the Table-1-style
 * summary, notes on missing cells, one figure and a link to the JSON.
 * @param resultsPath - path of the results JSON, relative to the README's folder (links are made from it).
 */
export function renderReadmeSection(results: Maze2dResults, resultsPath: string): string {
  const dir = path.posix.dirname(resultsPath);
  const figure = readmeFigure(results);
  const notes = unavailableNotes(results);
  return [
    resultsHeader(results),
    summaryTable(results),
    ...(notes ? [`Cells without a measurement:\n${notes}`] : []),
    ...(figure ? [`![Executed path (solid) and last plan (dashed) of one episode](${path.posix.join(dir, figure)})`] : []),
    `Every episode, the settings and the per-cell details (raw return, success rate, time to first reach, wall time): [${path.posix.basename(resultsPath)}](${resultsPath}). Regenerate: \`dfp bench maze2d --from-results ${resultsPath} --update-readme\`.`,
  ].join('\n\n');
}

/**
 * Regenerates the benchmark section of `readmeFile` (between {@link README_BENCH_MARKERS}) from a results file.
 * @throws DfpFileError when the README cannot be read; DfpArgumentError for missing markers or invalid results.
 */
export function updateReadmeBenchSection(readmeFile: string, resultsFile: string): void {
  const results = readMaze2dResults(resultsFile);
  let text: string;
  try {
    text = fs.readFileSync(readmeFile, 'utf8');
  } catch (e) {
    throw new DfpFileError(`${readmeFile}: cannot read the README (${(e as Error).message})`);
  }
  const rel = path.relative(path.dirname(path.resolve(readmeFile)), path.resolve(resultsFile)).split(path.sep).join('/');
  writeFileAtomic(readmeFile, replaceBetweenMarkers(text, renderReadmeSection(results, rel)));
}
