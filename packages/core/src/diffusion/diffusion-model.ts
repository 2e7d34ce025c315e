import * as tf from '@tensorflow/tfjs';
import { Rng } from '@dfp/envs';
import type { DiffusionModelSpec, FrameNormalizer, Objective, TokenLayout } from '../api';
import { createBackbone, type CoreBackbone } from '../backbones/create-backbone';
import { Normalizer } from '../data/normalizer';
import { checkTokenLayout, tokenDim } from '../data/token-layout';
import { DfpArgumentError } from '../errors';
import { modelConfigSchema, type ModelConfig } from '../io/config-schema';
import { formatZodError } from '../io/format-zod-error';
import { NoiseSchedule } from './noise-schedule';
import { epsFromX0Tensor, predictionToX0 } from './tensor-conversions';

/** Plain named weights, as stored in checkpoints. */
export type NamedWeights = Record<string, { data: Float32Array; shape: number[] }>;

/**
 * A Diffusion Forcing model: token layout, normalizer, noise schedule, objective and backbone
 * (implements {@link DiffusionModelSpec}, the interface the planner consumes).
 */
export class DiffusionModel implements DiffusionModelSpec {
  readonly config: ModelConfig;
  readonly layout: TokenLayout;
  readonly backbone: CoreBackbone;
  readonly objective: Objective;
  readonly schedule: NoiseSchedule;
  readonly normalizer: Normalizer;
  private alphaBarT?: tf.Tensor1D;

  private constructor(config: ModelConfig, normalizer: Normalizer, seed: number) {
    this.config = config;
    this.layout = checkTokenLayout(config.layout, 'DiffusionModel: layout');
    normalizer.checkLayout(this.layout);
    this.normalizer = normalizer;
    this.objective = config.objective;
    this.schedule = new NoiseSchedule(config.schedule.kind, config.schedule.K);
    this.backbone = createBackbone(config.backbone, this.layout, this.schedule.K, new Rng(seed));
  }

  /**
   * Builds a model with freshly initialised weights.
   * @param config - model config (validated with zod; `objective` and `schedule` have defaults: x0, linear, K = 1000).
   * @param normalizer - per-dimension frame normalizer, usually `Normalizer.fit(dataset, layout)`.
   * @param seed - weight-initialisation seed. @defaultValue 0
   * @throws DfpArgumentError naming the invalid config field.
   */
  static create(config: unknown, normalizer: FrameNormalizer, seed = 0): DiffusionModel {
    const parsed = modelConfigSchema.safeParse(config);
    if (!parsed.success) throw new DfpArgumentError(`DiffusionModel.create: invalid model config: ${formatZodError(parsed.error)}`);
    const norm = normalizer instanceof Normalizer ? normalizer : new Normalizer(normalizer.mean, normalizer.std);
    return new DiffusionModel(parsed.data, norm, seed);
  }

  /** Number of diffusion levels K. */
  get K(): number {
    return this.schedule.K;
  }

  /** ᾱ_k for k = 0..K-1. */
  get alphaBar(): Float64Array {
    return this.schedule.alphaBar;
  }

  /** Numbers per token. */
  get tokenDim(): number {
    return tokenDim(this.layout);
  }

  /** Trainable variables under their stable checkpoint names, in a stable order. */
  namedVariables(): Map<string, tf.Variable> {
    const { names, variables } = this.backbone.params;
    return new Map(names.map((n, i) => [n, variables[i]]));
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.backbone.params.size;
  }

  /** Copies of all weights as plain arrays. */
  getWeights(): NamedWeights {
    const out: NamedWeights = {};
    for (const [name, v] of this.namedVariables()) out[name] = { data: v.dataSync() as Float32Array, shape: [...v.shape] };
    return out;
  }

  /**
   * Assigns weights by name. Every variable must be present with its exact shape.
   * @param source - where the weights come from, for error messages.
   * @throws DfpArgumentError naming the missing or mis-shaped weight.
   */
  setWeights(weights: Record<string, { data: ArrayLike<number>; shape: readonly number[] }>, source = 'setWeights'): void {
    const vars = this.namedVariables();
    for (const [name, v] of vars) {
      const w = weights[name];
      if (!w) throw new DfpArgumentError(`${source}: weight '${name}' is missing (the model config expects shape [${v.shape.join(', ')}])`);
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i]) || w.data.length !== v.size) {
        throw new DfpArgumentError(`${source}: weight '${name}' has shape [${w.shape.join(', ')}] but the model config expects [${v.shape.join(', ')}]`);
      }
    }
    tf.tidy(() => {
      for (const [name, v] of vars) v.assign(tf.tensor(Float32Array.from(weights[name].data), v.shape));
    });
  }

  /** ᾱ as a `[K]` tensor (cached; freed by `dispose`). */
  alphaBarTensor(): tf.Tensor1D {
    this.alphaBarT ??= tf.keep(tf.tensor1d(Float32Array.from(this.schedule.alphaBar)));
    return this.alphaBarT;
  }

  /**
   * Network output for a window: `obs0 [B, obsDim]` (normalized), noisy tokens `[B, T, D]`, levels `k [B, T]`
   * (int32) -> `[B, T, D]`, interpreted by `objective`.
   */
  predict(obs0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.backbone.forward(this.backbone.encode(obs0), tokens, k));
  }

  /** The x0 estimate from a network output (`k` gives one level per token, `[B, T]`). */
  outputToX0(output: tf.Tensor3D, xk: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => predictionToX0(this.objective, xk, output, this.levelAlphaBar(k)) as tf.Tensor3D);
  }

  /** ε implied by an x0 estimate at levels `k [B, T]`. */
  x0ToEps(x0: tf.Tensor3D, xk: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => epsFromX0Tensor(xk, x0, this.levelAlphaBar(k)) as tf.Tensor3D);
  }

  /** `[B, T, 1]` ᾱ of each token's level. */
  private levelAlphaBar(k: tf.Tensor2D): tf.Tensor {
    const [B, T] = k.shape;
    return tf.gather(this.alphaBarTensor(), k.flatten().toInt()).reshape([B, T, 1]);
  }

  dispose(): void {
    this.alphaBarT?.dispose();
    this.alphaBarT = undefined;
    this.backbone.dispose();
  }
}
