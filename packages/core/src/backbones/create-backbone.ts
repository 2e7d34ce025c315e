import type { Rng } from '@dfp/envs';
import type { TokenLayout } from '../api';
import { tokenDim } from '../data/token-layout';
import { RnnBackbone, type RnnConfig } from './rnn';
import { TransformerBackbone, type TransformerConfig } from './transformer';

/** A backbone built by core: its variables live in a named {@link ParamStore}. */
export type CoreBackbone = RnnBackbone | TransformerBackbone;

/** Builds the backbone described by `config` for tokens of `layout`, with K noise levels, weights drawn from `rng`. */
export function createBackbone(config: RnnConfig | TransformerConfig, layout: TokenLayout, K: number, rng: Rng): CoreBackbone {
  const D = tokenDim(layout);
  return config.kind === 'rnn'
    ? new RnnBackbone(layout.obsDim, D, K, config, rng)
    : new TransformerBackbone(layout.obsDim, D, K, config, rng);
}
