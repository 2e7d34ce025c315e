import type { Rng } from '@dfp/envs';
import type { Objective } from '../api';
import type { WindowBatch } from '../data/windows';
import type { NoiseSchedule } from '../diffusion/noise-schedule';
import { targetFor } from '../diffusion/parameterization';
import { sampleNoiseLevels, type NoiseMode } from '../diffusion/per-token-noise';
import { DfpArgumentError, describeValue } from '../errors';

/**
 * Everything one gradient computation needs, in plain typed arrays (so a batch can be built on one thread and
 * its gradients computed on another). Shapes are row-major.
 */
export interface TrainingBatch {
  readonly batchSize: number;
  readonly tokens: number;
  readonly tokenDim: number;
  readonly obsDim: number;
  /** `[B, obsDim]` normalized o_0. */
  readonly obs0: Float32Array;
  /** `[B, T, D]` noisy tokens x_k = √ᾱ_k·x0 + √(1-ᾱ_k)·ε. */
  readonly xk: Float32Array;
  /** `[B, T]` integer noise level of each token. */
  readonly k: Int32Array;
  /** `[B, T, D]` regression target of the objective (x0, ε or v). */
  readonly target: Float32Array;
  /** `[B, T, D]` loss weight: padding mask × per-token weight (constant or min-SNR). */
  readonly weight: Float32Array;
}

/**
 * Noises a window batch: draws a level k per token (or per sequence, `noiseMode: 'shared'`), ε ~ N(0, I), and
 * builds x_k, the target and the weights (DF Alg. 1). Draw order (for reproducibility): all levels, then all ε.
 * @param weightTable - loss weight per level (see `lossWeightTable`).
 */
export function makeTrainingBatch(
  windows: WindowBatch,
  schedule: NoiseSchedule,
  objective: Objective,
  weightTable: Float64Array,
  noiseMode: NoiseMode,
  rng: Rng,
): TrainingBatch {
  const { batchSize: B, tokens: T, tokenDim: D } = windows;
  const k = sampleNoiseLevels(rng, B, T, schedule.K, noiseMode);
  const eps = rng.fillNormal(new Float32Array(B * T * D));
  const xk = new Float32Array(B * T * D);
  const target = new Float32Array(B * T * D);
  const weight = new Float32Array(B * T * D);
  for (let bt = 0; bt < B * T; bt++) {
    const ab = schedule.alphaBar[k[bt]];
    const sa = Math.sqrt(ab);
    const s1 = Math.sqrt(1 - ab);
    const w = weightTable[k[bt]];
    for (let i = bt * D; i < (bt + 1) * D; i++) {
      const x0 = windows.x0[i];
      xk[i] = sa * x0 + s1 * eps[i];
      target[i] = objective === 'x0' ? x0 : targetFor(objective, x0, eps[i], ab);
      weight[i] = windows.mask[i] * w;
    }
  }
  return { batchSize: B, tokens: T, tokenDim: D, obsDim: windows.obsDim, obs0: windows.obs0, xk, k, target, weight };
}

/**
 * Splits a batch into `parts` equal sub-batches (views, no copies), e.g. one per worker thread. The mean of their
 * losses and gradients equals those of the whole batch (see `averageGradients`).
 * @throws DfpArgumentError unless `parts` divides the batch size.
 */
export function splitTrainingBatch(batch: TrainingBatch, parts: number): TrainingBatch[] {
  const { batchSize: B, tokens: T, tokenDim: D, obsDim } = batch;
  if (!Number.isInteger(parts) || parts < 1 || B % parts !== 0) {
    throw new DfpArgumentError(`splitTrainingBatch: parts must be a positive integer dividing the batch size ${B}, received ${describeValue(parts)}`);
  }
  const size = B / parts;
  const view = <A extends Float32Array | Int32Array>(a: A, perSample: number, i: number) => a.subarray(i * size * perSample, (i + 1) * size * perSample) as A;
  return Array.from({ length: parts }, (_, i) => ({
    batchSize: size, tokens: T, tokenDim: D, obsDim,
    obs0: view(batch.obs0, obsDim, i),
    xk: view(batch.xk, T * D, i),
    k: view(batch.k, T, i),
    target: view(batch.target, T * D, i),
    weight: view(batch.weight, T * D, i),
  }));
}
