import * as os from 'node:os';
import { DiffusionModel, ParallelGradients, Trainer, type TrainingBatch } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { PERF_LAYOUT, type PerfPlan, type TrainStepSpec } from './perf-config';
import { median, round, timeRuns, type TimedRun } from './timing';

/** Result of one config-A measurement. */
export interface TrainStepResult {
  readonly backbone: string;
  readonly workers: number;
  readonly batch: number;
  readonly tokens: number;
  readonly params: number;
  /** Median wall milliseconds per step (gradients + AdamW update + loss read-back). */
  readonly msPerStep: number;
  /** Median CPU milliseconds per step, all threads of the process. */
  readonly cpuMsPerStep: number;
  readonly tokensPerSec: number;
  readonly runsMs: number[];
  /** 1-minute load average when the measurement ended (the machine may be shared). */
  readonly load1m: number;
}

/** Normalizer of the random Maze2D-shaped data (identity: the step time does not depend on it). */
const NORMALIZER = { mean: new Float32Array(6), std: new Float32Array(6).fill(1) };

/** A random training batch with the shapes of config A (noisy tokens, levels, x0 targets, unit weights). */
export function randomTrainingBatch(rng: Rng, batch: number, tokens: number): TrainingBatch {
  const D = PERF_LAYOUT.frameStack * (PERF_LAYOUT.obsDim + PERF_LAYOUT.actDim);
  const n = batch * tokens * D;
  return {
    batchSize: batch, tokens, tokenDim: D, obsDim: PERF_LAYOUT.obsDim,
    obs0: rng.fillNormal(new Float32Array(batch * PERF_LAYOUT.obsDim)),
    xk: rng.fillNormal(new Float32Array(n)),
    k: Int32Array.from({ length: batch * tokens }, () => rng.int(0, 999)),
    target: rng.fillNormal(new Float32Array(n)),
    weight: new Float32Array(n).fill(1),
  };
}

/** A model, trainer and batches of config A kept between timings (paired rounds time the same warm model). */
export interface TrainStepSession {
  /** Times `steps` training steps after `warmup` untimed ones. */
  time(steps: number, warmup: number): Promise<TimedRun[]>;
  /** The result row of timed runs. */
  result(runs: readonly TimedRun[]): TrainStepResult;
  close(): Promise<void>;
}

/**
 * Config A's training step (AdamW, DF defaults, x0 objective, K = 1000) on random batches of the given shape, on
 * the current tfjs backend. With `workers` > 1 the gradients are computed data-parallel ({@link ParallelGradients});
 * the result equals the single-thread step up to float rounding.
 */
export async function openTrainStep(spec: TrainStepSpec, plan: PerfPlan, seed: number): Promise<TrainStepSession> {
  const backbone = spec.backbone === 'rnn' ? plan.rnn : plan.transformer;
  const model = DiffusionModel.create({ layout: PERF_LAYOUT, backbone, schedule: { kind: 'linear', K: 1000 } }, NORMALIZER, seed);
  const trainer = new Trainer(model);
  const rng = new Rng(seed + 1);
  const batches = [randomTrainingBatch(rng, spec.batch, spec.tokens), randomTrainingBatch(rng, spec.batch, spec.tokens)];
  const parallel = await ParallelGradients.start(model, spec.workers);
  return {
    time: (steps, warmup) =>
      timeRuns(
        async (i) => {
          const { grads } = await parallel.computeGradients(trainer, batches[Math.abs(i) % 2]);
          trainer.applyGradients(grads);
        },
        steps,
        warmup,
      ),
    result: (runs) => {
      const ms = median(runs.map((r) => r.wallMs));
      return {
        backbone: spec.backbone, workers: spec.workers, batch: spec.batch, tokens: spec.tokens, params: model.parameterCount,
        msPerStep: round(ms), cpuMsPerStep: round(median(runs.map((r) => r.cpuMs))), tokensPerSec: round((spec.batch * spec.tokens * 1000) / ms, 0),
        runsMs: runs.map((r) => round(r.wallMs)),
        load1m: round(os.loadavg()[0], 2),
      };
    },
    close: async () => {
      await parallel.close();
      trainer.dispose();
      model.dispose();
    },
  };
}

/** Config A: median time of one training step ({@link openTrainStep}, `spec.warmup` + `spec.steps` steps). */
export async function measureTrainStep(spec: TrainStepSpec, plan: PerfPlan, seed: number): Promise<TrainStepResult> {
  const session = await openTrainStep(spec, plan, seed);
  try {
    return session.result(await session.time(spec.steps, spec.warmup));
  } finally {
    await session.close();
  }
}
