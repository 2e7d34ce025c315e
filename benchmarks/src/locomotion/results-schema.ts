import { z } from 'zod';
import { readValidatedJson, writeValidatedJson } from '../common/validated-json';
import { cellStatusSchema, checkpointInfoSchema, machineInfoSchema } from '../maze2d/results-schema';
import { LOCOMOTION_BENCH_ENVS } from './bench-envs';
import { LOCOMOTION_COLUMN_IDS } from './columns';

/**
 * Zod schema of `benchmarks/results/locomotion-<date>.json`: what was run (command, machine, preset, deviations,
 * dataset, settings), every cell (summary, checkpoint or dataset provenance, every episode) and the wall time.
 * Results are validated before they are written and when they are read back.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegInt = z.number().int().min(0);

/** One scored episode (see `LocomotionEpisodeRecord`). */
export const locomotionEpisodeSchema = z
  .object({
    index: nonNegInt,
    seed: nonNegInt.nullable(),
    datasetRow: nonNegInt.nullable(),
    return: finite,
    normalizedScore: finite,
    steps: z.number().int().positive(),
    terminated: z.boolean(),
  })
  .strict();

/** The numbers of a measured cell (see `LocomotionCellSummary`). */
export const locomotionSummarySchema = z
  .object({
    episodes: z.number().int().positive(),
    meanScore: finite,
    stderrScore: finite,
    meanReturn: finite,
    stderrReturn: finite,
    meanSteps: finite,
    terminatedRate: z.number().min(0).max(1),
    wallMs: finite,
    replans: nonNegInt,
    msPerReplan: finite.nullable(),
    envSteps: nonNegInt,
  })
  .strict();

/** The dataset a behaviour cell read. */
export const datasetInfoSchema = z
  .object({ file: z.string(), policy: z.string(), seed: z.number().int(), rows: z.number().int().positive(), rowsRead: z.number().int().positive(), generated: z.boolean() })
  .strict();

/** One cell: env x column. */
export const locomotionCellSchema = z
  .object({
    env: z.enum(LOCOMOTION_BENCH_ENVS),
    column: z.enum(LOCOMOTION_COLUMN_IDS as [string, ...string[]]),
    label: z.string(),
    status: cellStatusSchema,
    /** Why the cell has no measurement (e.g. "no checkpoint: dfp bench locomotion --train ..."), else null. */
    reason: z.string().nullable(),
    checkpoint: checkpointInfoSchema.nullable(),
    dataset: datasetInfoSchema.nullable(),
    settings: z.record(z.string(), z.unknown()).nullable(),
    summary: locomotionSummarySchema.nullable(),
    episodes: z.array(locomotionEpisodeSchema),
  })
  .strict()
  .refine((c) => (c.status === 'ok') === (c.summary !== null), { message: 'a cell has a summary exactly when its status is ok', path: ['summary'] })
  .refine((c) => c.summary === null || c.summary.episodes === c.episodes.length, { message: 'summary.episodes must equal the number of episode records', path: ['episodes'] });

/** A whole results file. */
export const locomotionResultsSchema = z
  .object({
    format: z.literal('dfp-bench-locomotion'),
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
        episodeSteps: z.number().int().positive(),
        dataset: z.string(),
        behaviourRows: z.number().int().positive().nullable(),
        score: z.string(),
      })
      .strict(),
    settings: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
    cells: z.array(locomotionCellSchema),
    totalWallMs: finite,
    interrupted: z.boolean(),
  })
  .strict();

/** A validated results file. */
export type LocomotionResults = z.output<typeof locomotionResultsSchema>;
/** One cell of a results file. */
export type LocomotionCellResult = z.output<typeof locomotionCellSchema>;

/** Validates `results` and writes them (pretty JSON, atomically). @throws DfpArgumentError naming invalid fields; nothing is written then. */
export function writeLocomotionResults(file: string, results: unknown): LocomotionResults {
  return writeValidatedJson(file, locomotionResultsSchema, results, 'locomotion results');
}

/** Reads and validates a results file. @throws DfpFileError (unreadable, corrupt) or DfpArgumentError (invalid). */
export function readLocomotionResults(file: string): LocomotionResults {
  return readValidatedJson(file, locomotionResultsSchema, 'locomotion results');
}
