import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@dfp/envs';
import type { WindowBatch } from '../data/windows';
import type { DiffusionModel } from '../diffusion/diffusion-model';
import { lossWeightTable, type LossWeighting } from '../diffusion/loss-weight';
import type { NoiseMode } from '../diffusion/per-token-noise';
import { AdamW } from './adamw';
import { Ema } from './ema';
import { diffusionLoss } from './loss';
import { warmupLearningRate, type LrDecay } from './lr-schedule';
import { makeTrainingBatch, type TrainingBatch } from './training-batch';

/** Gradients keyed by parameter name (the model's stable names). */
export type Gradients = Record<string, tf.Tensor>;

/** Optimisation options of a {@link Trainer}; defaults are the DF planning settings (DF §1.6). */
export interface TrainerOptions {
  /** @defaultValue 2e-4 */
  readonly lr?: number;
  /** Linear warm-up length in updates. @defaultValue 100 */
  readonly warmupSteps?: number;
  /** LR decay after warm-up (a deviation from DF, which keeps the LR constant). @defaultValue null (off, as DF) */
  readonly lrDecay?: LrDecay | null;
  /** AdamW decoupled weight decay. @defaultValue 1e-4 */
  readonly weightDecay?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** Clip the global gradient norm to this value (PyTorch `clip_grad_norm_`). @defaultValue null (off, as DF) */
  readonly gradClip?: number | null;
  /** Keep an EMA of the weights. @defaultValue null (off, as DF) */
  readonly ema?: { readonly decay: number } | null;
  /** @defaultValue 'per-token' (Diffusion Forcing); 'shared' trains full-sequence diffusion */
  readonly noiseMode?: NoiseMode;
  /** @defaultValue constant */
  readonly lossWeighting?: LossWeighting;
}

/** What one update reports. */
export interface StepInfo {
  readonly loss: number;
  readonly lr: number;
  /** Global gradient norm before clipping (computed only when clipping is on). */
  readonly gradNorm: number | null;
}

/**
 * One optimisation step, split in two pure halves so the gradient computation can later run on worker threads:
 * {@link Trainer.computeGradients} reads the weights and returns gradients without changing anything;
 * {@link Trainer.applyGradients} clips, updates with AdamW (warm-up LR) and updates the EMA. For data
 * parallelism: `splitTrainingBatch`, `computeGradients` per part (in workers holding a copy of the weights,
 * `model.getWeights()` / `setWeights`), `gradientsToArrays` / `gradientsFromArrays` to move them,
 * {@link averageGradients}, then `applyGradients`.
 */
export class Trainer {
  readonly optimizer: AdamW;
  readonly ema: Ema | null;
  readonly lr: number;
  readonly warmupSteps: number;
  readonly lrDecay: LrDecay | null;
  readonly gradClip: number | null;
  readonly noiseMode: NoiseMode;
  private readonly weights: Float64Array;
  private readonly params: Map<string, tf.Variable>;

  constructor(readonly model: DiffusionModel, options: TrainerOptions = {}) {
    this.params = model.namedVariables();
    this.lr = options.lr ?? 2e-4;
    this.warmupSteps = options.warmupSteps ?? 100;
    this.lrDecay = options.lrDecay ?? null;
    this.gradClip = options.gradClip ?? null;
    this.noiseMode = options.noiseMode ?? 'per-token';
    this.optimizer = new AdamW(this.params, { beta1: options.beta1, beta2: options.beta2, eps: options.eps, weightDecay: options.weightDecay });
    this.ema = options.ema ? new Ema(this.params, options.ema.decay) : null;
    this.weights = lossWeightTable(options.lossWeighting ?? { kind: 'constant' }, model.objective, model.alphaBar);
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.optimizer.step;
  }

  /** Learning rate of the next update. */
  get learningRate(): number {
    return warmupLearningRate(this.lr, this.warmupSteps, this.optimizer.step, this.lrDecay);
  }

  /** Draws levels and noise for a window batch (see {@link makeTrainingBatch}). */
  makeBatch(windows: WindowBatch, rng: Rng): TrainingBatch {
    return makeTrainingBatch(windows, this.model.schedule, this.model.objective, this.weights, this.noiseMode, rng);
  }

  /** Loss and gradients of `batch` at the current weights; the caller owns (and must dispose) the gradients. */
  computeGradients(batch: TrainingBatch): { loss: number; grads: Gradients } {
    const names = [...this.params.keys()];
    const vars = [...this.params.values()];
    const { value, grads } = tf.variableGrads(() => diffusionLoss(this.model, batch), vars);
    const loss = value.dataSync()[0];
    value.dispose();
    const out: Gradients = {};
    names.forEach((n, i) => (out[n] = grads[vars[i].name]));
    return { loss, grads: out };
  }

  /** Clips (optional), applies AdamW with the warm-up learning rate and updates the EMA. Disposes `grads`. */
  applyGradients(grads: Gradients): { lr: number; gradNorm: number | null } {
    const lr = this.learningRate;
    let gradNorm: number | null = null;
    let applied = grads;
    if (this.gradClip !== null) {
      const clip = this.gradClip;
      const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
      gradNorm = norm.dataSync()[0];
      norm.dispose();
      const scale = Math.min(1, clip / (gradNorm + 1e-6));
      if (scale < 1) applied = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, scale)])));
    }
    this.optimizer.apply(applied, lr);
    this.ema?.update();
    if (applied !== grads) tf.dispose(Object.values(applied));
    tf.dispose(Object.values(grads));
    return { lr, gradNorm };
  }

  /** `computeGradients` then `applyGradients`. */
  trainStep(batch: TrainingBatch): StepInfo {
    const { loss, grads } = this.computeGradients(batch);
    return { loss, ...this.applyGradients(grads) };
  }

  dispose(): void {
    this.optimizer.dispose();
    this.ema?.dispose();
  }
}

/** Mean of gradient sets computed on equal-sized sub-batches (data parallelism); disposes the inputs. */
export function averageGradients(sets: readonly Gradients[]): Gradients {
  const out: Gradients = tf.tidy(() => {
    const avg: Gradients = {};
    for (const name of Object.keys(sets[0])) avg[name] = tf.div(tf.addN(sets.map((s) => s[name])), sets.length);
    return avg;
  });
  for (const s of sets) tf.dispose(Object.values(s));
  return out;
}

/** Gradients as plain arrays, e.g. to post them from a worker thread; disposes the tensors. */
export function gradientsToArrays(grads: Gradients): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [name, g] of Object.entries(grads)) out[name] = { data: g.dataSync() as Float32Array, shape: [...g.shape] };
  tf.dispose(Object.values(grads));
  return out;
}

/** Gradients rebuilt from {@link gradientsToArrays}. */
export function gradientsFromArrays(arrays: Record<string, { data: Float32Array; shape: readonly number[] }>): Gradients {
  const out: Gradients = {};
  for (const [name, a] of Object.entries(arrays)) out[name] = tf.tensor(a.data, [...a.shape]);
  return out;
}
