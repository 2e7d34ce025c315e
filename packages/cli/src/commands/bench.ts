import { Option } from 'commander';
import type { Command } from 'commander';
import { initBackend } from '@dfp/core';
import type { BackendRequest } from '@dfp/core';
import {
  maze2dMarkdown, readMaze2dResults, runMaze2dBench, tuneMaze2d, updateReadmeBenchSection,
} from '@dfp/benchmarks';
import type { BenchProgressMode, TrainModelFn } from '@dfp/benchmarks';
import { parseIntegerOption } from './dataset';
import { runTrain } from './train';
import { registerBenchLocomotion } from './bench/locomotion';
import { registerBenchPerf } from './bench/perf';
import { commandLine, parseList, withSigint } from './bench/shared';

/**
 * `dfp bench <name>`: the benchmarks of `@dfp/benchmarks`. Each subcommand is registered by a function
 * `(bench: Command) => void` that only parses flags and calls a runner exported by `@dfp/benchmarks`.
 *
 * Extension point: to add `dfp bench <name>`, write `packages/cli/src/commands/bench/<name>.ts` exporting
 * `registerBench<Name>(bench: Command)` and add it to {@link BENCH_SUBCOMMANDS} (one import, one list entry).
 */
export type BenchSubcommand = (bench: Command) => void;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];
const PROGRESS = ['auto', 'bar', 'log', 'none'];

/** Flags of `dfp bench maze2d`. */
interface Maze2dFlags {
  quick?: boolean;
  full?: boolean;
  envs?: string[];
  goals?: string[];
  columns?: string[];
  episodes?: number;
  seed?: number;
  checkpoints: string;
  out: string;
  config?: string;
  train?: boolean;
  tune?: boolean;
  updateReadme?: boolean;
  readme: string;
  fromResults?: string;
  samplingSteps?: number;
  mcgSamples?: number;
  workers?: number;
  maxEpisodeSteps?: number;
  figures?: number;
  backend: string;
  progress: string;
}

async function maze2dAction(flags: Maze2dFlags, cmd: Command): Promise<void> {
  const write = (s: string): void => void process.stdout.write(s);
  if (flags.fromResults) {
    const results = readMaze2dResults(flags.fromResults);
    write(`${maze2dMarkdown(results)}\n`);
    if (flags.updateReadme) {
      updateReadmeBenchSection(flags.readme, flags.fromResults);
      write(`updated ${flags.readme}\n`);
    }
    return;
  }
  const backend = await initBackend(flags.backend as BackendRequest);
  const common = {
    preset: flags.full ? ('full' as const) : flags.quick || !flags.tune ? ('quick' as const) : ('full' as const),
    envs: flags.envs,
    goals: flags.goals,
    samplingSteps: flags.samplingSteps,
    mcgSamples: flags.mcgSamples,
    workers: flags.workers,
    maxEpisodeSteps: flags.maxEpisodeSteps,
    checkpoints: flags.checkpoints,
    out: flags.out,
    config: flags.config,
    backend,
    command: commandLine(cmd),
    progress: flags.progress as BenchProgressMode,
  };
  if (flags.tune) {
    const r = await withSigint('dfp bench maze2d --tune', (signal) => tuneMaze2d({ ...common, signal }));
    for (const [env, knobs] of Object.entries(r.chosen)) write(`${env}: ${JSON.stringify(knobs)}\n`);
    for (const s of r.skipped) write(`skipped ${s}\n`);
    write(`wrote ${r.log}${Object.keys(r.chosen).length > 0 ? ` and updated ${r.configFile}` : ''}\n`);
    return;
  }
  const train: TrainModelFn = async (job) => {
    const r = await runTrain({ env: job.env, config: job.config, out: job.out, backend: flags.backend, progress: flags.progress }, job.signal);
    return { step: r.step, loss: r.loss, elapsedSec: r.elapsedSec, completed: r.stopped === 'completed' };
  };
  const run = await withSigint('dfp bench maze2d', (signal) =>
    runMaze2dBench({ ...common, columns: flags.columns, episodes: flags.episodes, seed: flags.seed, figuresPerCell: flags.figures, train: flags.train ? train : undefined, signal }),
  );
  write(`${run.markdown}\n\nwrote ${run.file}\n`);
  if (flags.updateReadme) {
    updateReadmeBenchSection(flags.readme, run.file);
    write(`updated ${flags.readme}\n`);
  }
}

/** `dfp bench maze2d` (the default subcommand of `dfp bench`): DF Table 1 on D4RL Maze2D. */
export const registerBenchMaze2d: BenchSubcommand = (bench) => {
  bench
    .command('maze2d', { isDefault: true })
    .description('Maze2D benchmark of Diffusion Forcing Table 1: DF (pyramid + MCG), DF w/o MCG, DF full-sequence, Diffuser*, Diffuser w/ diffused actions, MPPI')
    .option('--quick', 'the reduced preset of the bench config (default; states what it reduced)')
    .addOption(new Option('--full', 'the full protocol: 3 mazes x 2 goal modes, all columns, 32 episodes, full episodes and sampling').conflicts('quick'))
    .option('--envs <ids>', 'comma-separated env ids (maze2d-umaze-v1,maze2d-medium-v1,maze2d-large-v1)', parseList)
    .option('--goals <modes>', 'comma-separated goal modes: single, multi (Multi2D)', parseList)
    .option('--columns <ids>', 'comma-separated columns: df, df-no-mcg, df-full-seq, diffuser-pd, diffuser-diffused, mppi, cql, iql', parseList)
    .option('--episodes <n>', 'episodes per cell (protocol: 32)', parseIntegerOption('--episodes', 1))
    .option('--seed <n>', 'first evaluation seed: episode i resets with seed + i (protocol: 0)', parseIntegerOption('--seed', 0, 2 ** 31))
    .option('--checkpoints <dir>', 'folder of the checkpoint folders (<env>/, <env>-diffuser/)', 'checkpoints')
    .option('--out <dir>', 'folder for maze2d-<date>.json and the SVG figures', 'benchmarks/results')
    .option('--config <file>', 'bench config (default configs/bench-maze2d.json, else built-in defaults)')
    .option('--train', 'train every needed checkpoint from scratch first (dfp train with the configs), into --checkpoints')
    .option('--tune', 'search guidance scale, N/F weighting, MCG samples, open-loop horizon, stabilization level on the tuning seeds (config tuning.grid, tuning.search: grid or coordinate; other settings: --full unless --quick); writes the chosen values to the config and the log to --out')
    .option('--update-readme', 'regenerate the README section between <!-- bench:maze2d:start --> and <!-- bench:maze2d:end -->')
    .option('--readme <file>', 'README for --update-readme', 'README.md')
    .option('--from-results <file>', 'do not run: print the tables of a results file (with --update-readme: update the README from it)')
    .option('--sampling-steps <n>', 'DDIM / reverse steps of every diffusion column (cost knob; protocol: 50)', parseIntegerOption('--sampling-steps', 1))
    .option('--mcg-samples <n>', 'Monte Carlo Guidance samples of the df column (cost knob)', parseIntegerOption('--mcg-samples', 1, 64))
    .option('--workers <n>', 'threads per DF replan (df.workers of the config; same plans up to float rounding)', parseIntegerOption('--workers', 1, 64))
    .option('--max-episode-steps <n>', 'cut episodes after n steps: FOR TESTS ONLY, not the protocol (recorded as a deviation)', parseIntegerOption('--max-episode-steps', 1))
    .option('--figures <n>', 'SVG figures (executed path + last plan) per cell', parseIntegerOption('--figures', 0))
    .addOption(new Option('--backend <name>', 'tfjs backend (DFP_BACKEND overrides)').choices(BACKENDS).default('auto'))
    .addOption(new Option('--progress <mode>', 'progress output').choices(PROGRESS).default('auto'))
    .action(maze2dAction);
};

/** The `dfp bench` subcommands, in help order. Add new benchmarks here (see {@link BenchSubcommand}). */
export const BENCH_SUBCOMMANDS: readonly BenchSubcommand[] = [registerBenchMaze2d, registerBenchLocomotion, registerBenchPerf];

/** `dfp bench`: benchmarks; `dfp bench` alone runs `dfp bench maze2d`. */
export function register(program: Command): void {
  const bench = program.command('bench').description('run a benchmark and write its results under benchmarks/results/ (default: maze2d)');
  for (const add of BENCH_SUBCOMMANDS) add(bench);
}
