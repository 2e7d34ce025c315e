import type { DiffusionModelSpec } from '@dfp/core';
import { frameDim, tf, tokenDim } from '@dfp/core';
import { DfpArgumentError, assertInteger } from '@dfp/envs';
import type { Rng } from '@dfp/envs';
import type { PlannedTrajectory } from './api';
import { isStepwise, runForward } from './chain';
import { ddimTimes, stepCoefficients } from './ddim-step';
import type { SamplerKind } from './ddim-step';
import { normalizeObservations, tokensToTrajectories } from './frames';
import { normalTensor } from './noise';
import { checkModel, sample } from './sample';
import type { SampleStats } from './sample';
import { stabilizationLevel } from './stabilization';

/** Options of {@link rollout}. */
export interface RolloutOptions {
  /** Tokens N to generate (may exceed the training window). */
  readonly tokens: number;
  readonly rng: Rng;
  /** @defaultValue min(50, K) */
  readonly samplingSteps?: number;
  /** @defaultValue 'ddim' */
  readonly sampler?: SamplerKind;
  readonly eta?: number;
  /** Level finished tokens are fed back at (DF's stabilization). @defaultValue times[S-1] */
  readonly stabilizationLevel?: number;
  /** Context window in tokens for whole-sequence backbones (their training window); required for them, unused by stepwise ones. */
  readonly window?: number;
}

/** Result of {@link rollout}. */
export interface RolloutResult {
  readonly trajectories: PlannedTrajectory[];
  /** Normalized tokens `[B, N, tokenDim]`. */
  readonly tokens: Float32Array;
  readonly stats: SampleStats;
}

/**
 * Autoregressive rollout past the training horizon (DF §4.1, App. C.4): tokens are generated one at a time,
 * each finished token is fed back to the model at the stabilization level (a small noise label instead of 0).
 * A stepwise backbone (RNN) carries its latent forward without limit, with the finished prefix cached, so each
 * token costs about S backbone steps. A whole-sequence backbone (transformer) sees a sliding window of the last
 * `window` tokens, conditioned on the observation just before the window (the last frame of the token that
 * left it).
 */
export async function rollout(model: DiffusionModelSpec, observations: readonly ArrayLike<number>[], opts: RolloutOptions): Promise<RolloutResult> {
  checkModel('rollout', model);
  const N = assertInteger('rollout: tokens', opts.tokens, 1);
  if (isStepwise(model.backbone)) {
    const r = await sample(model, observations, {
      horizon: N, rng: opts.rng, samplingSteps: opts.samplingSteps, scheduling: 'autoregressive', unstartedTokens: 'hold',
      sampler: opts.sampler, eta: opts.eta, stabilizationLevel: opts.stabilizationLevel,
    });
    return { trajectories: tokensToTrajectories(r.tokens, r.batch, N, model.layout, model.normalizer), tokens: r.tokens, stats: r.stats };
  }
  if (opts.window === undefined) throw new DfpArgumentError('rollout: a whole-sequence backbone (transformer) needs window (its training window in tokens)');
  const W = assertInteger('rollout: window', opts.window, 1);
  return windowedRollout(model, observations, N, W, opts);
}

async function windowedRollout(model: DiffusionModelSpec, observations: readonly ArrayLike<number>[], N: number, W: number, opts: RolloutOptions): Promise<RolloutResult> {
  const started = performance.now();
  const { layout, backbone } = model;
  const S = assertInteger(`rollout: samplingSteps (K = ${model.K})`, opts.samplingSteps ?? Math.min(50, model.K), 1, model.K);
  const times = ddimTimes(model.K, S);
  const kStab = stabilizationLevel(times, opts.stabilizationLevel);
  const B = observations.length;
  const D = tokenDim(layout);
  const lastObs = (layout.frameStack - 1) * frameDim(layout); // offset of the last frame's observation in a token
  const obs = normalizeObservations('rollout', observations, layout, model.normalizer);
  const stats: SampleStats = { rows: 0, backboneCalls: 0, tokenEvaluations: 0, ms: 0 };
  const z0 = tf.tidy(() => backbone.encode(tf.tensor2d(obs, [B, layout.obsDim])));
  const done: tf.Tensor2D[] = [];
  try {
    for (let t = 0; t < N; t++) {
      const s = Math.max(0, t - W + 1);
      const zc = s === 0 ? z0 : tf.tidy(() => backbone.encode(tf.slice(done[s - 1], [0, lastObs], [B, layout.obsDim])));
      let x = tf.tidy(() => normalTensor(opts.rng, [B, D]) as tf.Tensor2D);
      const levels = new Int32Array(t - s + 1).fill(kStab);
      for (let i = 0; i < S; i++) {
        levels[t - s] = times[i];
        const c = stepCoefficients({ alphaBar: model.alphaBar, objective: model.objective, k: times[i], kNext: times[i + 1], sampler: opts.sampler, eta: opts.eta });
        const next = tf.tidy(() => {
          const seq = tf.stack([...done.slice(s, t), x]) as tf.Tensor3D;
          const out = tf.squeeze(tf.slice(runForward(backbone, zc, seq, levels, stats), [t - s, 0, 0], [1, B, D]), [0]);
          let y = tf.add(tf.mul(x, c.nextFromX), tf.mul(out, c.nextFromOut));
          if (c.sigma > 0) y = tf.add(y, tf.mul(normalTensor(opts.rng, [B, D]), c.sigma));
          return y as tf.Tensor2D;
        });
        x.dispose();
        x = next;
        stats.rows++;
      }
      if (zc !== z0) zc.dispose();
      done.push(x);
    }
    const all = tf.tidy(() => tf.transpose(tf.stack(done), [1, 0, 2]));
    const tokens = (await all.data()) as Float32Array;
    all.dispose();
    stats.ms = performance.now() - started;
    return { trajectories: tokensToTrajectories(tokens, B, N, layout, model.normalizer), tokens, stats };
  } finally {
    tf.dispose([z0, ...done]);
  }
}
