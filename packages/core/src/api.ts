import type * as tfTypes from '@tensorflow/tfjs';

/**
 * Shared types of @dfp/core. Shapes are written `[batch, tokens, tokenDim]`.
 *
 * Token layout (DF paper §3.4, App. B.6): a *frame* is `[o_{t+1} (obsDim), a_t (actDim), r_t (rewardDim)]`,
 * next observation first, then the action, then the reward when modelled. `frameStack` consecutive frames
 * are flattened into one token, and all frames of a token share one noise level k. The observation o_0 that
 * starts a window is not a token: it conditions the initial latent through the encoder.
 */
export interface TokenLayout {
  readonly obsDim: number;
  readonly actDim: number;
  /** 0 (maze) or 1 (locomotion: reward modelled jointly). */
  readonly rewardDim: 0 | 1;
  readonly frameStack: number;
}

/** Prediction target of the network (DF App. B.3: x0 for planning). */
export type Objective = 'x0' | 'eps' | 'v';

/** Beta schedule kinds (DF App. B.4: linear for maze planning). */
export type BetaScheduleKind = 'linear' | 'cosine' | 'sigmoid';

export type BackboneKind = 'rnn' | 'transformer';

/**
 * What a backbone computes. Backbones never see alphas: they map noisy tokens and their integer noise
 * levels k to the raw network output (interpreted by the objective) and, for causal models, a latent.
 */
export interface Backbone {
  readonly kind: BackboneKind;
  /** True when token t only sees tokens <= t (the transformer with `causal: false` is the Diffuser baseline). */
  readonly causal: boolean;
  readonly tokenDim: number;
  readonly obsDim: number;
  /** Size of the latent z carried between tokens (RNN) or of the context embedding (transformer). */
  readonly zDim: number;
  /** Initial latent z_0 from the normalized first observation `[B, obsDim]` -> `[B, zDim]`. */
  encode(obs0: tfTypes.Tensor2D): tfTypes.Tensor2D;
  /**
   * Whole-sequence pass: `tokens [B, T, D]`, integer levels `k [B, T]` -> network output `[B, T, D]`.
   * Used by training; causal backbones make output t depend on tokens <= t only.
   */
  forward(z0: tfTypes.Tensor2D, tokens: tfTypes.Tensor3D, k: tfTypes.Tensor2D): tfTypes.Tensor3D;
  /**
   * All trainable variables, in a stable order. Their tfjs names carry a per-instance prefix (tfjs needs unique
   * names); the stable checkpoint names are the keys of `DiffusionModel.namedVariables()` (e.g. `gru/input_r/w`).
   */
  readonly variables: readonly tfTypes.Variable[];
  dispose(): void;
}

/**
 * A causal backbone that can advance one token at a time (the RNN): the planner caches the latent of a
 * prefix that can no longer change instead of recomputing the chain every pyramid row.
 */
export interface StepwiseBackbone extends Backbone {
  /** One causal step: `zPrev [B, zDim]`, noisy token `x [B, D]`, levels `k [B]` -> output `[B, D]`, new latent. */
  step(zPrev: tfTypes.Tensor2D, x: tfTypes.Tensor2D, k: tfTypes.Tensor1D): { out: tfTypes.Tensor2D; z: tfTypes.Tensor2D };
  /**
   * Optional fast path for sampling with frozen weights (one session per sampling call, disposed by the caller).
   * @param levels - every noise level the session will be asked for (per-level work is done once, up front).
   */
  planSession?(levels: readonly number[]): StepwisePlanSession;
}

/**
 * Backbone evaluation during planning: the weights are constants, so gradients (for guidance) flow only into the
 * latent and the tokens, and per-plan work (weight transposes, the noise-level embedding of each level) is done
 * once. Results equal those of {@link StepwiseBackbone.step} up to float rounding.
 */
export interface StepwisePlanSession {
  /**
   * The causal chain over tokens `xs [T, B, D]` (token-major) from latent `z [B, zDim]`, token t fed at
   * `levels[t]`: network outputs `[T, B, D]` and the latent after each token `[T, B, zDim]`.
   */
  chain(z: tfTypes.Tensor2D, xs: tfTypes.Tensor3D, levels: ArrayLike<number>): { out: tfTypes.Tensor3D; z: tfTypes.Tensor3D };
  /**
   * One step for N independent rows: `zPrev [N, zDim]`, `x [N, D]` -> output `[N, D]`. `levels` (L entries, L
   * dividing N) gives the level of each block of N/L consecutive rows: one per row, or one per token of a
   * token-major batch.
   */
  cell(zPrev: tfTypes.Tensor2D, x: tfTypes.Tensor2D, levels: ArrayLike<number>): tfTypes.Tensor2D;
  dispose(): void;
}

/** Per-dimension affine normalizer of one frame: `(v - mean) / std`, fitted on a dataset, saved with the model. */
export interface FrameNormalizer {
  /** Length = frameDim = obsDim + actDim + rewardDim, in frame order. */
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

/** The pieces of a trained model the planner needs; implemented by core's `DiffusionModel`. */
export interface DiffusionModelSpec {
  readonly layout: TokenLayout;
  readonly backbone: Backbone;
  readonly objective: Objective;
  /** Number of diffusion levels K; levels are integers k in [0, K-1]. */
  readonly K: number;
  /** ᾱ_k for k = 0..K-1 (strictly decreasing in (0, 1)). */
  readonly alphaBar: Float64Array;
  readonly normalizer: FrameNormalizer;
}
