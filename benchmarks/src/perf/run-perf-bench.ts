import * as os from 'node:os';
import * as path from 'node:path';
import { activeWasmGemm, initBackend, tf, type BackendName } from '@dfp/core';
import { PERF_LAYOUT, perfPlan, type PerfConfigId, type PerfPlan, type PerfPlanOptions } from './perf-config';
import { pairedLabel, perfMarkdown, replanLabel, trainLabel } from './perf-markdown';
import { measurePairedRounds } from './paired-train-step';
import { writePerfResults, type PerfRatio, type PerfResults } from './perf-results';
import { measureReplan, type ReplanResult } from './replan-bench';
import { floorMs, floorShapes, measureMatMulRates, rnnStepMatMulFlops } from './matmul-floor';
import { DEFAULT_PYTHON, runTorchReference, torchMatMulTask, torchReplanTask, torchTrainTask, torchUnavailableReason, TORCH_INSTALL_HINT } from './torch-reference';
import { round } from './timing';
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
  /** Threads of the extra data-parallel batch-32 replan row (none when 1). @defaultValue min(2, cores) */
  readonly planWorkers?: number;
  /** Keep only the config-B rows of these batch sizes. @defaultValue all */
  readonly replanBatches?: readonly number[];
  /** Python with PyTorch. @defaultValue /usr/bin/python3 */
  readonly python?: string;
  /** PyTorch thread counts, one reference run each (ratios use 2, and the fastest). @defaultValue [2, 1] */
  readonly torchThreads?: readonly number[];
  /**
   * Paired rounds of config A's RNN step (dfp and PyTorch back to back; 0: none), on the first backend measured
   * unless it is `cpu`. @defaultValue 8 (quick: 2)
   */
  readonly pairedRounds?: number;
  /** Timed steps per block of a paired round. @defaultValue 5 (quick: 3) */
  readonly pairedSteps?: number;
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

/** Numbers per config-A token (10 frames of 6). */
const PERF_TOKEN_DIM = PERF_LAYOUT.frameStack * (PERF_LAYOUT.obsDim + PERF_LAYOUT.actDim);

const loadNow = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** The targets: training step <= 1.5x PyTorch (config A), replan <= 1.0x (config B). */
export const PERF_GOALS = { A: 1.5, B: 1.0 } as const;

type TorchRun = Extract<PerfResults['torch'], { available: true }>['runs'][number];

/** Which kernel ran the wasm matMuls (`DFP_WASM_GEMM`), for the results file. */
function wasmGemmLabel(): string {
  const build = activeWasmGemm();
  return build ? `dfp GEMM, ${build === 'fma' ? 'relaxed-SIMD fused multiply-add' : 'SIMD128'} build` : 'XNNPACK (stock tfjs kernel)';
}

/** dfp / PyTorch for every measurement: against 2 threads (the setting) and against the fastest run. */
function ratios(dfp: PerfResults['dfp'], torch: PerfResults['torch']): PerfRatio[] {
  const runs: TorchRun[] = torch.available ? torch.runs : [];
  const spec = runs.find((r) => r.threads === 2) ?? runs[0];
  const row = (config: 'A' | 'B', label: string, backend: string, dfpMs: number, pick: (r: TorchRun) => number | undefined): PerfRatio => {
    const ref = spec ? pick(spec) ?? null : null;
    const all = runs.map((r) => ({ threads: r.threads, ms: pick(r) })).filter((x): x is { threads: number; ms: number } => x.ms !== undefined);
    const best = all.length > 0 ? all.reduce((a, b) => (b.ms < a.ms ? b : a)) : null;
    const q = (ms: number | null) => (ms ? Math.round((dfpMs / ms) * 100) / 100 : null);
    return { config, label, backend, dfpMs, torchMs: ref, ratio: q(ref), torchBestMs: best?.ms ?? null, torchBestThreads: best?.threads ?? null, ratioBest: q(best?.ms ?? null), goal: PERF_GOALS[config] };
  };
  const out: PerfRatio[] = [];
  for (const [backend, r] of Object.entries(dfp)) {
    for (const t of r.train) out.push(row('A', trainLabel(t.backbone, t.workers), backend, t.msPerStep, (x) => x.train.find((y) => y.backbone === t.backbone)?.msPerStep));
    for (const p of r.replan) out.push(row('B', replanLabel(p.batch, p.mcg, p.workers), backend, p.msPerReplan, (x) => x.replan.find((y) => y.batch === p.batch && y.mcg === p.mcg)?.msPerReplan));
  }
  return out;
}

/** The ratio row of the paired rounds (label: `rnn, 2 threads, paired`). */
function pairedRatio(p: NonNullable<PerfResults['paired']>): PerfRatio {
  return {
    config: 'A', label: pairedLabel(p.backbone, p.workers), backend: p.backend, dfpMs: p.dfpMs, torchMs: p.torchMs, ratio: round(p.ratio, 2),
    torchBestMs: null, torchBestThreads: null, ratioBest: null, goal: PERF_GOALS.A,
  };
}

/**
 * The PyTorch column, filled one task at a time right after the matching dfp measurement, so that both see about
 * the same machine load (the machine is shared). One reference run per thread count.
 */
class TorchColumn {
  private readonly runs = new Map<number, TorchRun>();
  private info: { version: string; blas: string[]; python: string } | null = null;

  private constructor(private readonly options: PerfBenchOptions, private readonly threads: readonly number[], private readonly unavailable: string | null) {}

  static async open(options: PerfBenchOptions): Promise<TorchColumn> {
    const reason = options.skipTorch ? 'skipped (--skip-torch)' : await torchUnavailableReason(options.python ?? DEFAULT_PYTHON);
    return new TorchColumn(options, options.torchThreads ?? [2, 1], reason);
  }

  /** Runs `task` once per thread count. */
  async measure(task: Record<string, unknown>): Promise<void> {
    if (this.unavailable) return;
    for (const threads of this.threads) {
      if (this.options.signal?.aborted) return;
      const ref = await runTorchReference([task], { python: this.options.python, threads, checked: true, onProgress: this.options.log, signal: this.options.signal });
      if (!ref.available) continue;
      const { output } = ref;
      this.info ??= { version: output.torch, blas: output.blas, python: output.python };
      let run = this.runs.get(threads);
      if (!run) this.runs.set(threads, (run = { threads, wallSec: 0, train: [], replan: [], matmul: [] }));
      run.wallSec = Math.round(run.wallSec + ref.wallSec);
      const load1m = loadNow()[0];
      for (const r of output.results) {
        const spec = r.spec as Record<string, number | string>;
        if ('matmul' in r) {
          run.matmul.push(...r.matmul.map((x) => ({ ...x, ms: round(x.ms, 4), gflops: round(x.gflops, 2) })));
        } else if ('msPerStep' in r) {
          run.train.push({ backbone: String(spec.backbone), batch: Number(spec.batch), tokens: Number(spec.tokens), params: r.params, msPerStep: round(r.msPerStep), tokensPerSec: round(r.tokensPerSec, 0), runsMs: r.runsMs.map((v) => round(v)), load1m });
        } else {
          run.replan.push({ batch: Number(spec.batch), mcg: Number(spec.mcg ?? 1), msPerReplan: round(r.msPerReplan, 0), runsMs: r.runsMs.map((v) => round(v, 0)), load1m });
        }
      }
    }
  }

  /** Median ms of one config-A task on `threads` threads, not added to the column (paired rounds). */
  async stepMs(task: Record<string, unknown>, threads: number): Promise<number | null> {
    if (this.unavailable || this.options.signal?.aborted) return null;
    const ref = await runTorchReference([task], { python: this.options.python, threads, checked: true, signal: this.options.signal });
    const r = ref.available ? ref.output.results[0] : undefined;
    return r && 'msPerStep' in r ? r.msPerStep : null;
  }

  get available(): boolean {
    return this.unavailable === null;
  }

  result(): PerfResults['torch'] {
    if (this.unavailable) return { available: false, reason: this.unavailable, install: TORCH_INSTALL_HINT };
    if (!this.info) return { available: false, reason: 'not run (interrupted)', install: TORCH_INSTALL_HINT };
    return { available: true, ...this.info, runs: this.threads.map((t) => this.runs.get(t)).filter((r): r is TorchRun => r !== undefined) };
  }
}

/** Config A's matMul floor from the measured rates (null when config A's RNN row was not run). */
function matmulFloor(plan: PerfPlan | null, dfp: PerfResults['dfp'], torch: PerfResults['torch']): PerfResults['matmulFloor'] {
  const spec = plan?.train.find((t) => t.backbone === 'rnn');
  if (!plan || !spec) return null;
  const flops = rnnStepMatMulFlops(plan.rnn, PERF_TOKEN_DIM, spec.batch, spec.tokens).step;
  const dfpMs = Object.fromEntries(Object.entries(dfp).map(([b, r]) => [b, floorMs(flops, r.matmul)]));
  const torchMs = Object.fromEntries((torch.available ? torch.runs : []).map((r) => [`${r.threads}`, floorMs(flops, r.matmul)]));
  return { stepGflop: flops / 1e9, dfpMs, torchMs };
}

function notes(plan: PerfPlan, dfp: PerfResults['dfp'], torch: PerfResults['torch'], paired: PerfResults['paired'], interrupted: boolean): string[] {
  const n = [
    'Times are wall-clock medians; "CPU ms" is the CPU time of the dfp process (all threads). The machine is shared: a 1-min load average above the core count means other processes took CPU time during the run, which slows both columns (PyTorch on 2 OpenMP threads suffers most). Each PyTorch task runs right after the matching dfp measurement, so both see about the same load; every row records the 1-min load at its end (load1m).',
    'dfp on wasm: SIMD kernels (matMul: see "wasm matMul" above), one thread per tfjs instance; the 2-thread RNN row computes the gradients of the two half-batches in two threads (ParallelGradients) and averages them (equal to the 1-thread step up to float rounding). The 2-thread replan row plans the two halves of the batch in two threads (ParallelSampler, the planner\'s `workers` option; each env has its own noise stream, so the plans equal the 1-thread plans up to float rounding); it is compared with the same PyTorch replan as the 1-thread row.',
    `Config B: dfp runs its planner (prefix cache of finished tokens, hand-written RNN pass with input-only gradients, per-plan noise-level table); PyTorch runs the official loop (whole chain recomputed every row, R cell calls per token, autograd through the chain). "cell evaluations" counts token-cell evaluations per replan. Same model (${JSON.stringify(plan.rnn)}), same schedule, same objective (goal distance, scale ${plan.guidanceScale}).`,
    'Models have random weights (seeded); step and replan times do not depend on the weights.',
  ];
  if ('cpu' in dfp) n.push('tfjs cpu backend: config A timed once or twice, config B only at batch 1 without MCG (the other variants take many minutes there).');
  if (torch.available && torch.runs.length > 1) {
    n.push('PyTorch ran once per thread count (torch.set_num_threads). "dfp / PyTorch 2 threads" is the issue\'s comparison; "dfp / fastest PyTorch" uses the faster run, because when another process holds a core, 2 OpenMP threads can be far slower than 1 (each parallel region waits for the descheduled thread).');
  }
  if (paired) {
    n.push(`Paired rounds: the machine's speed drifts over minutes (on this shared host the same step has measured 1.5x slower in a busy hour), so the medians of the rows above, taken minutes apart, can compare dfp and PyTorch under different loads. The paired rows time ${paired.stepsPerRound} steps of each back to back, ${paired.rounds.length} times, order swapped every round (PyTorch restarts each round: its first step is an untimed warm-up); their median ratio is the like-for-like comparison.`);
  }
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
  const cores = Math.min(2, os.cpus().length);
  const planOptions: PerfPlanOptions = {
    quick: options.quick, configs, trainWorkers: options.trainWorkers ?? cores, planWorkers: options.planWorkers ?? cores, replanBatches: options.replanBatches, sizes: options.sizes,
  };
  const startBackend = tf.getBackend();
  const backendEnv = { DFP_WASM_GEMM: process.env.DFP_WASM_GEMM }; // the requested backend, not DFP_BACKEND, decides
  const load: PerfResults['load'] = {};
  const dfp: PerfResults['dfp'] = {};
  const torch = await TorchColumn.open(options);
  let interrupted = false;
  let firstPlan: PerfPlan | null = null;
  let paired: PerfResults['paired'] = null;
  try {
    for (const backend of backends) {
      const name = await initBackend(backend, backendEnv);
      const plan = perfPlan(planOptions, name);
      // PyTorch runs each task once, next to the first backend's measurement of it.
      const withTorch = firstPlan === null;
      firstPlan ??= plan;
      const train: TrainStepResult[] = [];
      const replan: ReplanResult[] = [];
      const matmul: PerfResults['dfp'][string]['matmul'] = [];
      dfp[name] = { train, replan, matmul };
      const start = loadNow();
      const torchDone = new Set<string>();
      for (const spec of plan.train) {
        if (options.signal?.aborted) break;
        log(`dfp ${name}: config A ${trainLabel(spec.backbone, spec.workers)}, ${spec.warmup} + ${spec.steps} steps`);
        train.push(await measureTrainStep(spec, plan, seed));
        log(`  ${train.at(-1)!.msPerStep} ms/step`);
        if (withTorch && !torchDone.has(spec.backbone)) {
          torchDone.add(spec.backbone);
          await torch.measure(torchTrainTask(spec, plan, seed));
        }
      }
      const pairedSpec = plan.train.filter((t) => t.backbone === 'rnn').sort((a, b) => b.workers - a.workers)[0];
      const pairedRounds = options.pairedRounds ?? (options.quick ? 2 : 8);
      // Not on the cpu backend: at ~25 s per step, 8 rounds of 5 steps would take ~20 minutes.
      if (withTorch && torch.available && name !== 'cpu' && pairedSpec && pairedRounds > 0 && !options.signal?.aborted) {
        const steps = options.pairedSteps ?? (options.quick ? 3 : 5);
        const torchThreads = 2;
        log(`dfp ${name} and PyTorch (${torchThreads} threads): config A ${trainLabel('rnn', pairedSpec.workers)}, ${pairedRounds} paired rounds of ${steps} steps`);
        paired = await measurePairedRounds(pairedSpec, plan, seed, {
          backend: name, rounds: pairedRounds, stepsPerRound: steps, torchThreads, log, signal: options.signal,
          torchStepMs: (n) => torch.stepMs(torchTrainTask({ ...pairedSpec, steps: n, warmup: 1 }, plan, seed), torchThreads),
        });
      }
      const rnnStep = plan.train.find((t) => t.backbone === 'rnn');
      if (rnnStep && !options.signal?.aborted) {
        const shapes = floorShapes(plan.rnn, rnnStep.batch, rnnStep.tokens);
        log(`dfp ${name}: matMul speed on config A's shapes ${shapes.map((x) => x.join('x')).join(', ')}`);
        matmul.push(...(await measureMatMulRates(shapes)));
        if (withTorch) await torch.measure(torchMatMulTask(shapes, seed));
      }
      for (const spec of plan.replan) {
        if (options.signal?.aborted) break;
        log(`dfp ${name}: config B ${replanLabel(spec.batch, spec.mcg, spec.workers)}, ${spec.warmup} + ${spec.repeats} replans`);
        replan.push(await measureReplan(spec, plan, seed));
        log(`  ${replan.at(-1)!.msPerReplan} ms/replan`);
        // PyTorch once per (batch, R): the dfp rows on 1 and N threads share it.
        const key = `replan ${spec.batch} ${spec.mcg}`;
        if (withTorch && !torchDone.has(key)) {
          torchDone.add(key);
          await torch.measure(torchReplanTask(spec, plan, seed));
        }
      }
      load[name] = { start, end: loadNow() };
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
  } finally {
    if (tf.getBackend() !== startBackend && startBackend) await initBackend(startBackend as BackendName, backendEnv);
  }
  const torchResult = torch.result();
  const now = new Date();
  const results: PerfResults = {
    benchmark: 'perf',
    command: options.command ?? 'dfp bench perf',
    date: now.toISOString(),
    seed,
    quick: options.quick ?? false,
    configs: [...configs],
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.release()}`, node: process.version, tfjs: tf.version.tfjs, wasmGemm: wasmGemmLabel() },
    load,
    models: { rnn: { ...(firstPlan?.rnn ?? {}) }, transformer: { ...(firstPlan?.transformer ?? {}) }, guidanceScale: firstPlan?.guidanceScale ?? 0 },
    dfp,
    matmulFloor: matmulFloor(firstPlan, dfp, torchResult),
    torch: torchResult,
    paired,
    ratios: [...ratios(dfp, torchResult), ...(paired ? [pairedRatio(paired)] : [])],
    notes: firstPlan ? notes(firstPlan, dfp, torchResult, paired, interrupted) : [],
  };
  const file = path.join(options.out ?? 'benchmarks/results', `perf-${now.toISOString().slice(0, 10)}.json`);
  const written = writePerfResults(file, results);
  return { results: written, file, markdown: perfMarkdown(written) };
}
