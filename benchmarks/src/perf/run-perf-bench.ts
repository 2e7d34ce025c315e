import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, tf, type BackendName } from '@dfp/core';
import { perfPlan, type PerfConfigId, type PerfPlan, type PerfPlanOptions } from './perf-config';
import { perfMarkdown, replanLabel, trainLabel } from './perf-markdown';
import { writePerfResults, type PerfRatio, type PerfResults } from './perf-results';
import { measureReplan, type ReplanResult } from './replan-bench';
import { runTorchReference, torchTasks, TORCH_INSTALL_HINT, type TorchReference } from './torch-reference';
import { measureTrainStep, type TrainStepResult } from './train-step-bench';

/** Options of {@link runPerfBench} (the flags of `dfp bench perf`). */
export interface PerfBenchOptions {
  /** tfjs backends to measure dfp on. @defaultValue ['wasm', 'cpu'] */
  readonly backends?: readonly BackendName[];
  /** @defaultValue ['A', 'B'] */
  readonly configs?: readonly PerfConfigId[];
  /** Fewer timed repetitions (same sizes). */
  readonly quick?: boolean;
  /** Do not run the PyTorch reference (its column says so). */
  readonly skipTorch?: boolean;
  /** Seed of weights and data. @defaultValue 0 */
  readonly seed?: number;
  /** Folder of `perf-<date>.json`. @defaultValue benchmarks/results */
  readonly out?: string;
  /** Command line recorded in the results. */
  readonly command?: string;
  /** Threads of the data-parallel RNN training step. @defaultValue min(2, cores) */
  readonly trainWorkers?: number;
  /** Python with PyTorch. @defaultValue /usr/bin/python3 */
  readonly python?: string;
  /** Override model and batch sizes (tests). */
  readonly sizes?: PerfPlanOptions['sizes'];
  /** Progress lines (one per measurement). @defaultValue none */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** What a run returns. */
export interface PerfBenchRun {
  readonly results: PerfResults;
  readonly file: string;
  readonly markdown: string;
}

const loadNow = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** The targets: training step <= 1.5x PyTorch (config A), replan <= 1.0x (config B). */
export const PERF_GOALS = { A: 1.5, B: 1.0 } as const;

function ratios(dfp: PerfResults['dfp'], torch: PerfResults['torch']): PerfRatio[] {
  const out: PerfRatio[] = [];
  for (const [backend, r] of Object.entries(dfp)) {
    for (const t of r.train) {
      const ref = torch.available ? torch.train.find((x) => x.backbone === t.backbone)?.msPerStep ?? null : null;
      out.push({ config: 'A', label: trainLabel(t.backbone, t.workers), backend, dfpMs: t.msPerStep, torchMs: ref, ratio: ref ? Math.round((t.msPerStep / ref) * 100) / 100 : null, goal: PERF_GOALS.A });
    }
    for (const p of r.replan) {
      const ref = torch.available ? torch.replan.find((x) => x.batch === p.batch && x.mcg === p.mcg)?.msPerReplan ?? null : null;
      out.push({ config: 'B', label: replanLabel(p.batch, p.mcg), backend, dfpMs: p.msPerReplan, torchMs: ref, ratio: ref ? Math.round((p.msPerReplan / ref) * 100) / 100 : null, goal: PERF_GOALS.B });
    }
  }
  return out;
}

function torchSection(ref: TorchReference): PerfResults['torch'] {
  if (!ref.available) return ref;
  const { output } = ref;
  const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
  const train = output.results.filter((r) => 'msPerStep' in r && r.spec.task === 'train').map((r) => {
    const t = r as { msPerStep: number; tokensPerSec: number; params: number; runsMs: number[]; spec: Record<string, unknown> };
    return { backbone: String(t.spec.backbone), batch: num(t.spec.batch), tokens: num(t.spec.tokens), params: t.params, msPerStep: Math.round(t.msPerStep * 10) / 10, tokensPerSec: Math.round(t.tokensPerSec), runsMs: t.runsMs.map((v) => Math.round(v)) };
  });
  const replan = output.results.filter((r) => 'msPerReplan' in r).map((r) => {
    const p = r as { msPerReplan: number; runsMs: number[]; spec: Record<string, unknown> };
    return { batch: num(p.spec.batch), mcg: num(p.spec.mcg, 1), msPerReplan: Math.round(p.msPerReplan), runsMs: p.runsMs.map((v) => Math.round(v)) };
  });
  return { available: true, version: output.torch, threads: output.threads, blas: output.blas, python: output.python, wallSec: Math.round(ref.wallSec), train, replan };
}

function notes(plan: PerfPlan, dfp: PerfResults['dfp'], torch: PerfResults['torch'], interrupted: boolean): string[] {
  const n = [
    'Times are wall-clock medians; "CPU ms" is the CPU time of the dfp process (all threads). The machine is shared: a 1-min load average above the core count means other processes took CPU time during the run, which slows both columns (PyTorch on 2 OpenMP threads suffers most).',
    'dfp on wasm: XNNPACK SIMD kernels, one thread per tfjs instance; the 2-thread RNN row computes the gradients of the two half-batches in two threads (ParallelGradients) and averages them (equal to the 1-thread step up to float rounding).',
    `Config B: dfp runs its planner (prefix cache of finished tokens, hand-written RNN pass with input-only gradients, per-plan noise-level table); PyTorch runs the official loop (whole chain recomputed every row, R cell calls per token, autograd through the chain). "cell evaluations" counts token-cell evaluations per replan. Same model (${JSON.stringify(plan.rnn)}), same schedule, same objective (goal distance, scale ${plan.guidanceScale}).`,
    'Models have random weights (seeded); step and replan times do not depend on the weights.',
  ];
  if ('cpu' in dfp) n.push('tfjs cpu backend: config A timed once or twice, config B only at batch 1 without MCG (the other variants take many minutes there).');
  if (!torch.available) n.push(`PyTorch column unavailable (${torch.reason}); install with \`${torch.install}\`.`);
  if (interrupted) n.push('Interrupted: only the measurements finished before Ctrl-C are included.');
  return n;
}

/**
 * `dfp bench perf`: config A (training step) and config B (guided replan) on each requested backend, then the
 * PyTorch reference on the same machine in the same run, ratios against the goals, a markdown summary
 * and `out/perf-<date>.json`.
 */
export async function runPerfBench(options: PerfBenchOptions = {}): Promise<PerfBenchRun> {
  const log = options.log ?? (() => undefined);
  const backends = options.backends ?? ['wasm', 'cpu'];
  const configs = options.configs ?? ['A', 'B'];
  const seed = options.seed ?? 0;
  const planOptions: PerfPlanOptions = { quick: options.quick, configs, trainWorkers: options.trainWorkers ?? Math.min(2, os.cpus().length), sizes: options.sizes };
  const startBackend = tf.getBackend();
  const load: PerfResults['load'] = {};
  const dfp: PerfResults['dfp'] = {};
  let interrupted = false;
  let torchPlan: PerfPlan | null = null;
  try {
    for (const backend of backends) {
      const name = await initBackend(backend, {});
      const plan = perfPlan(planOptions, name);
      torchPlan ??= plan;
      const train: TrainStepResult[] = [];
      const replan: ReplanResult[] = [];
      dfp[name] = { train, replan };
      const start = loadNow();
      for (const spec of plan.train) {
        if (options.signal?.aborted) break;
        log(`dfp ${name}: config A ${trainLabel(spec.backbone, spec.workers)}, ${spec.warmup} + ${spec.steps} steps`);
        train.push(await measureTrainStep(spec, plan, seed));
        log(`  ${train.at(-1)!.msPerStep} ms/step`);
      }
      for (const spec of plan.replan) {
        if (options.signal?.aborted) break;
        log(`dfp ${name}: config B ${replanLabel(spec.batch, spec.mcg)}, ${spec.warmup} + ${spec.repeats} replans`);
        replan.push(await measureReplan(spec, plan, seed));
        log(`  ${replan.at(-1)!.msPerReplan} ms/replan`);
      }
      load[`dfp ${name}`] = { start, end: loadNow() };
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
  } finally {
    if (tf.getBackend() !== startBackend && startBackend) await initBackend(startBackend as BackendName, {});
  }
  let torch: TorchReference;
  if (options.skipTorch || interrupted || !torchPlan) {
    torch = { available: false, reason: options.skipTorch ? 'skipped (--skip-torch)' : 'not run', install: TORCH_INSTALL_HINT };
  } else {
    const start = loadNow();
    log(`pytorch: ${torchTasks(torchPlan, seed).length} tasks (${options.python ?? '/usr/bin/python3'}, 2 threads)`);
    torch = await runTorchReference(torchTasks(torchPlan, seed), { python: options.python, threads: 2, onProgress: log, signal: options.signal });
    load.pytorch = { start, end: loadNow() };
  }
  const torchResult = torchSection(torch);
  const now = new Date();
  const results: PerfResults = {
    benchmark: 'perf',
    command: options.command ?? 'dfp bench perf',
    date: now.toISOString(),
    seed,
    quick: options.quick ?? false,
    configs: [...configs],
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.release()}`, node: process.version, tfjs: tf.version.tfjs },
    load,
    models: { rnn: { ...(torchPlan?.rnn ?? {}) }, transformer: { ...(torchPlan?.transformer ?? {}) }, guidanceScale: torchPlan?.guidanceScale ?? 0 },
    dfp,
    torch: torchResult,
    ratios: ratios(dfp, torchResult),
    notes: torchPlan ? notes(torchPlan, dfp, torchResult, interrupted) : [],
  };
  const file = path.join(options.out ?? 'benchmarks/results', `perf-${now.toISOString().slice(0, 10)}.json`);
  const written = writePerfResults(file, results);
  return { results: written, file, markdown: perfMarkdown(written) };
}
