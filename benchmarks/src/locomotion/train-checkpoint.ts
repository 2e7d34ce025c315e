import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiffusionModel, Normalizer, formatDuration, modelConfigFromTrainConfig, train, trajectoryDataset } from '@dfp/core';
import type { ProgressMode } from '@dfp/core';
import { writeFileAtomic } from '@dfp/envs';
import { machineInfo } from '../common/machine-info';
import type { CheckpointRef, TrainJobResult } from '../maze2d/checkpoint-store';
import { loadOrGenerateDataset } from './dataset-store';
import type { LocomotionDatasetRef } from './dataset-store';
import { loadLocomotionTrainConfig } from './locomotion-checkpoints';
import { trainingTrajectories } from './training-trajectories';

/** Options of {@link trainLocomotionCheckpoint}. */
export interface TrainLocomotionOptions {
  /** The checkpoint to write (folder `ref.dir`, config `ref.config`). */
  readonly ref: CheckpointRef;
  /** Its training dataset (generated and saved first when missing). */
  readonly dataset: LocomotionDatasetRef;
  /** tfjs backend in use (for the TRAINING.md line). */
  readonly backend: string;
  /** @defaultValue 'auto' */
  readonly progress?: ProgressMode;
  /** Aborting stops after the current update and saves a checkpoint (core's `train`). */
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Continue from the latest checkpoint in `ref.dir` (an interrupted run) instead of starting from scratch. */
  readonly resume?: boolean;
}

/** `git rev-parse --short HEAD`, `-dirty` with uncommitted changes; 'unknown' outside a git checkout. */
function commitId(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** Appends one row to `<dir>/TRAINING.md` (the format of `checkpoints/README.md`), creating the file with its header. */
function appendTrainingRecord(dir: string, row: readonly string[]): void {
  const file = path.join(dir, 'TRAINING.md');
  const head = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').trimEnd()
    : [`# Training record of ${dir}`, '', 'One line per training run (format: checkpoints/README.md).', '', '| date (UTC) | command | seed | steps | wall time | final loss | machine | backend | commit |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'].join('\n');
  writeFileAtomic(file, `${head}\n| ${row.join(' | ')} |\n`);
}

/**
 * Trains a reward-token checkpoint for the locomotion benchmark, as `dfp train` would but on a locomotion dataset
 * (which `dfp train --data` does not read): loads (or generates) the dataset, fits the normalizer on its
 * transitions, builds the model of the training config (`model.rewardDim` 1) and trains it with core's `train` on
 * {@link trainingTrajectories} (every transition a frame, windows inside episodes), writing `config.json`,
 * `train-log.jsonl` and checkpoints into `ref.dir`, then a line of `TRAINING.md`.
 * @throws DfpArgumentError for an invalid training config; DfpFileError for a corrupt dataset.
 */
export async function trainLocomotionCheckpoint(opts: TrainLocomotionOptions): Promise<TrainJobResult> {
  const { ref } = opts;
  const log = opts.log ?? (() => {});
  const config = loadLocomotionTrainConfig(ref.config);
  const ds = await loadOrGenerateDataset(opts.dataset, { log, signal: opts.signal });
  const dims = { obsDim: ds.obsDim, actDim: ds.actDim };
  const modelConfig = modelConfigFromTrainConfig(config, dims);
  const transitions = trajectoryDataset({ observations: ds.observations, actions: ds.actions, rewards: ds.rewards, ...dims });
  const model = DiffusionModel.create(modelConfig, Normalizer.fit(transitions, modelConfig.layout, { actionStd: config.data.actionStd }), config.train.seed);
  const resolved = { env: ref.env, dataset: { file: opts.dataset.file, policy: opts.dataset.policy, rows: opts.dataset.rows, seed: opts.dataset.seed }, ...config };
  fs.mkdirSync(ref.dir, { recursive: true });
  writeFileAtomic(path.join(ref.dir, 'config.json'), `${JSON.stringify(resolved, null, 2)}\n`);
  log(`model: ${model.config.backbone.kind}, ${model.parameterCount} parameters, ${config.train.steps} updates; out: ${ref.dir}`);
  try {
    const r = await train(model, trainingTrajectories(ds), {
      ...config.train,
      windowTokens: config.data.windowTokens,
      respectEpisodes: true,
      outDir: ref.dir,
      progress: opts.progress ?? 'auto',
      signal: opts.signal,
      config: resolved,
      resume: opts.resume === true,
    });
    if (r.stopped === 'completed') {
      const m = machineInfo(opts.backend);
      appendTrainingRecord(ref.dir, [
        new Date().toISOString().replace(/\.\d+Z$/, 'Z'), `\`${ref.trainCommand}\`${opts.resume ? ', continued with `--resume`' : ''}`, String(config.train.seed), String(r.step),
        formatDuration(r.elapsedSec), r.loss.toPrecision(4), `${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}`, opts.backend, commitId(),
      ]);
    }
    return { step: r.step, loss: r.loss, elapsedSec: r.elapsedSec, completed: r.stopped === 'completed' };
  } finally {
    model.dispose();
  }
}
