import type { RnnConfig, TokenLayout, TransformerConfig } from '@dfp/core';

/**
 * What `dfp bench perf` measures (issues 3 and 4). Config A is one training step of the default model; config B is
 * one guided replan of the Diffusion Forcing planner with that model. Everything is sized like Maze2D planning:
 * obs 4, act 2, 10 frames per token (token 60), 30 tokens (300 frames).
 */

/** Maze2D token layout: frame = [o (4), a (2)], 10 frames per token. */
export const PERF_LAYOUT: TokenLayout = { obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 10 };

/** Config A's RNN (= core's DEFAULT_RNN_CONFIG, 1.07 M parameters). */
export const PERF_RNN: RnnConfig = { kind: 'rnn', hidden: 256, zDim: 128, embDim: 64, resBlocks: 3 };

/** The transformer of config A, sized to a comparable parameter count (5 layers: 1.07 M). */
export const PERF_TRANSFORMER: TransformerConfig = { kind: 'transformer', width: 128, layers: 5, heads: 4, ffMult: 4, embDim: 64, causal: true };

export type PerfBackbone = 'rnn' | 'transformer';

/** Config A: one AdamW training step. */
export interface TrainStepSpec {
  readonly backbone: PerfBackbone;
  readonly batch: number;
  readonly tokens: number;
  /** Timed steps (median reported) after `warmup` untimed ones. */
  readonly steps: number;
  readonly warmup: number;
  /** Gradient workers (1: single thread; 2: data-parallel over two threads). */
  readonly workers: number;
}

/** Config B: one guided pyramid replan (50 DDIM steps, 30 tokens, goal guidance). */
export interface ReplanSpec {
  readonly batch: number;
  /** Monte Carlo Guidance samples R (1 = off). */
  readonly mcg: number;
  readonly tokens: number;
  readonly samplingSteps: number;
  readonly repeats: number;
  readonly warmup: number;
  /** Threads the batch is split over (`ParallelSampler`; 1: the calling thread only). */
  readonly workers: number;
}

/** The measurements of one run. */
export interface PerfPlan {
  readonly train: readonly TrainStepSpec[];
  readonly replan: readonly ReplanSpec[];
  /** Guidance scale of config B (the DF README's 8-12 range). */
  readonly guidanceScale: number;
  readonly rnn: RnnConfig;
  readonly transformer: TransformerConfig;
}

export type PerfConfigId = 'A' | 'B';

/** Options that shape a plan. */
export interface PerfPlanOptions {
  readonly quick?: boolean;
  readonly configs?: readonly PerfConfigId[];
  /** Gradient workers for the RNN training step (1 or 2). @defaultValue 2 */
  readonly trainWorkers?: number;
  /** Threads of the extra batch-32 replan row (none when 1). @defaultValue 2 */
  readonly planWorkers?: number;
  /** Keep only the config-B rows of these batch sizes (e.g. [32]). @defaultValue all */
  readonly replanBatches?: readonly number[];
  /** Override sizes (tests): model configs, batch sizes, tokens, sampling steps. */
  readonly sizes?: Partial<{ rnn: RnnConfig; transformer: TransformerConfig; trainBatch: number; tokens: number; samplingSteps: number; replanBatches: readonly number[] }>;
}

/**
 * The measurements on one backend: config A for the RNN (on one thread, and on `trainWorkers` threads) and the
 * transformer; config B for batch 1 without MCG, batch 1 with R = 4, and batch 32 (on one thread, and on
 * `planWorkers` threads); `replanBatches` keeps only some batch sizes. `quick` times fewer
 * repetitions at the same sizes. The tfjs `cpu` backend is 10-50x slower, so there it times config A once
 * (twice without `quick`) on one thread and config B only at batch 1 without MCG.
 */
export function perfPlan(options: PerfPlanOptions = {}, backend = 'wasm'): PerfPlan {
  const configs = options.configs ?? ['A', 'B'];
  const q = options.quick ?? false;
  const slow = backend === 'cpu';
  const s = options.sizes ?? {};
  const tokens = s.tokens ?? 30;
  const batch = s.trainBatch ?? 64;
  const workers = slow ? 1 : options.trainWorkers ?? 2;
  const step = (backbone: PerfBackbone, w: number): TrainStepSpec => ({ backbone, batch, tokens, steps: slow ? (q ? 1 : 2) : q ? 3 : 10, warmup: slow ? 0 : 1, workers: w });
  const train = configs.includes('A') ? [step('rnn', 1), ...(workers > 1 ? [step('rnn', workers)] : []), step('transformer', 1)] : [];
  const samplingSteps = s.samplingSteps ?? 50;
  const [b1, b32] = s.replanBatches ?? [1, 32];
  const planWorkers = slow ? 1 : options.planWorkers ?? 2;
  const replan = (b: number, mcg: number, w = 1): ReplanSpec => ({ batch: b, mcg, tokens, samplingSteps, repeats: slow || q ? 1 : 3, warmup: slow ? 0 : 1, workers: w });
  const rows = !configs.includes('B') ? [] : slow ? [replan(b1, 1)] : [replan(b1, 1), replan(b1, 4), replan(b32, 1), ...(planWorkers > 1 ? [replan(b32, 1, planWorkers)] : [])];
  return {
    train,
    replan: options.replanBatches ? rows.filter((r) => options.replanBatches!.includes(r.batch)) : rows,
    guidanceScale: 10,
    rnn: s.rnn ?? PERF_RNN,
    transformer: s.transformer ?? PERF_TRANSFORMER,
  };
}
