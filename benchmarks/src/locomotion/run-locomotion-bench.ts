import * as fs from 'node:fs';
import * as path from 'node:path';
import { DfpArgumentError } from '@dfp/envs';
import { BenchProgress } from '../common/bench-progress';
import type { BenchProgressMode } from '../common/bench-progress';
import { machineInfo } from '../common/machine-info';
import { hasCheckpoint } from '../maze2d/checkpoint-store';
import type { CheckpointRef, LoadedCheckpoint, TrainJobResult } from '../maze2d/checkpoint-store';
import { BenchInterruptedError } from '../maze2d/recording';
import { completeEpisodes } from './behaviour-episodes';
import { loadBenchLocomotionConfig } from './bench-config';
import type { BenchLocomotionConfig } from './bench-config';
import type { LocomotionBenchEnvId } from './bench-envs';
import { locomotionColumn } from './columns';
import type { LocomotionColumnId } from './columns';
import { datasetRef, loadOrGenerateDataset } from './dataset-store';
import { loadLocomotionCheckpoint, locomotionCheckpointRef, trainingDatasetRef } from './locomotion-checkpoints';
import { locomotionMarkdown } from './markdown-table';
import { writeLocomotionResults } from './results-schema';
import type { LocomotionCellResult, LocomotionResults } from './results-schema';
import { behaviourRecords, runPlanningCell, summarize } from './run-cell';
import { resolveLocomotionPlan } from './run-plan';
import type { LocomotionPlanOptions, LocomotionRunPlan } from './run-plan';
import { trainLocomotionCheckpoint } from './train-checkpoint';

/** Options of {@link runLocomotionBench} (the flags of `dfp bench locomotion`). */
export interface LocomotionBenchOptions extends LocomotionPlanOptions {
  /** Bench config file or object. @defaultValue `configs/bench-locomotion.json` when present, else the built-in defaults */
  readonly config?: string | BenchLocomotionConfig;
  /** Folder of the checkpoint folders. @defaultValue 'checkpoints' */
  readonly checkpoints?: string;
  /** Folder of the results JSON. @defaultValue 'benchmarks/results' */
  readonly out?: string;
  /** Train the checkpoints of the DF columns from scratch first (generating their datasets when missing). */
  readonly train?: boolean;
  /** With `train`: a folder that already holds checkpoints continues from its latest one (interrupted runs). */
  readonly resume?: boolean;
  /** tfjs backend in use (recorded; the caller initializes it). @defaultValue 'unknown' */
  readonly backend?: string;
  /** The command line, recorded in the results. */
  readonly command?: string;
  /** @defaultValue 'auto' */
  readonly progress?: BenchProgressMode;
  readonly progressStream?: NodeJS.WriteStream;
  /** Status lines (dataset generation, training, checkpoint problems). @defaultValue writes to stderr */
  readonly log?: (line: string) => void;
  /** Aborting stops the current cell at its next env step (or training after its update); finished cells are written. */
  readonly signal?: AbortSignal;
  /** Date of the run (names the results file). @defaultValue now */
  readonly now?: Date;
}

/** What {@link runLocomotionBench} produced. */
export interface LocomotionBenchRun {
  readonly results: LocomotionResults;
  /** Path of the results JSON. */
  readonly file: string;
  /** The tables, as printed by the CLI. */
  readonly markdown: string;
  /** Training runs done by `train` (empty without it). */
  readonly trained: readonly TrainJobResult[];
}

const usesCheckpoint = (plan: LocomotionRunPlan): boolean => plan.columns.some((c) => locomotionColumn(c).needsCheckpoint);

function emptyCell(env: LocomotionBenchEnvId, column: LocomotionColumnId, status: LocomotionCellResult['status'], reason: string | null): LocomotionCellResult {
  return { env, column, label: locomotionColumn(column).label, status, reason, checkpoint: null, dataset: null, settings: null, summary: null, episodes: [] };
}

const isAbort = (e: unknown, signal?: AbortSignal): boolean => e instanceof BenchInterruptedError || signal?.aborted === true;

/**
 * The locomotion benchmark ("planning with rewards"), read top to bottom:
 * 1. resolve the config, preset and flags into a plan (envs, columns, settings, deviations from the protocol);
 * 2. with `train`, train each env's reward-token checkpoint from scratch (generating its dataset when missing);
 * 3. per env: score the behaviour data (complete episodes of the dataset), then run MPPI on the true simulator and
 *    the DF planner(s) for `episodes` seeded episodes each; a DF cell without a checkpoint says how to train one;
 * 4. write every episode, the summaries, machine, seeds and command to `<out>/locomotion-<date>.json` (validated)
 *    and return the markdown tables.
 */
export async function runLocomotionBench(opts: LocomotionBenchOptions = {}): Promise<LocomotionBenchRun> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = opts.now ?? new Date();
  const config = typeof opts.config === 'object' ? opts.config : loadBenchLocomotionConfig(opts.config);
  const plan = resolveLocomotionPlan(config, opts);
  const root = opts.checkpoints ?? 'checkpoints';
  const refs = new Map(plan.envs.map((env) => [env, locomotionCheckpointRef(root, env, plan)]));
  const file = path.join(opts.out ?? path.join('benchmarks', 'results'), `locomotion-${now.toISOString().slice(0, 10)}.json`);
  const t0 = performance.now();
  const trained = opts.train && usesCheckpoint(plan) ? await trainAll([...refs.values()], plan, opts, log) : [];
  const cells: LocomotionCellResult[] = [];
  let interrupted = opts.signal?.aborted === true;
  const skip = (env: LocomotionBenchEnvId, column: LocomotionColumnId): void => void cells.push(emptyCell(env, column, 'skipped', 'interrupted'));
  // Behaviour cells first: they only read (or generate) data, so the planning progress and its ETA start after them.
  if (plan.columns.includes('behaviour')) {
    for (const env of plan.envs) {
      const cell = interrupted ? null : await behaviourCell(env, refs.get(env)!, plan, log, opts.signal);
      interrupted = cell === null;
      if (cell) cells.push(cell);
      else skip(env, 'behaviour');
    }
  }
  // Progress counts the env steps of the planning cells that can run.
  const planning = plan.columns.filter((c) => c !== 'behaviour');
  const runnable = plan.envs.flatMap((env) => planning.filter((c) => !locomotionColumn(c).needsCheckpoint || hasCheckpoint(refs.get(env)!)));
  const progress = new BenchProgress(runnable.length * plan.episodes * plan.episodeSteps, runnable.length * plan.episodes, opts.progress ?? 'auto', opts.progressStream);
  const loaded = new Map<string, LoadedCheckpoint | Error>();
  try {
    for (const env of plan.envs) {
      for (const column of planning) {
        const cell = interrupted ? null : await planningCell(env, column, refs.get(env)!, plan, loaded, progress, opts.signal);
        interrupted = cell === null;
        if (cell) cells.push(cell);
        else skip(env, column);
      }
    }
  } finally {
    progress.stop();
    for (const l of loaded.values()) if (!(l instanceof Error)) l.model.dispose();
  }
  const order = (c: LocomotionCellResult): number => plan.envs.indexOf(c.env) * plan.columns.length + plan.columns.indexOf(c.column as LocomotionColumnId);
  cells.sort((a, b) => order(a) - order(b));
  const results = writeLocomotionResults(file, {
    format: 'dfp-bench-locomotion',
    version: 1,
    date: now.toISOString(),
    command: opts.command ?? 'runLocomotionBench()',
    machine: machineInfo(opts.backend ?? 'unknown'),
    preset: plan.preset,
    presetDescription: plan.presetDescription,
    deviations: [...plan.deviations],
    protocol: {
      episodes: plan.episodes,
      evalSeeds: [plan.evalSeed, plan.evalSeed + plan.episodes - 1],
      episodeSteps: plan.episodeSteps,
      dataset: plan.dataset,
      behaviourRows: plan.behaviourRows,
      score: 'D4RL-normalized return x100 (reference returns of d4rl/infos.py)',
    },
    settings: plan.settings,
    cells,
    totalWallMs: performance.now() - t0,
    interrupted,
  });
  return { results, file, markdown: locomotionMarkdown(results), trained };
}

/**
 * `train`: trains every env's checkpoint from scratch; a folder that already holds checkpoints is refused, or with
 * `resume` continued from its latest checkpoint.
 */
async function trainAll(refs: readonly CheckpointRef[], plan: LocomotionRunPlan, opts: LocomotionBenchOptions, log: (line: string) => void): Promise<TrainJobResult[]> {
  for (const ref of refs) {
    if (hasCheckpoint(ref) && !opts.resume) throw new DfpArgumentError(`bench locomotion --train: ${ref.dir} already holds checkpoints; continue it with --resume, or remove it (or pass --checkpoints <empty folder>) to retrain from scratch`);
  }
  const out: TrainJobResult[] = [];
  for (const ref of refs) {
    if (opts.signal?.aborted) break;
    const resume = opts.resume === true && hasCheckpoint(ref);
    log(`${resume ? 'continuing' : 'training'} the reward-token model of ${ref.env} with ${ref.config} in ${ref.dir}`);
    const r = await trainLocomotionCheckpoint({ ref, dataset: trainingDatasetRef(ref, plan), backend: opts.backend ?? 'unknown', progress: opts.progress, signal: opts.signal, log, resume });
    log(`trained ${ref.dir}: step ${r.step}, loss ${r.loss.toPrecision(4)}, ${r.elapsedSec.toFixed(0)} s${opts.signal?.aborted ? ' (interrupted: a checkpoint was saved; continue with --train --resume)' : ''}`);
    out.push(r);
  }
  return out;
}

/**
 * The behaviour column: the complete episodes among the first `behaviourRows` rows of the env's training dataset
 * (read from its file, else from the file of just those rows, generated when missing: same seed, same rows),
 * each scored on its first `episodeSteps` steps. Returns null when interrupted.
 */
async function behaviourCell(env: LocomotionBenchEnvId, ref: CheckpointRef, plan: LocomotionRunPlan, log: (line: string) => void, signal?: AbortSignal): Promise<LocomotionCellResult | null> {
  try {
    const full = trainingDatasetRef(ref, plan);
    const rows = Math.min(plan.behaviourRows ?? full.rows, full.rows);
    const source = rows === full.rows || fs.existsSync(full.file) ? full : datasetRef(plan.datasetDir, env, plan.dataset, rows, full.seed);
    const generated = !fs.existsSync(source.file);
    const ds = await loadOrGenerateDataset(source, { log, signal });
    const episodes = behaviourRecords(env, completeEpisodes(ds, { rows, maxEpisodeSteps: ds.metadata.maxEpisodeSteps, scoreSteps: plan.episodeSteps }));
    const dataset = { file: source.file, policy: plan.dataset, seed: full.seed, rows: source.rows, rowsRead: rows, generated };
    if (episodes.length === 0) return { ...emptyCell(env, 'behaviour', 'error', `no complete episode in the first ${rows} rows of ${source.file}`), dataset };
    const summary = summarize(episodes, { wallMs: 0, replans: 0, msPerReplan: null, envSteps: 0 });
    log(`${env} behaviour: score ${summary.meanScore.toFixed(1)} ± ${summary.stderrScore.toFixed(1)} over ${episodes.length} dataset episodes`);
    return { ...emptyCell(env, 'behaviour', 'ok', null), dataset, settings: { source: 'dataset', scoreSteps: plan.episodeSteps }, summary, episodes };
  } catch (e) {
    if (isAbort(e, signal)) return null;
    log(`${env} behaviour: error: ${(e as Error).message}`);
    return emptyCell(env, 'behaviour', 'error', (e as Error).message);
  }
}

/** One planning cell (MPPI or DF); returns null when interrupted. Checkpoints are loaded once per env. */
async function planningCell(
  env: LocomotionBenchEnvId,
  column: LocomotionColumnId,
  ref: CheckpointRef,
  plan: LocomotionRunPlan,
  loaded: Map<string, LoadedCheckpoint | Error>,
  progress: BenchProgress,
  signal?: AbortSignal,
): Promise<LocomotionCellResult | null> {
  const total = plan.episodes * plan.episodeSteps;
  let checkpoint: LoadedCheckpoint | null = null;
  if (locomotionColumn(column).needsCheckpoint) {
    if (!hasCheckpoint(ref)) return emptyCell(env, column, 'unavailable', `no checkpoint: ${ref.trainCommand}`);
    if (!loaded.has(env)) {
      try {
        loaded.set(env, loadLocomotionCheckpoint(ref));
      } catch (e) {
        loaded.set(env, e as Error);
      }
    }
    const l = loaded.get(env)!;
    if (l instanceof Error) {
      progress.startCell(`${env} ${column}`);
      progress.endCell(0, total, 0, `checkpoint error: ${l.message}`);
      return emptyCell(env, column, 'error', `checkpoint error: ${l.message}`);
    }
    checkpoint = l;
  }
  progress.startCell(`${env} ${column}`);
  let stepsDone = 0;
  try {
    const r = await runPlanningCell({
      env, column, settings: plan.settings[env], checkpoint, episodes: plan.episodes, seed: plan.evalSeed, episodeSteps: plan.episodeSteps, signal,
      onStep: () => {
        stepsDone++;
        progress.step();
      },
    });
    const s = r.summary;
    progress.endCell(plan.episodes, total, stepsDone, `score ${s.meanScore.toFixed(1)} ± ${s.stderrScore.toFixed(1)}, mean ${s.meanSteps.toFixed(0)} steps, ${(s.wallMs / 1000).toFixed(1)} s`);
    return { ...emptyCell(env, column, 'ok', null), checkpoint: checkpoint?.info ?? null, settings: { ...r.settings }, summary: s, episodes: r.episodes };
  } catch (e) {
    if (isAbort(e, signal)) return null;
    progress.endCell(0, total, stepsDone, `error: ${(e as Error).message}`);
    return emptyCell(env, column, 'error', (e as Error).message);
  }
}
