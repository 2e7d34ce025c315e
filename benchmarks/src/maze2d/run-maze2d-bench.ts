import * as path from 'node:path';
import { makeMaze2dEnv, maze2dTask } from '@dfp/envs';
import { BenchProgress } from '../common/bench-progress';
import type { BenchProgressMode } from '../common/bench-progress';
import { machineInfo } from '../common/machine-info';
import { loadBenchMaze2dConfig } from './bench-config';
import type { BenchMaze2dConfig } from './bench-config';
import { buildAgent } from './build-agent';
import { CheckpointCache, hasCheckpoint, trainBenchCheckpoints } from './checkpoint-store';
import type { CheckpointRef, TrainModelFn } from './checkpoint-store';
import { maze2dColumn } from './columns';
import type { Maze2dColumn } from './columns';
import { writeCellFigures } from './figures';
import { maze2dMarkdown } from './markdown-table';
import { paperScore } from './paper-table1';
import type { GoalMode, Maze2dBenchEnvId } from './paper-table1';
import { BenchInterruptedError } from './recording';
import { writeMaze2dResults } from './results-schema';
import type { Maze2dCellResult, Maze2dResults } from './results-schema';
import { runCell } from './run-cell';
import { assertSeedsDisjoint, resolveRunPlan } from './run-plan';
import type { Maze2dPlanOptions, Maze2dRunPlan } from './run-plan';

/** Options of {@link runMaze2dBench} (the flags of `dfp bench maze2d`). */
export interface Maze2dBenchOptions extends Maze2dPlanOptions {
  /** Bench config file or object. @defaultValue `configs/bench-maze2d.json` when present, else the built-in defaults */
  readonly config?: string | BenchMaze2dConfig;
  /** Folder of the checkpoint folders. @defaultValue 'checkpoints' */
  readonly checkpoints?: string;
  /** Folder of the results JSON and figures. @defaultValue 'benchmarks/results' */
  readonly out?: string;
  /** When given (`--train`): train every needed checkpoint from scratch with it first. */
  readonly train?: TrainModelFn;
  /** tfjs backend in use (recorded; the caller initializes it). @defaultValue 'unknown' */
  readonly backend?: string;
  /** The command line, recorded in the results. */
  readonly command?: string;
  /** @defaultValue 'auto' */
  readonly progress?: BenchProgressMode;
  readonly progressStream?: NodeJS.WriteStream;
  /** Status lines (training, warnings). @defaultValue writes to stderr */
  readonly log?: (line: string) => void;
  /** Aborting stops the current cell at its next env step; finished cells are still written. */
  readonly signal?: AbortSignal;
  /** Date of the run (names the results file). @defaultValue now */
  readonly now?: Date;
}

/** What {@link runMaze2dBench} produced. */
export interface Maze2dBenchRun {
  readonly results: Maze2dResults;
  /** Path of the results JSON. */
  readonly file: string;
  /** The tables, as printed by the CLI. */
  readonly markdown: string;
}

interface CellTask {
  readonly env: Maze2dBenchEnvId;
  readonly goal: GoalMode;
  readonly column: Maze2dColumn;
  /** Why it cannot run, or null. */
  readonly unavailable: string | null;
  readonly ref: CheckpointRef | null;
}

/** Every cell of the plan, with the reason it cannot run (not implemented, or no checkpoint and how to train it). */
function listCells(plan: Maze2dRunPlan, cache: CheckpointCache): CellTask[] {
  const tasks: CellTask[] = [];
  for (const goal of plan.goals) {
    for (const env of plan.envs) {
      for (const id of plan.columns) {
        const column = maze2dColumn(id);
        const ref = column.model ? cache.ref(column.model, env) : null;
        const unavailable = column.unavailable ?? (ref && !hasCheckpoint(ref) ? `no checkpoint: ${ref.trainCommand}` : null);
        tasks.push({ env, goal, column, unavailable, ref });
      }
    }
  }
  return tasks;
}

/** The checkpoints the plan's cells need (for `--train`), each once. */
function neededCheckpoints(plan: Maze2dRunPlan, cache: CheckpointCache): CheckpointRef[] {
  const refs = new Map<string, CheckpointRef>();
  for (const env of plan.envs) {
    for (const id of plan.columns) {
      const kind = maze2dColumn(id).model;
      if (kind && !maze2dColumn(id).unavailable) refs.set(`${kind}:${env}`, cache.ref(kind, env));
    }
  }
  return [...refs.values()];
}

const episodeSteps = (plan: Maze2dRunPlan, env: string): number => plan.maxEpisodeSteps ?? maze2dTask(env).maxEpisodeSteps;

function emptyCell(task: CellTask, status: Maze2dCellResult['status'], reason: string | null): Maze2dCellResult {
  return {
    env: task.env, goal: task.goal, column: task.column.id, label: task.column.label, status, reason,
    paper: paperScore(task.goal, task.env, task.column.id), checkpoint: null, settings: null, summary: null, episodes: [], figures: [],
  };
}

/**
 * The Maze2D benchmark of DF Table 1, read top to bottom:
 * 1. resolve the config, preset and flags into a plan (cells, settings, deviations from the protocol) and check
 *    that the evaluation seeds are not tuning seeds;
 * 2. with `train`, train the needed checkpoints from scratch;
 * 3. run each cell (env x goal mode x column) as one batch of episodes with fixed seeds, and draw the first
 *    episodes (executed path and last plan); cells that cannot run say why;
 * 4. write every episode, the summaries, machine and command to `<out>/maze2d-<date>.json` (validated), and return
 *    the markdown tables.
 */
export async function runMaze2dBench(opts: Maze2dBenchOptions = {}): Promise<Maze2dBenchRun> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = opts.now ?? new Date();
  const config = typeof opts.config === 'object' ? opts.config : loadBenchMaze2dConfig(opts.config);
  const plan = resolveRunPlan(config, opts);
  assertSeedsDisjoint(plan.evalSeed, plan.episodes, config);
  const outDir = opts.out ?? path.join('benchmarks', 'results');
  const file = path.join(outDir, `maze2d-${now.toISOString().slice(0, 10)}.json`);
  const figureDir = path.join(outDir, `maze2d-${now.toISOString().slice(0, 10)}`);
  const cache = new CheckpointCache(opts.checkpoints ?? 'checkpoints', config);
  const t0 = performance.now();
  try {
    if (opts.train) await trainBenchCheckpoints(neededCheckpoints(plan, cache), opts.train, log, opts.signal);
    const tasks = listCells(plan, cache);
    const runnable = tasks.filter((t) => t.unavailable === null);
    const progress = new BenchProgress(
      runnable.reduce((a, t) => a + plan.episodes * episodeSteps(plan, t.env), 0),
      runnable.length * plan.episodes,
      opts.progress ?? 'auto',
      opts.progressStream,
    );
    const cells: Maze2dCellResult[] = [];
    let interrupted = false;
    try {
      for (const task of tasks) {
        if (task.unavailable !== null) cells.push(emptyCell(task, 'unavailable', task.unavailable));
        else if (interrupted || opts.signal?.aborted) {
          interrupted = true;
          cells.push(emptyCell(task, 'skipped', 'interrupted'));
        } else {
          const r = await runOneCell(task, plan, cache, progress, opts.signal, { figureDir, outDir });
          interrupted = r === null;
          cells.push(r ?? emptyCell(task, 'skipped', 'interrupted'));
        }
      }
    } finally {
      progress.stop();
    }
    const results = writeMaze2dResults(file, {
      format: 'dfp-bench-maze2d',
      version: 1,
      date: now.toISOString(),
      command: opts.command ?? 'runMaze2dBench()',
      machine: machineInfo(opts.backend ?? 'unknown'),
      preset: plan.preset,
      presetDescription: plan.presetDescription,
      deviations: [...plan.deviations],
      protocol: {
        episodes: plan.episodes,
        evalSeeds: [plan.evalSeed, plan.evalSeed + plan.episodes - 1],
        maxEpisodeSteps: plan.maxEpisodeSteps,
        episodeSteps: Object.fromEntries(plan.envs.map((e) => [e, episodeSteps(plan, e)])),
        goalRadius: 0.5,
        score: 'D4RL-normalized return x100 (sparse reward, v1 reference scores)',
      },
      settings: plan.settings,
      cells,
      totalWallMs: performance.now() - t0,
      interrupted,
    });
    return { results, file, markdown: maze2dMarkdown(results) };
  } finally {
    cache.dispose();
  }
}

/** Runs one cell; returns null when interrupted. Errors of the cell (bad checkpoint, planner error) become an `error` cell. */
async function runOneCell(
  task: CellTask,
  plan: Maze2dRunPlan,
  cache: CheckpointCache,
  progress: BenchProgress,
  signal: AbortSignal | undefined,
  dirs: { figureDir: string; outDir: string },
): Promise<Maze2dCellResult | null> {
  const name = `${task.env} ${task.goal} ${task.column.id}`;
  progress.startCell(name);
  const loaded = task.column.model ? cache.get(task.column.model, task.env) : null;
  if (loaded instanceof Error) return emptyCell(task, 'error', `checkpoint error: ${loaded.message}`);
  const steps = episodeSteps(plan, task.env);
  let stepsDone = 0;
  try {
    const probe = makeMaze2dEnv(task.env); // spaces and episode length for the agent; evaluate attaches its own envs
    const built = buildAgent(task.column.id, { envId: task.env, env: probe, settings: plan.settings[task.env], model: loaded, seed: plan.evalSeed, episodeLength: plan.maxEpisodeSteps });
    probe.close();
    try {
      const outcome = await runCell({
        envId: task.env, goal: task.goal, agent: built, episodes: plan.episodes, seed: plan.evalSeed, maxSteps: plan.maxEpisodeSteps,
        traces: plan.figuresPerCell, signal, onStep: () => { stepsDone++; progress.step(); },
      });
      const s = outcome.summary;
      progress.endCell(plan.episodes, plan.episodes * steps, stepsDone, `score ${s.meanScore.toFixed(1)} ± ${s.stderrScore.toFixed(1)}, success ${(100 * s.successRate).toFixed(0)}%, ${(s.wallMs / 1000).toFixed(1)} s`);
      const figures = writeCellFigures(dirs.figureDir, dirs.outDir, { envId: task.env, goal: task.goal, column: task.column.id }, outcome.traces, outcome.episodes.map((e) => e.normalizedScore));
      return {
        ...emptyCell(task, 'ok', null),
        checkpoint: loaded?.info ?? null,
        settings: { ...built.settings },
        summary: s,
        episodes: outcome.episodes,
        figures,
      };
    } finally {
      built.agent.dispose();
    }
  } catch (e) {
    if (e instanceof BenchInterruptedError) return null;
    progress.endCell(0, plan.episodes * steps, stepsDone, `error: ${(e as Error).message}`);
    return emptyCell(task, 'error', (e as Error).message);
  }
}
