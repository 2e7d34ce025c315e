import { z } from 'zod';
import { readValidatedJson, writeValidatedJson } from '../common/validated-json';

/** Schema of `benchmarks/results/perf-<date>.json` (validated before writing and on reading). */

const trainRow = z.object({
  backbone: z.string(), workers: z.number().int(), batch: z.number().int(), tokens: z.number().int(), params: z.number().int(),
  msPerStep: z.number(), cpuMsPerStep: z.number(), tokensPerSec: z.number(), runsMs: z.array(z.number()),
  /** 1-minute load average when the measurement ended. */
  load1m: z.number(),
});
const replanRow = z.object({
  batch: z.number().int(),
  /** Threads the batch was split over (files before this field: 1). */
  workers: z.number().int().default(1),
  mcg: z.number().int(), tokens: z.number().int(), samplingSteps: z.number().int(),
  msPerReplan: z.number(), cpuMsPerReplan: z.number(), tokenEvaluations: z.number().int(), referenceTokenEvaluations: z.number().int(),
  runsMs: z.array(z.number()),
  load1m: z.number(),
});
/** Speed of one matMul shape `[m, k]·[k, n]`. */
const matMulRow = z.object({ m: z.number().int(), k: z.number().int(), n: z.number().int(), ms: z.number(), gflops: z.number() });
const loadPair = z.object({ start: z.array(z.number()), end: z.array(z.number()) });

/** A dfp-vs-PyTorch comparison on one measurement (ratio = dfp time / PyTorch time; < 1: dfp is faster). */
export const perfRatioSchema = z.object({
  config: z.enum(['A', 'B']),
  label: z.string(),
  backend: z.string(),
  dfpMs: z.number(),
  /** PyTorch with 2 threads (the reference setting) and the ratio against it. */
  torchMs: z.number().nullable(),
  ratio: z.number().nullable(),
  /** The fastest PyTorch run over the thread counts tried (on a loaded machine 1 thread can beat 2). */
  torchBestMs: z.number().nullable(),
  torchBestThreads: z.number().int().nullable(),
  ratioBest: z.number().nullable(),
  /** The target for this ratio. */
  goal: z.number(),
});

export const perfResultsSchema = z.object({
  benchmark: z.literal('perf'),
  command: z.string(),
  date: z.string(),
  seed: z.number().int(),
  quick: z.boolean(),
  configs: z.array(z.enum(['A', 'B'])),
  machine: z.object({
    cpu: z.string(), cores: z.number().int(), platform: z.string(), node: z.string(), tfjs: z.string(),
    /** The wasm matMul kernel (`DFP_WASM_GEMM`); absent in files from before dfp had its own GEMM (XNNPACK then). */
    wasmGemm: z.string().default('XNNPACK (stock tfjs kernel)'),
  }),
  /** 1/5/15-minute load averages at the start and end of each backend's section (PyTorch tasks included). */
  load: z.record(z.string(), loadPair),
  models: z.object({ rnn: z.record(z.string(), z.unknown()), transformer: z.record(z.string(), z.unknown()), guidanceScale: z.number() }),
  dfp: z.record(z.string(), z.object({ train: z.array(trainRow), replan: z.array(replanRow), matmul: z.array(matMulRow).default([]) })),
  /**
   * Config A's matMul floor: matMul FLOPs of one RNN step (forward + backward) and, per side, the step time those
   * FLOPs alone take at the best measured rate (see matmul-floor.ts). Absent in files from before it existed.
   */
  matmulFloor: z.object({ stepGflop: z.number(), dfpMs: z.record(z.string(), z.number().nullable()), torchMs: z.record(z.string(), z.number().nullable()) }).nullable().default(null),
  torch: z.union([
    z.object({
      available: z.literal(true), version: z.string(), blas: z.array(z.string()), python: z.string(),
      /** One reference run per thread count (`torch.set_num_threads`), in the order run. */
      runs: z.array(z.object({
        threads: z.number().int(), wallSec: z.number(),
        train: z.array(z.object({ backbone: z.string(), batch: z.number(), tokens: z.number(), params: z.number(), msPerStep: z.number(), tokensPerSec: z.number(), runsMs: z.array(z.number()), load1m: z.number() })),
        replan: z.array(z.object({ batch: z.number(), mcg: z.number(), msPerReplan: z.number(), runsMs: z.array(z.number()), load1m: z.number() })),
        matmul: z.array(matMulRow).default([]),
      })),
    }),
    z.object({ available: z.literal(false), reason: z.string(), install: z.string() }),
  ]),
  /**
   * Config A's RNN step as a paired comparison (see paired-train-step.ts): rounds of dfp and PyTorch blocks back to
   * back, order swapped each round; medians and the median of the rounds' ratios. Absent in files from before it.
   */
  paired: z.object({
    backend: z.string(), backbone: z.string(), workers: z.number().int(), torchThreads: z.number().int(), stepsPerRound: z.number().int(),
    rounds: z.array(z.object({ dfpMs: z.number(), torchMs: z.number(), ratio: z.number(), order: z.enum(['dfp-first', 'torch-first']), load1m: z.number() })),
    dfpMs: z.number(), torchMs: z.number(), ratio: z.number(),
  }).nullable().default(null),
  ratios: z.array(perfRatioSchema),
  notes: z.array(z.string()),
});

export type PerfResults = z.infer<typeof perfResultsSchema>;
export type PerfRatio = z.infer<typeof perfRatioSchema>;

export function writePerfResults(file: string, results: PerfResults): PerfResults {
  return writeValidatedJson(file, perfResultsSchema, results, 'perf results');
}

export function readPerfResults(file: string): PerfResults {
  return readValidatedJson(file, perfResultsSchema, 'perf results');
}
