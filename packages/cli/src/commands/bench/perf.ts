import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { BackendName } from '@dfp/core';
import { perfMarkdown, readPerfResults, runPerfBench } from '@dfp/benchmarks';
import type { PerfConfigId } from '@dfp/benchmarks';
import { parseIntegerOption } from '../dataset';
import { commandLine, parseList, withSigint } from './shared';

/** Flags of `dfp bench perf`. */
interface PerfFlags {
  quick?: boolean;
  skipTorch?: boolean;
  backends: string[];
  configs: string[];
  seed: number;
  out: string;
  workers?: number;
  planWorkers?: number;
  replanBatches?: number[];
  python?: string;
  torchThreads: number[];
  pairedRounds?: number;
  fromResults?: string;
}

/** A comma list restricted to `allowed` (commander parser). */
function parseChoices(flag: string, allowed: readonly string[]): (value: string) => string[] {
  return (value: string) => {
    const list = parseList(value);
    const bad = list.filter((v) => !allowed.includes(v));
    if (list.length === 0 || bad.length > 0) throw new InvalidArgumentError(`${flag} expects a comma-separated list of ${allowed.join(', ')}, received '${value}'`);
    return list;
  };
}

/** `--replan-batches`: a comma list of positive integers. */
function parseBatchList(value: string): number[] {
  const list = parseList(value).map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`--replan-batches expects a comma-separated list of positive integers, received '${value}'`);
  return list;
}

async function perfAction(flags: PerfFlags, cmd: Command): Promise<void> {
  const write = (s: string): void => void process.stdout.write(s);
  if (flags.fromResults) {
    write(`${perfMarkdown(readPerfResults(flags.fromResults))}\n`);
    return;
  }
  const run = await withSigint('dfp bench perf', (signal) =>
    runPerfBench({
      backends: flags.backends as BackendName[],
      configs: flags.configs as PerfConfigId[],
      quick: flags.quick,
      skipTorch: flags.skipTorch,
      seed: flags.seed,
      out: flags.out,
      trainWorkers: flags.workers,
      planWorkers: flags.planWorkers,
      replanBatches: flags.replanBatches,
      python: flags.python,
      torchThreads: flags.torchThreads,
      pairedRounds: flags.pairedRounds,
      command: commandLine(cmd),
      log: (line) => void process.stderr.write(`${line}\n`),
      signal,
    }),
  );
  write(`${run.markdown}\n\nwrote ${run.file}\n`);
}

/** `dfp bench perf`: training-step and guided-replan speed of dfp against PyTorch on the same machine. */
export function registerBenchPerf(bench: Command): void {
  bench
    .command('perf')
    .description('speed: config A (one training step, RNN and transformer) and config B (one guided replan: batch 1, MCG R=4, batch 32 on 1 and --plan-workers threads) on each backend, against PyTorch (benchmarks/reference/perf_reference.py) in the same run')
    .option('--quick', 'fewer timed repetitions (same sizes)')
    .option('--skip-torch', 'do not run the PyTorch reference')
    .option('--backends <list>', 'comma-separated tfjs backends: wasm, cpu', parseChoices('--backends', ['wasm', 'cpu', 'tensorflow']), ['wasm', 'cpu'])
    .option('--configs <list>', 'comma-separated configs: A (training step), B (guided replan)', parseChoices('--configs', ['A', 'B']), ['A', 'B'])
    .option('--seed <n>', 'seed of weights and data', parseIntegerOption('--seed', 0, 2 ** 31), 0)
    .option('--workers <n>', 'threads of the data-parallel RNN training step (default: min(2, cores))', parseIntegerOption('--workers', 1, 16))
    .option('--plan-workers <n>', 'threads of the extra data-parallel batch-32 replan row, 1 = no such row (default: min(2, cores))', parseIntegerOption('--plan-workers', 1, 16))
    .option('--replan-batches <list>', 'comma-separated batch sizes: run only the config-B rows of these sizes (e.g. 32)', parseBatchList)
    .option('--python <path>', 'Python with PyTorch (default /usr/bin/python3)')
    .option('--torch-threads <list>', 'comma-separated PyTorch thread counts, one reference run each', (v: string) => parseChoices('--torch-threads', ['1', '2', '4', '8', '16'])(v).map(Number), [2, 1])
    .option('--paired-rounds <n>', 'rounds of the paired config-A comparison on the first backend (not cpu): dfp and PyTorch (2 threads) timed back to back, order swapped each round; 0 = none (default 8, --quick 2)', parseIntegerOption('--paired-rounds', 0, 100))
    .option('--out <dir>', 'folder for perf-<date>.json', 'benchmarks/results')
    .option('--from-results <file>', 'do not run: print the tables of a results file')
    .action(perfAction);
}
