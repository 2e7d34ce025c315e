import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSafetensors, writeFileAtomic, writeSafetensors, type RngState, type StoredTensor } from '@dfp/envs';
import { Normalizer } from '../data/normalizer';
import { DiffusionModel } from '../diffusion/diffusion-model';
import { DfpArgumentError, DfpFileError } from '../errors';
import type { Trainer } from '../train/trainer';
import { checkpointMetaSchema, type CheckpointMeta, type TrainOptionsResolved } from './config-schema';
import { formatZodError } from './format-zod-error';
import { readJsonFile } from './read-json-file';

/**
 * Checkpoints: `step-XXXXXXXX.safetensors` (weights `model/<name>`, and for training state `adam/m/<name>`,
 * `adam/v/<name>`, `ema/<name>`) plus `step-XXXXXXXX.json` (model config, normalizer, schedule, optimizer and EMA
 * counters, RNG state, training options, resolved config), validated with zod on load. Both files are written
 * atomically, weights first, so a JSON file on disk always has complete weights; the latest checkpoint of a
 * folder is its JSON file with the highest step.
 */

/** What {@link saveCheckpoint} stores besides the model. */
export interface CheckpointState {
  readonly step: number;
  readonly trainer?: Trainer;
  readonly rng?: RngState;
  readonly train?: Partial<TrainOptionsResolved>;
  /** Resolved config file (saved verbatim). */
  readonly config?: unknown;
}

const PATTERN = /^step-(\d{8,})\.json$/;

function stepName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/**
 * The update count in a checkpoint file name (`.../step-XXXXXXXX.json`).
 * @throws DfpArgumentError for a file that is not named like a checkpoint.
 */
export function checkpointStep(file: string): number {
  const m = PATTERN.exec(path.basename(file));
  if (!m) throw new DfpArgumentError(`checkpointStep: '${file}' is not a checkpoint file (step-XXXXXXXX.json)`);
  return Number(m[1]);
}

/** Checkpoint JSON files of `dir`, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => PATTERN.test(f))
    .sort((a, b) => checkpointStep(a) - checkpointStep(b))
    .map((f) => path.join(dir, f));
}

/** The newest checkpoint JSON of `dir`, or null. */
export function latestCheckpoint(dir: string): string | null {
  const all = listCheckpoints(dir);
  return all.length > 0 ? all[all.length - 1] : null;
}

/**
 * Writes a checkpoint of `model` (and of the training state when `state.trainer` is given) into `dir`.
 * @param keep - keep only the newest `keep` checkpoints of `dir`. @defaultValue Infinity
 * @returns the path of the JSON file.
 */
export function saveCheckpoint(dir: string, model: DiffusionModel, state: CheckpointState, keep = Infinity): string {
  const name = stepName(state.step);
  const tensors: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [n, w] of Object.entries(model.getWeights())) tensors[`model/${n}`] = w;
  const trainer = state.trainer;
  if (trainer) {
    for (const [n, w] of Object.entries(trainer.optimizer.getState())) tensors[`adam/${n}`] = w;
    if (trainer.ema) for (const [n, w] of Object.entries(trainer.ema.getWeights())) tensors[`ema/${n}`] = w;
  }
  const meta: CheckpointMeta = {
    format: 'dfp-checkpoint',
    version: 1,
    step: state.step,
    weights: `${name}.safetensors`,
    model: model.config,
    normalizer: model.normalizer.toJSON(),
    optimizer: trainer ? { kind: 'adamw', step: trainer.optimizer.step } : null,
    ema: trainer?.ema ? { decay: trainer.ema.decay, updates: trainer.ema.updates } : null,
    rng: state.rng ? { ...state.rng, words: [...state.rng.words] } : null,
    train: state.train ?? null,
    config: state.config,
    createdAt: new Date().toISOString(),
  };
  writeSafetensors(path.join(dir, meta.weights), tensors, { format: 'dfp-checkpoint', step: String(state.step) });
  const file = path.join(dir, `${name}.json`);
  writeFileAtomic(file, `${JSON.stringify(meta, null, 2)}\n`);
  const all = listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    if (old === file) continue;
    fs.rmSync(old, { force: true });
    fs.rmSync(old.replace(/\.json$/, '.safetensors'), { force: true });
  }
  return file;
}

/** A parsed checkpoint: metadata plus its raw tensors. */
export interface CheckpointFile {
  readonly file: string;
  readonly meta: CheckpointMeta;
  readonly tensors: Record<string, StoredTensor>;
}

/**
 * Reads and validates a checkpoint: `target` is a checkpoint JSON file or a folder (its latest checkpoint).
 * @throws DfpFileError for a missing folder/file, invalid JSON, a config that fails validation, or truncated weights.
 */
export function readCheckpoint(target: string): CheckpointFile {
  let file = target;
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    const latest = latestCheckpoint(target);
    if (!latest) throw new DfpFileError(`${target}: no checkpoint (step-XXXXXXXX.json) in this folder`);
    file = latest;
  }
  const json = readJsonFile(file, 'checkpoint metadata');
  const parsed = checkpointMetaSchema.safeParse(json);
  if (!parsed.success) throw new DfpFileError(`${file}: invalid checkpoint metadata: ${formatZodError(parsed.error)}`);
  const { tensors } = readSafetensors(path.join(path.dirname(file), parsed.data.weights));
  return { file, meta: parsed.data, tensors };
}

/** Tensors under `prefix/`, with the prefix removed. */
function section(ck: CheckpointFile, prefix: string): Record<string, { data: Float32Array; shape: readonly number[] }> {
  const out: Record<string, { data: Float32Array; shape: readonly number[] }> = {};
  for (const [n, t] of Object.entries(ck.tensors)) {
    if (!n.startsWith(`${prefix}/`)) continue;
    if (t.dtype !== 'F32') throw new DfpFileError(`${ck.file}: tensor '${n}' has dtype ${t.dtype}, expected F32`);
    out[n.slice(prefix.length + 1)] = { data: t.data as Float32Array, shape: t.shape };
  }
  return out;
}

/** Runs `f`, turning argument errors about weights into file errors naming the checkpoint. */
function asFileError<T>(ck: CheckpointFile, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DfpArgumentError) throw new DfpFileError(`${ck.file}: ${e.message}`);
    throw e;
  }
}

/**
 * Builds the model stored in a checkpoint.
 * @param options.ema - load the EMA weights when the checkpoint has them. @defaultValue true
 * @throws DfpFileError for missing, truncated, corrupt or wrongly shaped weights.
 */
export function loadCheckpoint(target: string, options: { ema?: boolean } = {}): { model: DiffusionModel; meta: CheckpointMeta; file: string } {
  const ck = readCheckpoint(target);
  const model = asFileError(ck, () => DiffusionModel.create(ck.meta.model, new Normalizer(ck.meta.normalizer.mean, ck.meta.normalizer.std)));
  try {
    const ema = section(ck, 'ema');
    const useEma = (options.ema ?? true) && Object.keys(ema).length > 0;
    asFileError(ck, () => model.setWeights(useEma ? ema : section(ck, 'model'), useEma ? 'EMA weights' : 'weights'));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, meta: ck.meta, file: ck.file };
}

/**
 * Restores weights, optimizer moments and EMA of a training run from a checkpoint into `trainer` (whose model must
 * have the same config).
 * @throws DfpFileError when the checkpoint's model config differs or its state is incomplete.
 */
export function restoreTrainingState(ck: CheckpointFile, trainer: Trainer): void {
  const model = trainer.model;
  if (JSON.stringify(ck.meta.model) !== JSON.stringify(model.config)) {
    throw new DfpFileError(`${ck.file}: checkpoint model config ${JSON.stringify(ck.meta.model)} differs from the model being trained ${JSON.stringify(model.config)}`);
  }
  if (JSON.stringify(ck.meta.normalizer) !== JSON.stringify(model.normalizer.toJSON())) {
    throw new DfpFileError(`${ck.file}: checkpoint normalizer differs from the model's (resume with the model built from the checkpoint, e.g. loadCheckpoint)`);
  }
  if (!ck.meta.optimizer) throw new DfpFileError(`${ck.file}: has no optimizer state (a model-only checkpoint cannot be resumed)`);
  asFileError(ck, () => {
    model.setWeights(section(ck, 'model'), 'weights');
    trainer.optimizer.setState(section(ck, 'adam'), ck.meta.optimizer!.step, 'optimizer state');
    if (trainer.ema) {
      if (!ck.meta.ema) throw new DfpArgumentError('the run uses an EMA but the checkpoint has none');
      trainer.ema.setWeights(section(ck, 'ema'), ck.meta.ema.updates, 'EMA weights');
    }
  });
}
