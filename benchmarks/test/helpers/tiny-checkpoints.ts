import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiffusionModel, saveCheckpoint } from '@dfp/core';

/**
 * Tiny untrained checkpoints in the `dfp train --out` layout, for bench tests that need models but not trained
 * ones (the end-to-end tests train theirs). Maze2D layout (obs 4, act 2), 2 frames per token, K = 50.
 */

export const TINY_LAYOUT = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 2 };
const NORM = { mean: Float32Array.from([2, 2, 0, 0, 0, 0]), std: Float32Array.from([1, 1, 2, 2, 0.7, 0.7]) };
export const TINY_RNN = { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 };
export const TINY_NON_CAUSAL = { kind: 'transformer', width: 16, layers: 1, heads: 2, ffMult: 2, embDim: 8, causal: false };

/** A tiny model with random weights. */
export function tinyModel(backbone: Record<string, unknown>, seed = 0): DiffusionModel {
  return DiffusionModel.create({ layout: TINY_LAYOUT, backbone, schedule: { kind: 'linear', K: 50 } }, NORM, seed);
}

/** Saves a tiny model as the checkpoint folder `dir` (training window `windowTokens`, recorded like `dfp train` does). */
export function writeTinyCheckpoint(dir: string, backbone: Record<string, unknown>, windowTokens: number | null = 3): void {
  const model = tinyModel(backbone);
  try {
    fs.mkdirSync(dir, { recursive: true });
    saveCheckpoint(dir, model, { step: 1, config: windowTokens === null ? undefined : { data: { windowTokens } } });
  } finally {
    model.dispose();
  }
}

/** A temp folder with `<env>/` (tiny RNN) and, unless `diffuser` is false, `<env>-diffuser/` (tiny non-causal transformer). */
export function tinyCheckpointRoot(envs: readonly string[] = ['maze2d-umaze-v1'], opts: { diffuser?: boolean } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-bench-ck-'));
  for (const env of envs) {
    writeTinyCheckpoint(path.join(root, env), TINY_RNN);
    if (opts.diffuser ?? true) writeTinyCheckpoint(path.join(root, `${env}-diffuser`), TINY_NON_CAUSAL);
  }
  return root;
}

/** Bench config for tests: few sampling steps, MPPI small. */
export const FAST_BENCH_CONFIG = {
  df: { samplingSteps: 3, mcgSamples: 2, openLoopHorizon: 4 },
  diffuser: { samplingSteps: 3 },
  mppi: { horizon: 8, samples: 16 },
  protocol: { figuresPerCell: 1 },
};
