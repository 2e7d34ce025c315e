import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiffusionModel, saveCheckpoint } from '@dfp/core';

/**
 * Tiny untrained hopper checkpoints in the `dfp train --out` layout for the locomotion bench tests (the end-to-end
 * test trains its own): a causal RNN on frames [o_{t+1} (11), a_t (3), r_t (1)], 2 frames per token, K = 50.
 */
export const HOPPER_REWARD_LAYOUT = { obsDim: 11, actDim: 3, rewardDim: 1 as const, frameStack: 2 };
export const TINY_RNN = { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 };

/** Saves a tiny model as checkpoint folder `dir` (training window `windowTokens` recorded as `dfp train` does). */
export function writeTinyRewardCheckpoint(dir: string, opts: { layout?: Partial<typeof HOPPER_REWARD_LAYOUT> | Record<string, number>; backbone?: Record<string, unknown>; windowTokens?: number | null } = {}): void {
  const layout = { ...HOPPER_REWARD_LAYOUT, ...(opts.layout ?? {}) };
  const dim = layout.obsDim + layout.actDim + layout.rewardDim;
  const model = DiffusionModel.create({ layout, backbone: opts.backbone ?? TINY_RNN, schedule: { kind: 'linear', K: 50 } }, { mean: new Float32Array(dim), std: new Float32Array(dim).fill(1) }, 0);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const windowTokens = opts.windowTokens === undefined ? 3 : opts.windowTokens;
    saveCheckpoint(dir, model, { step: 1, config: windowTokens === null ? undefined : { data: { windowTokens } } });
  } finally {
    model.dispose();
  }
}

/** A tiny training config of a reward-token hopper model (seconds to train) with a dataset of `rows` rows. */
export function tinyTrainConfig(rows = 200, extra: { model?: Record<string, unknown>; data?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    model: { frameStack: 2, rewardDim: 1, schedule: { K: 50 }, rnn: { hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 }, ...(extra.model ?? {}) },
    data: { windowTokens: 3, respectEpisodes: true, datasetSteps: rows, datasetSeed: 1, ...(extra.data ?? {}) },
    train: { steps: 2, batchSize: 4, warmupSteps: 1, checkpointEvery: 0, logEvery: 2 },
  };
}

/** Writes `configs/hopper-<dataset>.json` (a tiny training config) under `root` and returns the config template path. */
export function writeTinyTrainConfig(root: string, dataset: string, config: Record<string, unknown> = tinyTrainConfig()): string {
  fs.mkdirSync(path.join(root, 'configs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'configs', `hopper-${dataset}.json`), JSON.stringify(config));
  return path.join(root, 'configs', '{task}-{dataset}.json');
}
