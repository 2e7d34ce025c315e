import { DfpArgumentError, assertInteger, describeValue } from '@dfp/envs';
import type { LocomotionPolicyName } from '@dfp/envs';
import { LOCOMOTION_BENCH_DEFAULTS, defaultMethodSettings, mergeLocomotionSettings } from './bench-config';
import type { BenchLocomotionConfig, LocomotionMethodSettings, LocomotionSettingsPatch } from './bench-config';
import { LOCOMOTION_BENCH_ENVS, resolveBenchEnv } from './bench-envs';
import type { LocomotionBenchEnvId } from './bench-envs';
import { LOCOMOTION_COLUMN_IDS, locomotionColumn } from './columns';
import type { LocomotionColumnId } from './columns';

/** `quick`: the config's reduced preset (minutes); `full`: the protocol. */
export type LocomotionPreset = 'quick' | 'full';

/** What a caller (the CLI) may override; everything else comes from the config. */
export interface LocomotionPlanOptions {
  /** @defaultValue 'quick' */
  readonly preset?: LocomotionPreset;
  /** Env ids or task names (`hopper`, `hopper-v4`). */
  readonly envs?: readonly string[];
  readonly columns?: readonly string[];
  /** Evaluated episodes per cell. */
  readonly episodes?: number;
  /** First evaluation seed: episode i resets its env with seed `seed + i`. */
  readonly seed?: number;
  /** DDIM steps of the DF columns (cost knob). */
  readonly samplingSteps?: number;
  /** MCG samples R of the `df` column (cost knob). */
  readonly mcgSamples?: number;
}

/** A resolved run: which cells, with which settings, and how it departs from the full protocol. */
export interface LocomotionRunPlan {
  readonly preset: LocomotionPreset;
  readonly presetDescription: string | null;
  readonly envs: readonly LocomotionBenchEnvId[];
  readonly columns: readonly LocomotionColumnId[];
  readonly episodes: number;
  readonly evalSeed: number;
  readonly episodeSteps: number;
  readonly behaviourRows: number | null;
  readonly dataset: LocomotionPolicyName;
  readonly datasetDir: string;
  /** Checkpoint folder name and training config templates (`{task}`, `{dataset}`). */
  readonly checkpointNames: { readonly name: string; readonly config: string };
  readonly settings: Readonly<Record<string, LocomotionMethodSettings>>;
  /** Every way this run departs from the full protocol (empty for a full run): printed and saved with the results. */
  readonly deviations: readonly string[];
}

/** Method settings of one env: defaults < config sections < `envs[env]` < preset < CLI cost knobs. */
export function locomotionSettingsFor(config: BenchLocomotionConfig, env: string, presetPatch?: LocomotionSettingsPatch, cli: LocomotionPlanOptions = {}): LocomotionMethodSettings {
  const patches: (LocomotionSettingsPatch | undefined)[] = [
    config,
    config.envs?.[env as LocomotionBenchEnvId],
    presetPatch,
    { df: { samplingSteps: cli.samplingSteps, mcgSamples: cli.mcgSamples } },
  ];
  return patches.reduce<LocomotionMethodSettings>((s, p) => mergeLocomotionSettings(s, p), defaultMethodSettings(env));
}

/** `section.key = value (full protocol: value)` for every setting that differs. */
function settingDiffs(run: LocomotionMethodSettings, full: LocomotionMethodSettings): string[] {
  const out: string[] = [];
  for (const section of ['df', 'mppi'] as const) {
    for (const [key, value] of Object.entries(full[section])) {
      const mine = JSON.stringify((run[section] as unknown as Record<string, unknown>)[key]);
      if (mine !== JSON.stringify(value)) out.push(`${section}.${key} = ${mine} (full protocol: ${JSON.stringify(value)})`);
    }
  }
  return out;
}

function columnsFrom(values: readonly string[] | undefined): LocomotionColumnId[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length === 0) throw new DfpArgumentError(`--columns: expected a non-empty list, received ${describeValue(values)}`);
  return values.map((v) => locomotionColumn(v).id);
}

function envsFrom(values: readonly string[] | undefined): LocomotionBenchEnvId[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length === 0) throw new DfpArgumentError(`--envs: expected a non-empty list, received ${describeValue(values)}`);
  return values.map(resolveBenchEnv);
}

/** Distinct values of `xs` in the order of `ref`. */
const inOrder = <T>(xs: readonly T[], ref: readonly T[]): T[] => ref.filter((r) => xs.includes(r));

/**
 * Resolves what a run covers and with which settings (config, preset, CLI), and lists its deviations from the
 * full protocol.
 * @throws DfpArgumentError for unknown envs or columns and invalid numbers.
 */
export function resolveLocomotionPlan(config: BenchLocomotionConfig, opts: LocomotionPlanOptions = {}): LocomotionRunPlan {
  const preset = opts.preset ?? 'quick';
  if (preset !== 'quick' && preset !== 'full') throw new DfpArgumentError(`bench locomotion: preset must be 'quick' or 'full', received ${describeValue(preset)}`);
  const d = LOCOMOTION_BENCH_DEFAULTS;
  const proto = config.protocol ?? {};
  const full = {
    envs: proto.envs ?? d.envs,
    columns: (proto.columns ?? d.columns) as LocomotionColumnId[],
    episodes: proto.episodes ?? d.episodes,
    evalSeed: proto.evalSeed ?? d.evalSeed,
    episodeSteps: proto.episodeSteps ?? d.episodeSteps,
    behaviourRows: proto.behaviourRows === undefined ? d.behaviourRows : proto.behaviourRows,
  };
  const p = preset === 'quick' ? (config.presets?.quick ?? {}) : {};
  const envs = inOrder(envsFrom(opts.envs) ?? p.envs ?? full.envs, LOCOMOTION_BENCH_ENVS);
  const columns = inOrder(columnsFrom(opts.columns) ?? (p.columns as LocomotionColumnId[] | undefined) ?? full.columns, LOCOMOTION_COLUMN_IDS);
  const episodes = assertInteger('--episodes', opts.episodes ?? p.episodes ?? full.episodes, 1);
  const evalSeed = assertInteger('--seed', opts.seed ?? full.evalSeed, 0, 2 ** 31);
  const episodeSteps = p.episodeSteps ?? full.episodeSteps;
  const behaviourRows = p.behaviourRows === undefined ? full.behaviourRows : p.behaviourRows;
  if (opts.samplingSteps !== undefined) assertInteger('--sampling-steps', opts.samplingSteps, 1);
  if (opts.mcgSamples !== undefined) assertInteger('--mcg-samples', opts.mcgSamples, 1, 64);

  const deviations: string[] = [];
  const listDiff = (what: string, run: readonly string[], ref: readonly string[]): void => {
    if (run.length !== ref.length || run.some((x) => !ref.includes(x))) deviations.push(`${what}: ${run.join(', ')} (full protocol: ${ref.join(', ')})`);
  };
  listDiff('envs', envs, full.envs);
  listDiff('columns', columns, full.columns);
  if (episodes !== full.episodes) deviations.push(`episodes per cell: ${episodes} (full protocol: ${full.episodes})`);
  if (evalSeed !== full.evalSeed) deviations.push(`evaluation seeds start at ${evalSeed} (full protocol: ${full.evalSeed})`);
  if (episodeSteps !== full.episodeSteps) {
    deviations.push(`episodes cut at ${episodeSteps} steps, behaviour episodes scored on their first ${episodeSteps} steps (full protocol: ${full.episodeSteps}; normalized scores still use the 1000-step D4RL reference returns, so they are lower than full-length scores)`);
  }
  if (behaviourRows !== full.behaviourRows) {
    deviations.push(`behaviour column from the complete episodes in the first ${behaviourRows ?? 'all'} dataset rows (full protocol: ${full.behaviourRows ?? 'the whole training dataset'})`);
  }
  const settings: Record<string, LocomotionMethodSettings> = {};
  const perEnv = new Map<string, string[]>();
  for (const env of envs) {
    settings[env] = locomotionSettingsFor(config, env, p, opts);
    for (const diff of settingDiffs(settings[env], locomotionSettingsFor(config, env))) perEnv.set(diff, [...(perEnv.get(diff) ?? []), env]);
  }
  for (const [diff, es] of perEnv) deviations.push(es.length === envs.length ? diff : `${diff} [${es.join(', ')}]`);
  return {
    preset,
    presetDescription: p.description ?? null,
    envs,
    columns,
    episodes,
    evalSeed,
    episodeSteps,
    behaviourRows,
    dataset: config.dataset ?? d.dataset,
    datasetDir: config.datasetDir ?? d.datasetDir,
    checkpointNames: { ...d.checkpoints, ...(config.checkpoints ?? {}) },
    settings,
    deviations,
  };
}
