import { z } from 'zod';
import { readValidatedJson, writeValidatedJson } from '../common/validated-json';
import { MAZE2D_COLUMN_IDS } from './columns';
import { GOAL_MODES, MAZE2D_BENCH_ENVS } from './paper-table1';

/**
 * Zod schema of `benchmarks/results/maze2d-<date>.json`: what was run (command, machine, preset, deviations from
 * the protocol, settings), every cell (score summary, paper number, checkpoint provenance, every episode, figure
 * files) and the total wall time. Results are validated before they are written and when they are read back.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const xy = z.tuple([finite, finite]);
const nonNegInt = z.number().int().min(0);

/** One episode of a cell (see `EpisodeRecord`). */
export const episodeRecordSchema = z
  .object({
    index: nonNegInt,
    seed: nonNegInt,
    return: finite,
    normalizedScore: finite,
    success: z.boolean(),
    firstReach: z.number().int().positive().nullable(),
    steps: z.number().int().positive(),
    start: xy,
    goal: xy,
  })
  .strict();

/** The numbers of a measured cell (see `CellSummary`). */
export const cellSummarySchema = z
  .object({
    episodes: z.number().int().positive(),
    meanScore: finite,
    stderrScore: finite,
    meanReturn: finite,
    stderrReturn: finite,
    successRate: z.number().min(0).max(1),
    meanFirstReach: finite.nullable(),
    wallMs: finite,
    replans: nonNegInt,
    msPerReplan: finite.nullable(),
    envSteps: nonNegInt,
  })
  .strict();

/** Provenance of the checkpoint a cell planned with. */
export const checkpointInfoSchema = z
  .object({
    dir: z.string(),
    file: z.string(),
    step: nonNegInt,
    backbone: z.string(),
    causal: z.boolean(),
    parameters: nonNegInt,
    windowTokens: z.number().int().positive().nullable(),
  })
  .strict();

const paperScoreSchema = z.object({ mean: finite, stderr: finite.nullable() }).strict();

/** `ok`: measured; `unavailable`: cannot run here (no checkpoint, not implemented); `error`: failed; `skipped`: interrupted before it ran. */
export const cellStatusSchema = z.enum(['ok', 'unavailable', 'error', 'skipped']);

/** One cell: env x goal mode x column. */
export const cellResultSchema = z
  .object({
    env: z.enum(MAZE2D_BENCH_ENVS as [string, ...string[]]),
    goal: z.enum(GOAL_MODES as [string, ...string[]]),
    column: z.enum(MAZE2D_COLUMN_IDS as [string, ...string[]]),
    label: z.string(),
    status: cellStatusSchema,
    /** Why the cell has no measurement (e.g. "no checkpoint: dfp train ..."), else null. */
    reason: z.string().nullable(),
    paper: paperScoreSchema.nullable(),
    checkpoint: checkpointInfoSchema.nullable(),
    settings: z.record(z.string(), z.unknown()).nullable(),
    summary: cellSummarySchema.nullable(),
    episodes: z.array(episodeRecordSchema),
    /** SVG files, relative to the folder of the results file. */
    figures: z.array(z.string()),
  })
  .strict()
  .refine((c) => (c.status === 'ok') === (c.summary !== null), { message: 'a cell has a summary exactly when its status is ok', path: ['summary'] })
  .refine((c) => c.summary === null || c.summary.episodes === c.episodes.length, { message: 'summary.episodes must equal the number of episode records', path: ['episodes'] });

/** Where the run happened (see `machineInfo`). */
export const machineInfoSchema = z
  .object({ cpu: z.string(), cores: z.number().int().positive(), platform: z.string(), node: z.string(), loadAverage1m: finite, backend: z.string() })
  .strict();

/** A whole results file. */
export const maze2dResultsSchema = z
  .object({
    format: z.literal('dfp-bench-maze2d'),
    version: z.literal(1),
    date: z.iso.datetime(),
    command: z.string(),
    machine: machineInfoSchema,
    preset: z.enum(['quick', 'full']),
    presetDescription: z.string().nullable(),
    /** How the run departs from the full protocol; empty for a full run. */
    deviations: z.array(z.string()),
    protocol: z
      .object({
        episodes: z.number().int().positive(),
        evalSeeds: z.tuple([nonNegInt, nonNegInt]),
        maxEpisodeSteps: z.number().int().positive().nullable(),
        episodeSteps: z.record(z.string(), z.number().int().positive()),
        goalRadius: z.number().positive(),
        score: z.string(),
      })
      .strict(),
    settings: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
    cells: z.array(cellResultSchema),
    totalWallMs: finite,
    interrupted: z.boolean(),
  })
  .strict();

/** A validated results file. */
export type Maze2dResults = z.output<typeof maze2dResultsSchema>;
/** One cell of a results file. */
export type Maze2dCellResult = z.output<typeof cellResultSchema>;

/** Validates `results` and writes them (pretty JSON, atomically). @throws DfpArgumentError naming invalid fields; nothing is written then. */
export function writeMaze2dResults(file: string, results: unknown): Maze2dResults {
  return writeValidatedJson(file, maze2dResultsSchema, results, 'maze2d results');
}

/** Reads and validates a results file. @throws DfpFileError (unreadable, corrupt) or DfpArgumentError (invalid). */
export function readMaze2dResults(file: string): Maze2dResults {
  return readValidatedJson(file, maze2dResultsSchema, 'maze2d results');
}
