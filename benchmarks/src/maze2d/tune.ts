import * as fs from 'node:fs';
import * as path from 'node:path';
import { maze2dTask, makeMaze2dEnv } from '@dfp/envs';
import { z } from 'zod';
import { BenchProgress } from '../common/bench-progress';
import { readValidatedJson, writeValidatedJson } from '../common/validated-json';
import { BENCH_MAZE2D_CONFIG_FILE, DEFAULT_TUNING, benchMaze2dConfigSchema } from './bench-config';
import type { BenchMaze2dConfig } from './bench-config';
import { buildAgent } from './build-agent';
import { CheckpointCache } from './checkpoint-store';
import type { GoalMode } from './paper-table1';
import { runCell } from './run-cell';
import { assertSeedsDisjoint, resolveRunPlan, tuningSeedRange } from './run-plan';
import type { Maze2dBenchOptions } from './run-maze2d-bench';
import { coordinateSearch, coordinateSearchSize, coordinateStart, gridSearch, searchedKnobs, tuningGrid } from './tuning-search';
import type { TunedKnobs } from './tuning-search';

/** One evaluated point of the tuning grid. */
export interface TunePoint {
  readonly env: string;
  readonly knobs: TunedKnobs;
  /** Mean D4RL-normalized score x100 over the tuning episodes (averaged over the tuning goal modes). */
  readonly meanScore: number;
  readonly perGoal: Readonly<Record<string, { meanScore: number; stderrScore: number; successRate: number }>>;
  readonly wallMs: number;
}

/** Options of {@link tuneMaze2d}: those of the bench (envs, cost knobs, checkpoints, out, progress). */
export type Maze2dTuneOptions = Omit<Maze2dBenchOptions, 'train' | 'columns' | 'episodes' | 'seed' | 'figuresPerCell' | 'config'> & {
  /** Config file read, and updated with the chosen values. @defaultValue configs/bench-maze2d.json */
  readonly config?: string;
};

/** What {@link tuneMaze2d} did. */
export interface Maze2dTuneResult {
  /** Chosen values of the searched knobs per env (written to `envs[env].df` of the config). */
  readonly chosen: Readonly<Record<string, Partial<TunedKnobs>>>;
  readonly points: readonly TunePoint[];
  /** Search log (every evaluated point). */
  readonly log: string;
  readonly configFile: string;
  /** Envs skipped, with the reason (no checkpoint). */
  readonly skipped: readonly string[];
}

const knobsSchema = z.object({ scale: z.number(), mcgSamples: z.number().int(), openLoopHorizon: z.number().int(), stabilizationLevel: z.number().int().nullable(), horizonFactor: z.boolean() }).strict();
const tuneLogSchema = z
  .object({
    format: z.literal('dfp-bench-maze2d-tune'),
    date: z.string(),
    command: z.string(),
    seeds: z.tuple([z.number().int(), z.number().int()]),
    goals: z.array(z.string()),
    objective: z.string(),
    fixedSettings: z.record(z.string(), z.unknown()),
    points: z.array(z.object({ env: z.string(), knobs: knobsSchema, meanScore: z.number(), perGoal: z.record(z.string(), z.unknown()), wallMs: z.number() }).strict()),
    search: z.enum(['grid', 'coordinate']),
    grid: z.record(z.string(), z.array(z.union([z.number(), z.boolean(), z.null()]))),
    chosen: z.record(z.string(), knobsSchema.partial()),
    skipped: z.array(z.string()),
  })
  .strict();

/**
 * `dfp bench maze2d --tune`: searches the DF column's guidance scale, MCG samples, open-loop horizon, stabilization
 * level and N/F objective weighting (`horizonFactor`) on the tuning seeds (config `tuning.seed`, disjoint from the
 * evaluation seeds, checked), over the config's `tuning.grid`: every point (`tuning.search` = 'grid', default) or a
 * coordinate search from the current settings ('coordinate'). The best point per env (highest mean normalized
 * score; on ties the first in grid mode, the incumbent in coordinate mode) is written to `envs[env].df` of the config (only the knobs the grid varies) together with
 * `tuning.lastRun`, and every evaluated point to `<out>/maze2d-tune-<date>.json`. Other settings (sampling steps,
 * ...) are those of the preset and flags, and are recorded in the log.
 */
export async function tuneMaze2d(opts: Maze2dTuneOptions = {}): Promise<Maze2dTuneResult> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = opts.now ?? new Date();
  const configFile = opts.config ?? BENCH_MAZE2D_CONFIG_FILE;
  const config: BenchMaze2dConfig = fs.existsSync(configFile) ? readValidatedJson(configFile, benchMaze2dConfigSchema, 'bench config') : {};
  const plan = resolveRunPlan(config, { ...opts, columns: ['df'] });
  const full = resolveRunPlan(config, { preset: 'full' });
  assertSeedsDisjoint(full.evalSeed, full.episodes, config);
  const tuning = { ...DEFAULT_TUNING, ...config.tuning, grid: { ...DEFAULT_TUNING.grid, ...config.tuning?.grid } };
  const [seed, lastSeed] = tuningSeedRange(config);
  const goals = tuning.goals as readonly GoalMode[];
  const search = tuning.search;
  const cache = new CheckpointCache(opts.checkpoints ?? 'checkpoints', config);
  const points: TunePoint[] = [];
  const chosen: Record<string, Partial<TunedKnobs>> = {};
  const skipped: string[] = [];
  const envs = plan.envs.filter((env) => {
    const loaded = cache.get('df', env);
    if (loaded instanceof Error) skipped.push(`${env}: ${loaded.message} (train it: ${cache.ref('df', env).trainCommand})`);
    return !(loaded instanceof Error);
  });
  skipped.forEach((s) => log(`tune: skipping ${s}`));
  const start = (env: string): TunedKnobs => coordinateStart(plan.settings[env].df, tuning.grid);
  const pointCount = (env: string): number => (search === 'coordinate' ? coordinateSearchSize(start(env), tuning.grid) : tuningGrid(tuning.grid).length);
  const steps = (env: string): number => plan.maxEpisodeSteps ?? maze2dTask(env).maxEpisodeSteps;
  const cells = (env: string): number => pointCount(env) * goals.length * tuning.episodes;
  const progress = new BenchProgress(envs.reduce((a, e) => a + cells(e) * steps(e), 0), envs.reduce((a, e) => a + cells(e), 0), opts.progress ?? 'auto', opts.progressStream);
  try {
    for (const env of envs) {
      const loaded = cache.get('df', env) as Exclude<ReturnType<CheckpointCache['get']>, Error>;
      const evaluate = async (knobs: TunedKnobs): Promise<number> => {
        const settings = { ...plan.settings[env], df: { ...plan.settings[env].df, ...knobs } };
        const perGoal: Record<string, { meanScore: number; stderrScore: number; successRate: number }> = {};
        let wallMs = 0;
        for (const goal of goals) {
          progress.startCell(`tune ${env} ${goal} ${JSON.stringify(knobs)}`);
          const probe = makeMaze2dEnv(env);
          const built = buildAgent('df', { envId: env, env: probe, settings, model: loaded, seed, episodeLength: plan.maxEpisodeSteps });
          probe.close();
          let done = 0;
          const r = await runCell({ envId: env, goal, agent: built, episodes: tuning.episodes, seed, maxSteps: plan.maxEpisodeSteps, signal: opts.signal, onStep: () => { done++; progress.step(); } });
          built.agent.dispose();
          const s = r.summary;
          perGoal[goal] = { meanScore: s.meanScore, stderrScore: s.stderrScore, successRate: s.successRate };
          wallMs += s.wallMs;
          progress.endCell(tuning.episodes, tuning.episodes * steps(env), done, `score ${s.meanScore.toFixed(1)} ± ${s.stderrScore.toFixed(1)}`);
        }
        const point: TunePoint = { env, knobs, meanScore: goals.reduce((a, g) => a + perGoal[g].meanScore, 0) / goals.length, perGoal, wallMs };
        points.push(point);
        return point.meanScore;
      };
      const best = search === 'coordinate' ? await coordinateSearch(start(env), tuning.grid, evaluate) : await gridSearch(tuning.grid, evaluate);
      chosen[env] = searchedKnobs(best, tuning.grid);
      const bestScore = points.find((p) => p.knobs === best)!.meanScore; // both searches return an object they scored
      log(`tune: ${env}: chose ${JSON.stringify(best)} (tuning score ${bestScore.toFixed(1)})`);
    }
  } finally {
    progress.stop();
    cache.dispose();
  }
  const date = now.toISOString();
  const logFile = path.join(opts.out ?? path.join('benchmarks', 'results'), `maze2d-tune-${date.slice(0, 10)}.json`);
  const objective = `mean D4RL-normalized score x100 of the df column over ${tuning.episodes} episodes x goals ${goals.join(', ')}`;
  const fixedSettings = Object.fromEntries(envs.map((e) => [e, { ...plan.settings[e].df, maxEpisodeSteps: plan.maxEpisodeSteps }]));
  writeValidatedJson(logFile, tuneLogSchema, { format: 'dfp-bench-maze2d-tune', date, command: opts.command ?? 'tuneMaze2d()', seeds: [seed, lastSeed], goals: [...goals], search, grid: tuning.grid, objective, fixedSettings, points, chosen, skipped }, 'maze2d tuning log');
  if (envs.length > 0) {
    const updated: BenchMaze2dConfig = {
      ...config,
      envs: { ...config.envs, ...Object.fromEntries(envs.map((e) => [e, { ...config.envs?.[e], df: { ...config.envs?.[e]?.df, ...chosen[e] } }])) },
      tuning: { ...config.tuning, lastRun: { date, log: logFile.split(path.sep).join('/'), envs, seeds: `${seed}..${lastSeed}`, objective } },
    };
    writeValidatedJson(configFile, benchMaze2dConfigSchema, updated, 'bench config');
  }
  return { chosen, points, log: logFile, configFile, skipped };
}
