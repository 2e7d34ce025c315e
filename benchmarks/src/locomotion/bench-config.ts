import * as fs from 'node:fs';
import { LOCOMOTION_POLICIES, locomotionPreset } from '@dfp/envs';
import type { LocomotionPolicyName, LocomotionPreset } from '@dfp/envs';
import { z } from 'zod';
import { readValidatedJson } from '../common/validated-json';
import { LOCOMOTION_BENCH_ENVS } from './bench-envs';
import { LOCOMOTION_COLUMN_IDS } from './columns';

/**
 * The locomotion benchmark config (`configs/bench-locomotion.json`): planner settings per method (per-env values
 * under `envs`), the evaluation protocol, the dataset and checkpoint names, and the `quick` preset. Every field is
 * optional; missing ones take the defaults below. Settings merge as defaults < top-level section < `envs[env]` <
 * preset < CLI cost knobs.
 */

const posInt = z.number().int().positive();
/** Envs' `PlanningShaping` (soft penalties MPPI adds to its rollouts' reward), which `@dfp/envs` does not export by name. */
export type PlanningShaping = LocomotionPreset['shaping'];
const seedInt = z.number().int().min(0).max(2 ** 31);

/** Diffusion Forcing planner settings (columns `df` and `df-unguided`). */
export interface LocomotionDfSettings {
  /** Guidance scale s of the `df` column (not tuned for locomotion; the maze recipe is 10). */
  readonly scale: number;
  /** Monte Carlo Guidance samples R of the `df` column (`df-unguided` uses 1). */
  readonly mcgSamples: number;
  /** DDIM steps S (cost knob; the paper's maze planner: 50). */
  readonly samplingSteps: number;
  /** Env steps executed open-loop per plan; null = one token (`frameStack` of the checkpoint), as the paper. */
  readonly openLoopHorizon: number | null;
  /** Plan length cap in tokens (cost knob); null = the checkpoint's training window (`data.windowTokens`). */
  readonly maxHorizon: number | null;
  /** Discount γ of the guidance objective `rewardSum({discount})`: frame j of a plan weighs γ^j. */
  readonly discount: number;
  /** Noise level finished tokens are fed back at; null = the last DDIM level. */
  readonly stabilizationLevel: number | null;
}

/** MPPI on the true simulator (column `mppi`): `MppiOptions` of `@dfp/envs` plus the planning-only shaping. */
export interface LocomotionMppiSettings {
  readonly samples: number;
  readonly horizon: number;
  readonly noiseStd: number;
  readonly temperature: number;
  readonly terminationPenalty: number;
  readonly safeguard: boolean;
  /** Soft penalties added to the env reward inside MPPI's rollouts only (see `PlanningShaping`). */
  readonly shaping: PlanningShaping;
}

/** The settings of all methods for one env. */
export interface LocomotionMethodSettings {
  readonly df: LocomotionDfSettings;
  readonly mppi: LocomotionMppiSettings;
}

/** Partial settings, as written in the config. */
export type LocomotionSettingsPatch = { df?: Partial<LocomotionDfSettings>; mppi?: Partial<LocomotionMppiSettings> };

/** Built-in DF defaults: the paper's pyramid planner with MCG, with a Diffuser-like 32-frame plan at frameStack 4. */
export const DEFAULT_DF_SETTINGS: LocomotionDfSettings = {
  scale: 10, mcgSamples: 4, samplingSteps: 20, openLoopHorizon: null, maxHorizon: 8, discount: 0.99, stabilizationLevel: null,
};

/**
 * Defaults of one env: {@link DEFAULT_DF_SETTINGS}, and for MPPI the "expert" behaviour preset of the dataset
 * generator (its MPPI options and shaping, without its action noise), which keeps the hopper and walker upright.
 */
export function defaultMethodSettings(env: string): LocomotionMethodSettings {
  const expert = locomotionPreset(env, 'expert');
  const m = expert.mppi!;
  return {
    df: DEFAULT_DF_SETTINGS,
    mppi: {
      samples: m.samples, horizon: m.horizon, noiseStd: m.noiseStd, temperature: m.temperature,
      terminationPenalty: m.terminationPenalty ?? 0, safeguard: m.safeguard ?? true, shaping: expert.shaping,
    },
  };
}

const nonNeg = z.number().min(0).refine(Number.isFinite, 'must be finite');
const shapingSchema = z
  .object({ anglePenalty: nonNeg, angleFree: nonNeg, heightPenalty: nonNeg, minHeight: nonNeg, velocityCap: nonNeg })
  .partial()
  .strict();
const dfPartial = z
  .object({
    scale: nonNeg,
    mcgSamples: posInt.max(64),
    samplingSteps: posInt,
    openLoopHorizon: posInt.nullable(),
    maxHorizon: posInt.nullable(),
    discount: z.number().gt(0).max(1),
    stabilizationLevel: z.number().int().min(0).nullable(),
  })
  .partial()
  .strict();
const mppiPartial = z
  .object({ samples: posInt, horizon: posInt, noiseStd: nonNeg, temperature: z.number().positive(), terminationPenalty: nonNeg, safeguard: z.boolean(), shaping: shapingSchema })
  .partial()
  .strict();
const methodsPartial = { df: dfPartial.optional(), mppi: mppiPartial.optional() };

const envEnum = z.enum(LOCOMOTION_BENCH_ENVS);
const columnEnum = z.enum(LOCOMOTION_COLUMN_IDS as [string, ...string[]]);

/** What a run covers and how long its episodes are. */
const scopeFields = {
  envs: z.array(envEnum).min(1),
  columns: z.array(columnEnum).min(1),
  episodes: posInt,
  /** Env steps per evaluated episode (time limit); behaviour episodes are scored on their first this many steps. */
  episodeSteps: posInt.max(1000),
  /** Rows of the dataset whose complete episodes make the behaviour column; null = the whole training dataset. */
  behaviourRows: posInt.nullable(),
};

const presetSchema = z
  .object({ description: z.string(), ...scopeFields, ...methodsPartial })
  .partial()
  .strict();

/** Zod schema of `configs/bench-locomotion.json`. */
export const benchLocomotionConfigSchema = z
  .object({
    description: z.string(),
    protocol: z.object({ ...scopeFields, evalSeed: seedInt }).partial().strict(),
    /** Behaviour policy of the training dataset (`@dfp/envs` presets: random, medium, expert). */
    dataset: z.enum(LOCOMOTION_POLICIES as [LocomotionPolicyName, ...LocomotionPolicyName[]]),
    /** Folder of the dataset files `<env>-<policy>-s<seed>-n<rows>.safetensors` (as `benchmarks/locomotion-datasets.js --out`). */
    datasetDir: z.string().min(1),
    /** Checkpoint folder name under `--checkpoints` and training config; `{task}` and `{dataset}` are replaced. */
    checkpoints: z.object({ name: z.string().min(1), config: z.string().min(1) }).partial().strict(),
    ...methodsPartial,
    envs: z.partialRecord(envEnum, z.object(methodsPartial).strict()),
    presets: z.object({ quick: presetSchema }).partial().strict(),
  })
  .partial()
  .strict();

/** A parsed bench config (every field optional). */
export type BenchLocomotionConfig = z.output<typeof benchLocomotionConfigSchema>;
/** The `presets.quick` section. */
export type LocomotionBenchPreset = z.output<typeof presetSchema>;

/** Default location of the config, relative to the repository root. */
export const BENCH_LOCOMOTION_CONFIG_FILE = 'configs/bench-locomotion.json';

/** Defaults of the fields outside the method settings. */
export const LOCOMOTION_BENCH_DEFAULTS = {
  envs: [...LOCOMOTION_BENCH_ENVS],
  columns: [...LOCOMOTION_COLUMN_IDS],
  episodes: 10,
  evalSeed: 0,
  episodeSteps: 1000,
  behaviourRows: null as number | null,
  dataset: 'medium' as LocomotionPolicyName,
  datasetDir: 'data/locomotion',
  checkpoints: { name: '{task}-{dataset}', config: 'configs/{task}-{dataset}.json' },
};

/**
 * Loads a bench config: `file` when given; otherwise `configs/bench-locomotion.json` if present, else `{}` (all
 * defaults).
 * @throws DfpFileError for unreadable or corrupt JSON; DfpArgumentError naming invalid fields.
 */
export function loadBenchLocomotionConfig(file?: string): BenchLocomotionConfig {
  if (file === undefined) {
    return fs.existsSync(BENCH_LOCOMOTION_CONFIG_FILE) ? readValidatedJson(BENCH_LOCOMOTION_CONFIG_FILE, benchLocomotionConfigSchema, 'bench config') : {};
  }
  return readValidatedJson(file, benchLocomotionConfigSchema, 'bench config');
}

const defined = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Applies `patch` over `base`, section by section (`undefined` fields are ignored; `mppi.shaping` is replaced whole). */
export function mergeLocomotionSettings(base: LocomotionMethodSettings, patch: LocomotionSettingsPatch | undefined): LocomotionMethodSettings {
  if (!patch) return base;
  return { df: { ...base.df, ...defined(patch.df) }, mppi: { ...base.mppi, ...defined(patch.mppi) } };
}
