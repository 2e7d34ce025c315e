import * as fs from 'node:fs';
import { z } from 'zod';
import { readValidatedJson } from '../common/validated-json';
import { MAZE2D_COLUMN_IDS } from './columns';
import { GOAL_MODES, MAZE2D_BENCH_ENVS } from './paper-table1';
import type { TuningSearch } from './tuning-search';

/**
 * The Maze2D benchmark config (`configs/bench-maze2d.json`): planner settings per method (tuned values per env
 * under `envs`), the evaluation protocol, the checkpoint names, the `quick` preset and the tuning grid. Every
 * field is optional; missing ones take the defaults below (the full protocol of DF Table 1, research doc
 * `diffusion-forcing.md` §2–4). Settings are merged: defaults < top-level section < `envs[env]` < preset < CLI.
 */

const posInt = z.number().int().positive();
const seedInt = z.number().int().min(0).max(2 ** 31);

/** Diffusion Forcing planner settings (columns `df`, `df-no-mcg`, `df-full-seq`). */
export interface DfSettings {
  /** Guidance scale s (README of the `paper` branch: 8–12; issue #2: 10). */
  readonly scale: number;
  /** Monte Carlo Guidance samples R of the `df` column (`df-no-mcg` always uses 1). */
  readonly mcgSamples: number;
  /** Env steps executed open-loop per plan (the paper: 10 = one token). */
  readonly openLoopHorizon: number;
  /** Noise level finished tokens are fed back at; null = the last DDIM level (19 of 1000 for S = 50). */
  readonly stabilizationLevel: number | null;
  /** DDIM steps S (the paper: 50). */
  readonly samplingSteps: number;
  /** Plan length cap in tokens; null = the checkpoint's training window (`data.windowTokens`). */
  readonly maxHorizon: number | null;
  /** Multiply the goal objective by N/F as the reference code does (`goalDistance({horizonFactor})`). */
  readonly horizonFactor: boolean;
  /** Threads each batched replan is split over (planner option `workers`; same plans up to float rounding). */
  readonly workers: number;
}

/** Diffuser baseline settings (columns `diffuser-pd`, `diffuser-diffused`). */
export interface DiffuserSettings {
  /** Reverse diffusion steps. */
  readonly samplingSteps: number;
  /** Diffuser samples with ancestral DDPM. */
  readonly sampler: 'ddpm' | 'ddim';
  /** Plan length in tokens; null = the checkpoint's training window (Diffuser: 128 / 256 / 384 frames). */
  readonly horizon: number | null;
}

/** MPPI settings (column `mppi`; true dynamics). */
export interface MppiSettings {
  readonly horizon: number;
  readonly samples: number;
  readonly temperature: number;
  readonly noiseStd: number;
  readonly iterations: number;
}

/** The settings of all methods for one env. */
export interface MethodSettings {
  readonly df: DfSettings;
  readonly diffuser: DiffuserSettings;
  readonly mppi: MppiSettings;
}

/** Built-in defaults: the paper's planner (DF §2.1–2.3, §3) and planner's MPPI defaults. */
export const DEFAULT_METHOD_SETTINGS: MethodSettings = {
  df: { scale: 10, mcgSamples: 4, openLoopHorizon: 10, stabilizationLevel: null, samplingSteps: 50, maxHorizon: null, horizonFactor: false, workers: 1 },
  diffuser: { samplingSteps: 50, sampler: 'ddpm', horizon: null },
  mppi: { horizon: 50, samples: 256, temperature: 1, noiseStd: 0.5, iterations: 1 },
};

const dfPartial = z
  .object({
    scale: z.number().min(0),
    mcgSamples: posInt.max(64),
    openLoopHorizon: posInt,
    stabilizationLevel: z.number().int().min(0).nullable(),
    samplingSteps: posInt,
    maxHorizon: posInt.nullable(),
    horizonFactor: z.boolean(),
    workers: posInt.max(64),
  })
  .partial()
  .strict();
const diffuserPartial = z.object({ samplingSteps: posInt, sampler: z.enum(['ddpm', 'ddim']), horizon: posInt.nullable() }).partial().strict();
const mppiPartial = z
  .object({ horizon: posInt, samples: posInt, temperature: z.number().positive(), noiseStd: z.number().positive(), iterations: posInt })
  .partial()
  .strict();
const methodsPartial = { df: dfPartial.optional(), diffuser: diffuserPartial.optional(), mppi: mppiPartial.optional() };

const envEnum = z.enum(MAZE2D_BENCH_ENVS as [string, ...string[]]);
const goalEnum = z.enum(GOAL_MODES as [string, ...string[]]);
const columnEnum = z.enum(MAZE2D_COLUMN_IDS as [string, ...string[]]);

/** What a run covers: envs, goal modes, columns, episodes per cell and SVG figures per cell. */
const scopeFields = {
  envs: z.array(envEnum).min(1),
  goals: z.array(goalEnum).min(1),
  columns: z.array(columnEnum).min(1),
  episodes: posInt,
  figuresPerCell: z.number().int().min(0),
};

const presetSchema = z
  .object({ description: z.string(), ...scopeFields, ...methodsPartial })
  .partial()
  .strict();

const checkpointKindSchema = z
  .object({
    /** Folder name under `--checkpoints`; `{env}` is replaced by the env id. */
    name: z.string().min(1),
    /** Training config for `dfp train --config` (`{env}` replaced). */
    config: z.string().min(1),
  })
  .strict();

const tuningSchema = z
  .object({
    /** First tuning seed; tuning episodes use seeds `seed .. seed + episodes - 1`, disjoint from the evaluation seeds. */
    seed: seedInt,
    episodes: posInt,
    goals: z.array(goalEnum).min(1),
    /** 'grid': every point of the grid; 'coordinate': one coordinate-search pass from the current settings (tuning-search.ts). */
    search: z.enum(['grid', 'coordinate']),
    grid: z
      .object({
        scale: z.array(z.number().min(0)).min(1),
        mcgSamples: z.array(posInt.max(64)).min(1),
        openLoopHorizon: z.array(posInt).min(1),
        stabilizationLevel: z.array(z.number().int().min(0).nullable()).min(1),
        /** Whether to multiply the goal objective by N/F (the reference code's weighting): [false], or [false, true]. */
        horizonFactor: z.array(z.boolean()).min(1),
      })
      .partial()
      .strict(),
    /** Written by `--tune`: when and on what the per-env values under `envs` were chosen. */
    lastRun: z
      .object({ date: z.string(), log: z.string(), envs: z.array(z.string()), seeds: z.string(), objective: z.string() })
      .strict(),
  })
  .partial()
  .strict();

/** Zod schema of `configs/bench-maze2d.json`. */
export const benchMaze2dConfigSchema = z
  .object({
    description: z.string(),
    protocol: z.object({ ...scopeFields, evalSeed: seedInt }).partial().strict(),
    checkpoints: z.object({ df: checkpointKindSchema, diffuser: checkpointKindSchema }).partial().strict(),
    ...methodsPartial,
    envs: z.partialRecord(envEnum, z.object(methodsPartial).strict()),
    presets: z.object({ quick: presetSchema }).partial().strict(),
    tuning: tuningSchema,
  })
  .partial()
  .strict();

/** A parsed bench config (every field optional). */
export type BenchMaze2dConfig = z.output<typeof benchMaze2dConfigSchema>;
/** A preset of the config (`presets.quick`). */
export type BenchPreset = z.output<typeof presetSchema>;
/** Tuning section of the config. */
export type BenchTuningConfig = z.output<typeof tuningSchema>;
/** Partial method settings, as written in the config. */
export type MethodSettingsPatch = { df?: Partial<DfSettings>; diffuser?: Partial<DiffuserSettings>; mppi?: Partial<MppiSettings> };

/** Default location of the config, relative to the repository root. */
export const BENCH_MAZE2D_CONFIG_FILE = 'configs/bench-maze2d.json';

/** Default checkpoint folders and training configs: `checkpoints/<env>/` (DF) and `checkpoints/<env>-diffuser/`. */
export const DEFAULT_CHECKPOINT_NAMES = {
  df: { name: '{env}', config: 'configs/{env}-long.json' },
  diffuser: { name: '{env}-diffuser', config: 'configs/{env}-diffuser.json' },
} as const;

/** Default tuning: seeds from 1,000,000 (far from the evaluation seeds 0..), single-goal, a 3 x 2 x 2 x 1 x 1 grid. */
export const DEFAULT_TUNING = {
  seed: 1_000_000,
  episodes: 8,
  goals: ['single'] as const,
  search: 'grid' as TuningSearch,
  grid: { scale: [5, 10, 20], mcgSamples: [1, 4], openLoopHorizon: [10, 20], stabilizationLevel: [null] as (number | null)[], horizonFactor: [false] },
};

/**
 * Loads a bench config: `file` when it exists; `undefined` reads `configs/bench-maze2d.json` if present, else
 * returns `{}` (all defaults).
 * @throws DfpFileError for unreadable or corrupt JSON; DfpArgumentError naming invalid fields.
 */
export function loadBenchMaze2dConfig(file?: string): BenchMaze2dConfig {
  if (file === undefined) return fs.existsSync(BENCH_MAZE2D_CONFIG_FILE) ? readValidatedJson(BENCH_MAZE2D_CONFIG_FILE, benchMaze2dConfigSchema, 'bench config') : {};
  return readValidatedJson(file, benchMaze2dConfigSchema, 'bench config');
}

/** Applies `patch` over `base`, section by section (`undefined` fields are ignored). */
export function mergeMethodSettings(base: MethodSettings, patch: MethodSettingsPatch | undefined): MethodSettings {
  if (!patch) return base;
  const clean = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    df: { ...base.df, ...clean(patch.df) },
    diffuser: { ...base.diffuser, ...clean(patch.diffuser) },
    mppi: { ...base.mppi, ...clean(patch.mppi) },
  };
}
