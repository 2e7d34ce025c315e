import { DfpArgumentError, assertInteger, describeValue } from '@dfp/envs';
import { DEFAULT_METHOD_SETTINGS, DEFAULT_TUNING, mergeMethodSettings } from './bench-config';
import type { BenchMaze2dConfig, MethodSettings, MethodSettingsPatch } from './bench-config';
import { MAZE2D_COLUMN_IDS, maze2dColumn } from './columns';
import type { Maze2dColumnId } from './columns';
import { GOAL_MODES, MAZE2D_BENCH_ENVS } from './paper-table1';
import type { GoalMode, Maze2dBenchEnvId } from './paper-table1';

/** `quick`: the config's reduced preset (a real table in minutes); `full`: the protocol of DF Table 1. */
export type Maze2dPreset = 'quick' | 'full';

/** What a caller (the CLI) may override; everything else comes from the config. */
export interface Maze2dPlanOptions {
  /** @defaultValue 'quick' */
  readonly preset?: Maze2dPreset;
  readonly envs?: readonly string[];
  readonly goals?: readonly string[];
  readonly columns?: readonly string[];
  /** Episodes per cell (the protocol: at least 32). */
  readonly episodes?: number;
  /** First evaluation seed: episode i resets its env with seed `seed + i`. */
  readonly seed?: number;
  readonly figuresPerCell?: number;
  /** DDIM / reverse steps of every diffusion column (a cost knob). */
  readonly samplingSteps?: number;
  /** MCG samples R of the `df` column (a cost knob). */
  readonly mcgSamples?: number;
  /** Threads per DF replan (a speed knob: the plans stay the same up to float rounding). */
  readonly workers?: number;
  /** Cut episodes after this many steps. For tests only: the protocol runs full D4RL v1 episodes. */
  readonly maxEpisodeSteps?: number;
}

/** A resolved run: which cells, with which settings, and how it differs from the full protocol. */
export interface Maze2dRunPlan {
  readonly preset: Maze2dPreset;
  readonly presetDescription: string | null;
  readonly envs: readonly Maze2dBenchEnvId[];
  readonly goals: readonly GoalMode[];
  readonly columns: readonly Maze2dColumnId[];
  readonly episodes: number;
  readonly evalSeed: number;
  readonly figuresPerCell: number;
  /** null = full D4RL v1 episodes (300 / 600 / 800 steps). */
  readonly maxEpisodeSteps: number | null;
  /** Resolved method settings per env. */
  readonly settings: Readonly<Record<string, MethodSettings>>;
  /** Every way this run departs from the full protocol (empty for a full run): printed and saved with results. */
  readonly deviations: readonly string[];
}

/** The protocol of DF Table 1 with the config's `protocol` section applied. */
function protocolOf(config: BenchMaze2dConfig) {
  const p = config.protocol ?? {};
  return {
    envs: (p.envs ?? MAZE2D_BENCH_ENVS) as Maze2dBenchEnvId[],
    goals: (p.goals ?? GOAL_MODES) as GoalMode[],
    columns: (p.columns ?? MAZE2D_COLUMN_IDS) as Maze2dColumnId[],
    episodes: p.episodes ?? 32,
    evalSeed: p.evalSeed ?? 0,
    figuresPerCell: p.figuresPerCell ?? 1,
  };
}

function checkList<T extends string>(what: string, values: readonly string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length === 0) throw new DfpArgumentError(`${what}: expected a non-empty list, received ${describeValue(values)}`);
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new DfpArgumentError(`${what}: unknown value ${describeValue(v)}; expected some of ${allowed.join(', ')}`);
  }
  return [...new Set(values)] as T[];
}

/** Method settings of one env: defaults < config sections < `envs[env]` (tuned) < preset < CLI cost knobs. */
export function methodSettingsFor(config: BenchMaze2dConfig, env: string, presetPatch?: MethodSettingsPatch, cli: Maze2dPlanOptions = {}): MethodSettings {
  let s = mergeMethodSettings(DEFAULT_METHOD_SETTINGS, config);
  s = mergeMethodSettings(s, config.envs?.[env]);
  s = mergeMethodSettings(s, presetPatch);
  return mergeMethodSettings(s, {
    df: { samplingSteps: cli.samplingSteps, mcgSamples: cli.mcgSamples, workers: cli.workers },
    diffuser: { samplingSteps: cli.samplingSteps },
  });
}

/** Settings that change speed only (the plans stay the same up to float rounding): never a deviation. */
const SPEED_ONLY = new Set(['df.workers']);

/** `a.b = x (full protocol: y)` for every leaf that differs, except the speed-only settings. */
function settingDiffs(run: MethodSettings, full: MethodSettings): string[] {
  const out: string[] = [];
  for (const section of ['df', 'diffuser', 'mppi'] as const) {
    const r = run[section] as unknown as Record<string, unknown>;
    const f = full[section] as unknown as Record<string, unknown>;
    for (const key of Object.keys(f)) {
      if (r[key] !== f[key] && !SPEED_ONLY.has(`${section}.${key}`)) out.push(`${section}.${key} = ${JSON.stringify(r[key])} (full protocol: ${JSON.stringify(f[key])})`);
    }
  }
  return out;
}

/**
 * Resolves what a run covers and with which settings (config, preset, CLI), and lists its deviations from the
 * full protocol.
 * @throws DfpArgumentError for unknown envs, goals or columns, and invalid numbers.
 */
export function resolveRunPlan(config: BenchMaze2dConfig, opts: Maze2dPlanOptions = {}): Maze2dRunPlan {
  const preset = opts.preset ?? 'quick';
  if (preset !== 'quick' && preset !== 'full') throw new DfpArgumentError(`bench maze2d: preset must be 'quick' or 'full', received ${describeValue(preset)}`);
  const full = protocolOf(config);
  const p = preset === 'quick' ? (config.presets?.quick ?? {}) : {};
  const order = <T extends string>(xs: readonly T[], ref: readonly T[]): T[] => [...xs].sort((a, b) => ref.indexOf(a) - ref.indexOf(b));
  const envs = order(checkList('--envs', opts.envs, MAZE2D_BENCH_ENVS) ?? (p.envs as Maze2dBenchEnvId[] | undefined) ?? full.envs, MAZE2D_BENCH_ENVS);
  const goals = order(checkList('--goals', opts.goals, GOAL_MODES) ?? (p.goals as GoalMode[] | undefined) ?? full.goals, GOAL_MODES);
  if (opts.columns !== undefined && Array.isArray(opts.columns)) opts.columns.forEach((c) => maze2dColumn(c));
  const columns = order(checkList('--columns', opts.columns, MAZE2D_COLUMN_IDS) ?? (p.columns as Maze2dColumnId[] | undefined) ?? full.columns, MAZE2D_COLUMN_IDS);
  const episodes = assertInteger('--episodes', opts.episodes ?? p.episodes ?? full.episodes, 1);
  const evalSeed = assertInteger('--seed', opts.seed ?? full.evalSeed, 0, 2 ** 31);
  const figuresPerCell = assertInteger('--figures', opts.figuresPerCell ?? p.figuresPerCell ?? full.figuresPerCell, 0);
  const maxEpisodeSteps = opts.maxEpisodeSteps === undefined ? null : assertInteger('--max-episode-steps', opts.maxEpisodeSteps, 1);
  if (opts.samplingSteps !== undefined) assertInteger('--sampling-steps', opts.samplingSteps, 1);
  if (opts.mcgSamples !== undefined) assertInteger('--mcg-samples', opts.mcgSamples, 1, 64);
  if (opts.workers !== undefined) assertInteger('--workers', opts.workers, 1, 64);

  const settings: Record<string, MethodSettings> = {};
  const deviations: string[] = [];
  const listDiff = (what: string, run: readonly string[], ref: readonly string[]): void => {
    if (run.length !== ref.length || run.some((x) => !ref.includes(x))) deviations.push(`${what}: ${run.join(', ')} (full protocol: ${ref.join(', ')})`);
  };
  listDiff('envs', envs, full.envs);
  listDiff('goals', goals, full.goals);
  listDiff('columns', columns, full.columns);
  if (episodes !== full.episodes) deviations.push(`episodes per cell: ${episodes} (full protocol: ${full.episodes})`);
  if (evalSeed !== full.evalSeed) deviations.push(`evaluation seeds start at ${evalSeed} (full protocol: ${full.evalSeed})`);
  if (maxEpisodeSteps !== null) deviations.push(`episodes cut at ${maxEpisodeSteps} steps (NOT the protocol: full D4RL v1 episodes of 300 / 600 / 800 steps; for tests only)`);
  const perEnv = new Map<string, string[]>();
  for (const env of envs) {
    settings[env] = methodSettingsFor(config, env, p, opts);
    for (const d of settingDiffs(settings[env], methodSettingsFor(config, env))) perEnv.set(d, [...(perEnv.get(d) ?? []), env]);
  }
  for (const [d, es] of perEnv) deviations.push(es.length === envs.length ? d : `${d} [${es.join(', ')}]`);
  return {
    preset,
    presetDescription: p.description ?? null,
    envs,
    goals,
    columns,
    episodes,
    evalSeed,
    figuresPerCell,
    maxEpisodeSteps,
    settings,
    deviations,
  };
}

/** Seeds `[first, last]` of the tuning episodes (config `tuning.seed`, `tuning.episodes`). */
export function tuningSeedRange(config: BenchMaze2dConfig): [number, number] {
  const seed = config.tuning?.seed ?? DEFAULT_TUNING.seed;
  return [seed, seed + (config.tuning?.episodes ?? DEFAULT_TUNING.episodes) - 1];
}

/**
 * Checks that the evaluation seeds `[evalSeed, evalSeed + episodes - 1]` and the tuning seeds do not overlap, so
 * that settings are never tuned on the episodes that are reported.
 * @throws DfpArgumentError naming both ranges.
 */
export function assertSeedsDisjoint(evalSeed: number, episodes: number, config: BenchMaze2dConfig): void {
  const [t0, t1] = tuningSeedRange(config);
  const e1 = evalSeed + episodes - 1;
  if (evalSeed <= t1 && t0 <= e1) {
    throw new DfpArgumentError(`bench maze2d: evaluation seeds ${evalSeed}..${e1} overlap the tuning seeds ${t0}..${t1} (config tuning.seed); choose --seed or tuning.seed so that they are disjoint`);
  }
}
