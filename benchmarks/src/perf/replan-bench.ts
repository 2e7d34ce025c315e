import * as os from 'node:os';
import { DiffusionModel } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { ParallelSampler, goalDistance } from '@dfp/planner';
import { PERF_LAYOUT, type PerfPlan, type ReplanSpec } from './perf-config';
import { median, round, timeRuns } from './timing';

/** Result of one config-B measurement. */
export interface ReplanResult {
  readonly batch: number;
  /** Threads the batch was split over. */
  readonly workers: number;
  readonly mcg: number;
  readonly tokens: number;
  readonly samplingSteps: number;
  /** Median wall milliseconds per replan (one `sample` call). */
  readonly msPerReplan: number;
  readonly cpuMsPerReplan: number;
  /** Token positions the backbone evaluated in one replan (prefix cache: fewer than (S + H)·H). */
  readonly tokenEvaluations: number;
  /** The reference loop's count, (S + H)·H·R cell calls, for comparison. */
  readonly referenceTokenEvaluations: number;
  readonly runsMs: number[];
  /** 1-minute load average when the measurement ended (the machine may be shared). */
  readonly load1m: number;
}

/** Maze2D-like normalizer (positions around 2, velocities, actions): guidance un-normalizes with it. */
const NORMALIZER = { mean: Float32Array.from([2, 2, 0, 0, 0, 0]), std: Float32Array.from([1, 1, 2, 2, 0.7, 0.7]) };

/**
 * Config B: median time of one guided replan of the Diffusion Forcing planner (`sample`: pyramid, DDIM η = 0,
 * goal-distance guidance with the given scale, MCG with R samples) with config A's RNN (random weights), on the
 * current tfjs backend, the batch split over `spec.workers` threads (`ParallelSampler`, as the planner's
 * `workers` option; started before timing). Observations and goals are fixed; each timed call uses its own
 * seed, one noise stream per env (as the planner).
 */
export async function measureReplan(spec: ReplanSpec, plan: PerfPlan, seed: number): Promise<ReplanResult> {
  const model = DiffusionModel.create({ layout: PERF_LAYOUT, backbone: plan.rnn, schedule: { kind: 'linear', K: 1000 } }, NORMALIZER, seed);
  const sampler = await ParallelSampler.start(model, spec.workers);
  try {
    const obs = Array.from({ length: spec.batch }, (_, b) => [1 + (b % 3), 1 + (b % 2), 0, 0]);
    const goals = obs.map(() => [3, 3]);
    let tokenEvaluations = 0;
    const runs = await timeRuns(
      async (i) => {
        const streams = new Rng(seed + 10 + i);
        const r = await sampler.sample(obs, {
          horizon: spec.tokens, samplingSteps: spec.samplingSteps, rng: obs.map(() => streams.split()),
          guidance: { objective: goalDistance(), scale: plan.guidanceScale, mcgSamples: spec.mcg, goals },
        });
        tokenEvaluations = r.stats.tokenEvaluations;
      },
      spec.repeats,
      spec.warmup,
    );
    return {
      batch: spec.batch, workers: spec.workers, mcg: spec.mcg, tokens: spec.tokens, samplingSteps: spec.samplingSteps,
      msPerReplan: round(median(runs.map((r) => r.wallMs))), cpuMsPerReplan: round(median(runs.map((r) => r.cpuMs))),
      tokenEvaluations, referenceTokenEvaluations: (spec.samplingSteps + spec.tokens) * spec.tokens * spec.mcg,
      runsMs: runs.map((r) => round(r.wallMs)),
      load1m: round(os.loadavg()[0], 2),
    };
  } finally {
    await sampler.close();
    model.dispose();
  }
}
