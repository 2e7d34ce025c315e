import { Option } from 'commander';
import type { Command } from 'commander';
import { initBackend } from '@dfp/core';
import type { BackendRequest } from '@dfp/core';
import { locomotionMarkdown, readLocomotionResults, runLocomotionBench } from '@dfp/benchmarks';
import type { BenchProgressMode } from '@dfp/benchmarks';
import { parseIntegerOption } from '../dataset';
import { commandLine, parseList, withSigint } from './shared';

/** Flags of `dfp bench locomotion`. */
interface LocomotionFlags {
  quick?: boolean;
  full?: boolean;
  envs?: string[];
  columns?: string[];
  episodes?: number;
  seed?: number;
  checkpoints: string;
  out: string;
  config?: string;
  train?: boolean;
  resume?: boolean;
  fromResults?: string;
  samplingSteps?: number;
  mcgSamples?: number;
  backend: string;
  progress: string;
}

async function locomotionAction(flags: LocomotionFlags, cmd: Command): Promise<void> {
  const write = (s: string): void => void process.stdout.write(s);
  if (flags.fromResults) {
    write(`${locomotionMarkdown(readLocomotionResults(flags.fromResults))}\n`);
    return;
  }
  const backend = await initBackend(flags.backend as BackendRequest);
  const run = await withSigint('dfp bench locomotion', (signal) =>
    runLocomotionBench({
      preset: flags.full ? 'full' : 'quick',
      envs: flags.envs,
      columns: flags.columns,
      episodes: flags.episodes,
      seed: flags.seed,
      samplingSteps: flags.samplingSteps,
      mcgSamples: flags.mcgSamples,
      checkpoints: flags.checkpoints,
      out: flags.out,
      config: flags.config,
      train: flags.train,
      resume: flags.resume,
      backend,
      command: commandLine(cmd),
      progress: flags.progress as BenchProgressMode,
      signal,
    }),
  );
  write(`${run.markdown}\n\nwrote ${run.file}\n`);
}

/** `dfp bench locomotion`: planning with rewards on hopper / halfcheetah / walker2d (behaviour data, MPPI, DF). */
export function registerBenchLocomotion(bench: Command): void {
  bench
    .command('locomotion')
    .description('planning with rewards on Gym-MuJoCo hopper, halfcheetah, walker2d: the behaviour data vs MPPI on the true simulator vs DF with reward guidance (normalized scores ± s.e.)')
    .option('--quick', 'the reduced preset of the bench config (default; fewer and shorter episodes, cheaper DF; states every reduction)')
    .addOption(new Option('--full', 'the full protocol: 3 envs, every column, 10 episodes of 1000 steps, the whole dataset').conflicts('quick'))
    .option('--envs <names>', 'comma-separated envs: hopper, halfcheetah, walker2d (or their ids hopper-v4, ...)', parseList)
    .option('--columns <ids>', 'comma-separated columns: behaviour, mppi, df-unguided, df', parseList)
    .option('--episodes <n>', 'evaluated episodes per cell (protocol: 10)', parseIntegerOption('--episodes', 1))
    .option('--seed <n>', 'first evaluation seed: episode i resets with seed + i (protocol: 0)', parseIntegerOption('--seed', 0, 2 ** 31))
    .option('--checkpoints <dir>', 'folder of the checkpoint folders (<task>-<dataset>/, e.g. hopper-medium/)', 'checkpoints')
    .option('--out <dir>', 'folder for locomotion-<date>.json', 'benchmarks/results')
    .option('--config <file>', 'bench config (default configs/bench-locomotion.json, else built-in defaults)')
    .option('--train', "train each env's reward-token checkpoint from scratch first (configs/<task>-<dataset>.json; generates missing datasets), into --checkpoints")
    .option('--resume', 'with --train: continue a folder that already holds checkpoints (an interrupted training) from its latest one')
    .option('--from-results <file>', 'do not run: print the tables of a results file')
    .option('--sampling-steps <n>', 'DDIM steps of the DF columns (cost knob)', parseIntegerOption('--sampling-steps', 1))
    .option('--mcg-samples <n>', 'Monte Carlo Guidance samples of the df column (cost knob)', parseIntegerOption('--mcg-samples', 1, 64))
    .addOption(new Option('--backend <name>', 'tfjs backend (DFP_BACKEND overrides)').choices(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'))
    .addOption(new Option('--progress <mode>', 'progress output').choices(['auto', 'bar', 'log', 'none']).default('auto'))
    .action(locomotionAction);
}
