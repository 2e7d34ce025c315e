import { Rng } from '@dfp/envs';
import { DiffusionModel, Normalizer, trajectoryDataset, type TokenLayout, type TrajectoryDataset } from '@dfp/core';

/** Layout of the tiny test models: 2-D observation, 1-D action, 2 frames per token (tokenDim 6). */
export const TINY_LAYOUT: TokenLayout = { obsDim: 2, actDim: 1, rewardDim: 0, frameStack: 2 };

export const TINY_RNN = { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 } as const;
export const TINY_TRANSFORMER = { kind: 'transformer', width: 16, layers: 2, heads: 2, ffMult: 2, embDim: 8, causal: true } as const;

/**
 * A smooth synthetic trajectory: o_i = (sin(0.1 i), cos(0.07 i)), a_i = sin(0.05 i) + small noise.
 * @param n - number of steps.
 */
export function tinyDataset(n: number, seed = 1, rewards = false): TrajectoryDataset {
  const rng = new Rng(seed);
  const obs = new Float32Array(n * 2);
  const act = new Float32Array(n);
  const rew = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    obs[2 * i] = Math.sin(0.1 * i);
    obs[2 * i + 1] = Math.cos(0.07 * i);
    act[i] = Math.sin(0.05 * i) + 0.05 * rng.normal();
    rew[i] = obs[2 * i] > 0.5 ? 1 : 0;
  }
  return trajectoryDataset({ observations: obs, actions: act, obsDim: 2, actDim: 1, ...(rewards ? { rewards: rew } : {}) });
}

/** A tiny model fitted to `dataset`. */
export function tinyModel(
  backbone: typeof TINY_RNN | typeof TINY_TRANSFORMER | Record<string, unknown> = TINY_RNN,
  dataset: TrajectoryDataset = tinyDataset(64),
  seed = 0,
  extra: Record<string, unknown> = {},
): DiffusionModel {
  return DiffusionModel.create({ layout: TINY_LAYOUT, backbone, schedule: { kind: 'linear', K: 100 }, ...extra }, Normalizer.fit(dataset, TINY_LAYOUT), seed);
}

/** Max |a - b| over two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
