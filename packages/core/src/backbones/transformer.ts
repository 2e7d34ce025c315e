import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@dfp/envs';
import type { Backbone } from '../api';
import { DfpArgumentError } from '../errors';
import { gelu } from '../ops/activations';
import { attentionMask, createAttention, selfAttention, type AttentionParams } from './attention';
import { createEncoder, encoder, linear, type EncoderParams } from './layers';
import { NoiseLevelEmbedding, sinusoidalTable } from './noise-level-embedding';
import { ParamStore, type LinearParams } from './param-store';

/** Sizes of the {@link TransformerBackbone}. */
export interface TransformerConfig {
  readonly kind: 'transformer';
  /** Model width W (also the latent size z_0). */
  readonly width: number;
  readonly layers: number;
  /** Attention heads; must divide `width`. */
  readonly heads: number;
  /** Feed-forward width = ffMult · W. */
  readonly ffMult: number;
  /** Width of the sinusoid of the noise-level embedding. */
  readonly embDim: number;
  /** Causal mask (token t sees tokens ≤ t); `false` is the non-causal Diffuser-style baseline. */
  readonly causal: boolean;
}

export const DEFAULT_TRANSFORMER_CONFIG: TransformerConfig = { kind: 'transformer', width: 128, layers: 4, heads: 4, ffMult: 4, embDim: 64, causal: true };

interface LayerNormParams {
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
}

interface BlockParams {
  readonly ln1: LayerNormParams;
  readonly attn: AttentionParams;
  readonly ln2: LayerNormParams;
  readonly ff1: LinearParams;
  readonly ff2: LinearParams;
}

function createLayerNorm(store: ParamStore, name: string, width: number): LayerNormParams {
  return { gamma: store.constant(`${name}/gamma`, [width], 1), beta: store.constant(`${name}/beta`, [width], 0) };
}

/** LayerNorm over the last axis of `[n, W]` (ε = 1e-5, as PyTorch). */
function layerNorm(p: LayerNormParams, x: tf.Tensor2D): tf.Tensor2D {
  const mean = tf.mean(x, 1, true);
  const xc = tf.sub(x, mean);
  const variance = tf.mean(tf.square(xc), 1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, 1e-5))), p.gamma), p.beta);
}

/**
 * Pre-LN transformer over tokens (DF v1.5 uses a transformer backbone; Diffuser's baseline is non-causal):
 * ```
 * h_t = Linear(x_t^{k_t}) + MLP(sinusoid(k_t)) + pos_t + z_0        z_0 = encoder(o_0), added to every token
 * h   = h + Attention(LN(h)) ;  h = h + FF(LN(h))                    × layers (GELU feed-forward)
 * out_t = Linear(LN(h_t))
 * ```
 * Each token carries its own noise-level embedding, so per-token noise levels train in one parallel pass; with
 * `causal: true` output t depends on tokens ≤ t only.
 */
export class TransformerBackbone implements Backbone {
  readonly kind = 'transformer' as const;
  readonly causal: boolean;
  readonly zDim: number;
  readonly params: ParamStore;
  private readonly enc: EncoderParams;
  private readonly kEmb: NoiseLevelEmbedding;
  private readonly inProj: LinearParams;
  private readonly blocks: BlockParams[] = [];
  private readonly lnOut: LayerNormParams;
  private readonly outProj: LinearParams;
  private readonly masks = new Map<number, tf.Tensor2D>();
  private readonly positions = new Map<number, tf.Tensor2D>();

  constructor(readonly obsDim: number, readonly tokenDim: number, K: number, readonly config: TransformerConfig, rng: Rng) {
    const { width: W, layers, heads, ffMult, embDim } = config;
    if (W % heads !== 0) throw new DfpArgumentError(`TransformerBackbone: width ${W} is not divisible by heads ${heads}`);
    this.causal = config.causal;
    this.zDim = W;
    const p = (this.params = new ParamStore(rng));
    this.enc = createEncoder(p, 'encoder', obsDim, W);
    this.kEmb = new NoiseLevelEmbedding(p, 'noise_emb', K, embDim, W);
    this.inProj = p.linear('in', tokenDim, W);
    for (let i = 0; i < layers; i++) {
      this.blocks.push({
        ln1: createLayerNorm(p, `block/${i}/ln1`, W),
        attn: createAttention(p, `block/${i}/attn`, W, heads),
        ln2: createLayerNorm(p, `block/${i}/ln2`, W),
        ff1: p.linear(`block/${i}/ff1`, W, ffMult * W),
        ff2: p.linear(`block/${i}/ff2`, ffMult * W, W),
      });
    }
    this.lnOut = createLayerNorm(p, 'ln_out', W);
    this.outProj = p.linear('out', W, tokenDim);
  }

  get variables(): tf.Variable[] {
    return this.params.variables;
  }

  encode(obs0: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => encoder(this.enc, obs0));
  }

  /** Cached constants per sequence length (kept outside any tidy). */
  private constants(T: number): { mask: tf.Tensor2D; pos: tf.Tensor2D } {
    if (!this.masks.has(T)) {
      this.masks.set(T, tf.keep(tf.tensor2d(attentionMask(T, this.causal), [T, T])));
      this.positions.set(T, tf.keep(tf.tensor2d(sinusoidalTable(T, this.zDim), [T, this.zDim])));
    }
    return { mask: this.masks.get(T)!, pos: this.positions.get(T)! };
  }

  forward(z0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    const [B, T, D] = tokens.shape;
    const { mask, pos } = this.constants(T);
    return tf.tidy(() => {
      const W = this.zDim;
      const x = tokens.reshape([B * T, D]) as tf.Tensor2D;
      const e = this.kEmb.apply(k.reshape([B * T]) as tf.Tensor1D);
      let h = tf.add(linear(this.inProj, x), e).reshape([B, T, W]);
      h = tf.add(tf.add(h, pos), z0.reshape([B, 1, W]));
      let hf = h.reshape([B * T, W]) as tf.Tensor2D;
      for (const blk of this.blocks) {
        hf = tf.add(hf, selfAttention(blk.attn, layerNorm(blk.ln1, hf), B, T, mask));
        hf = tf.add(hf, linear(blk.ff2, gelu(linear(blk.ff1, layerNorm(blk.ln2, hf)))));
      }
      return linear(this.outProj, layerNorm(this.lnOut, hf)).reshape([B, T, D]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    for (const t of [...this.masks.values(), ...this.positions.values()]) t.dispose();
    this.masks.clear();
    this.positions.clear();
    this.kEmb.dispose();
    this.params.dispose();
  }
}
