import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@dfp/envs';
import type { StepwiseBackbone, StepwisePlanSession } from '../api';
import { createGru, gruCell, type GruParams } from './gru-cell';
import { createEncoder, createResMlp, encoder, linear, resMlp, type EncoderParams, type ResMlpParams } from './layers';
import { NoiseLevelEmbedding } from './noise-level-embedding';
import { ParamStore, type LinearParams } from './param-store';
import { rnnPackSupported, type RnnParts } from './rnn-pack';
import { RnnPlanSession } from './rnn-plan-session';
import { StepPlanSession } from './step-plan-session';
import { rnnSequence } from './rnn-sequence';
import { splitRows } from './split-rows';

/** Sizes of the {@link RnnBackbone}. */
export interface RnnConfig {
  readonly kind: 'rnn';
  /** Width H of the residual MLPs (DF: 32·network_size, 512 or 1024). */
  readonly hidden: number;
  /** Latent size, also the GRU width (DF: 128). */
  readonly zDim: number;
  /** Width of the noise-level embedding (DF: network_size). */
  readonly embDim: number;
  /** Residual blocks per MLP (DF: 3, i.e. in→H then H→H twice). */
  readonly resBlocks: number;
}

/** Defaults of config A: hidden 256, z 128, emb 64, 3 blocks (the paper uses hidden 512-1024). */
export const DEFAULT_RNN_CONFIG: RnnConfig = { kind: 'rnn', hidden: 256, zDim: 128, embDim: 64, resBlocks: 3 };

/**
 * The Diffusion Forcing RNN of the paper's maze planner (DF §1.5, `models/diffusion_transition.py`):
 * ```
 * e_t   = MLP(sinusoid(k_t))                                   noise-level embedding
 * g_t   = ResMLP_before([z_{t-1}, x_t^{k_t}, e_t])              ResBlock(in→H), ResBlock(H→H)×(n-1), Linear(H→zDim)
 * h_t   = GRUCell(g_t, z_{t-1})
 * z_t   = ResMLP_after(h_t)                                     ResBlock(zDim→H), ResBlock(H→H)×(n-1), Linear(H→zDim)
 * out_t = Linear(z_t)                                           x0 (or ε, v) prediction of token t
 * ```
 * with z_0 = encoder(o_0). Output t depends on tokens ≤ t only. The noise-level embeddings of all tokens and the
 * observation head run as one batch outside the sequential loop. `forward` runs the recurrence with a hand-written
 * backward pass ({@link rnnSequence}); {@link RnnBackbone.forwardReference} is the same model with tfjs autodiff.
 */
export class RnnBackbone implements StepwiseBackbone {
  readonly kind = 'rnn' as const;
  readonly causal = true;
  readonly zDim: number;
  readonly params: ParamStore;
  private readonly enc: EncoderParams;
  private readonly kEmb: NoiseLevelEmbedding;
  private readonly before: ResMlpParams;
  private readonly gru: GruParams;
  private readonly after: ResMlpParams;
  private readonly head: LinearParams;
  /** Parameter groups of the hand-written pass, or null when it does not support this config. */
  private readonly parts: RnnParts | null;

  constructor(readonly obsDim: number, readonly tokenDim: number, K: number, readonly config: RnnConfig, rng: Rng) {
    const { hidden: H, zDim, embDim: E, resBlocks } = config;
    this.zDim = zDim;
    const p = (this.params = new ParamStore(rng));
    this.enc = createEncoder(p, 'encoder', obsDim, zDim);
    this.kEmb = new NoiseLevelEmbedding(p, 'noise_emb', K, E, E);
    this.before = createResMlp(p, 'before', zDim + tokenDim + E, H, zDim, resBlocks);
    this.gru = createGru(p, 'gru', zDim, zDim);
    this.after = createResMlp(p, 'after', zDim, H, zDim, resBlocks);
    this.head = p.linear('head', zDim, tokenDim);
    const parts: RnnParts = { before: this.before, gru: this.gru, after: this.after, head: this.head, zDim, tokenDim, embDim: E, hidden: H };
    this.parts = rnnPackSupported(parts) ? parts : null;
  }

  get variables(): tf.Variable[] {
    return this.params.variables;
  }

  encode(obs0: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => encoder(this.enc, obs0));
  }

  /** The token/embedding input `[x, e]` of the first block for `n` tokens: `[n, D]`, `k [n]` -> `[n, D + E]`. */
  private cellInput(x: tf.Tensor2D, k: tf.Tensor1D): tf.Tensor2D {
    return tf.concat([x, this.kEmb.apply(k)], 1);
  }

  /** The recurrent part: `z_{t-1}` and the token input `[x_t, e_t]` -> z_t. */
  private cell(zPrev: tf.Tensor2D, input: tf.Tensor2D): tf.Tensor2D {
    const g = resMlp(this.before, tf.concat([zPrev, input], 1));
    return resMlp(this.after, gruCell(this.gru, g, zPrev));
  }

  step(zPrev: tf.Tensor2D, x: tf.Tensor2D, k: tf.Tensor1D): { out: tf.Tensor2D; z: tf.Tensor2D } {
    return tf.tidy(() => {
      const z = this.cell(zPrev, this.cellInput(x, k));
      return { out: linear(this.head, z), z };
    });
  }

  forward(z0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    if (!this.parts) return this.forwardReference(z0, tokens, k);
    const parts = this.parts;
    return tf.tidy(() => {
      const [B, T, D] = tokens.shape;
      const xs = tokens.transpose([1, 0, 2]).reshape([T * B, D]) as tf.Tensor2D; // time-major rows
      const value = rnnSequence(parts, z0, this.cellInput(xs, k.transpose().reshape([T * B]) as tf.Tensor1D), T);
      return tf.slice(value, [0, 0], [T * B, D]).reshape([T, B, D]).transpose([1, 0, 2]) as tf.Tensor3D;
    });
  }

  /** {@link RnnBackbone.forward} layer by layer with tfjs autodiff (the reference the fast pass is tested against). */
  forwardReference(z0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [B, T, D] = tokens.shape;
      // Time-major rows ([T·B, ·]) so that token t of every sequence is one contiguous block of rows; the
      // noise-level embedding runs for all tokens at once.
      const xs = tokens.transpose([1, 0, 2]).reshape([T * B, D]) as tf.Tensor2D;
      const inputs = splitRows(this.cellInput(xs, k.transpose().reshape([T * B]) as tf.Tensor1D), T);
      const zs: tf.Tensor2D[] = [];
      let z = z0;
      for (let t = 0; t < T; t++) {
        z = this.cell(z, inputs[t]);
        zs.push(z);
      }
      const out = linear(this.head, tf.concat(zs, 0)); // [T·B, zDim] -> [T·B, D], time-major
      return out.reshape([T, B, D]).transpose([1, 0, 2]) as tf.Tensor3D;
    });
  }

  /**
   * A planning session (frozen weights, input gradients only, per-level embedding precomputed) for the given noise
   * levels; configs the hand-written pass does not support get a session that calls {@link RnnBackbone.step}.
   */
  planSession(levels: readonly number[]): StepwisePlanSession {
    return this.parts ? new RnnPlanSession(this.parts, this.kEmb, levels) : new StepPlanSession(this);
  }

  dispose(): void {
    this.kEmb.dispose();
    this.params.dispose();
  }
}
