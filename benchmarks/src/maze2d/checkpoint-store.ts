import * as path from 'node:path';
import { DfpArgumentError, latestCheckpoint, loadCheckpoint } from '@dfp/core';
import type { DiffusionModel } from '@dfp/core';
import { DEFAULT_CHECKPOINT_NAMES } from './bench-config';
import type { BenchMaze2dConfig } from './bench-config';
import type { ModelKind } from './columns';
import { BenchInterruptedError } from './recording';

/**
 * Where the bench finds its models: `<checkpoints>/<name>/`, the layout written by `dfp train --out` (latest
 * `step-XXXXXXXX.json` + `.safetensors` of the folder). `name` and the training config come from the bench config
 * (`checkpoints.df` / `checkpoints.diffuser`, `{env}` replaced), by default `<env>` and `<env>-diffuser`.
 */

/** One expected checkpoint folder and how to train it. */
export interface CheckpointRef {
  readonly kind: ModelKind;
  readonly env: string;
  readonly dir: string;
  /** Training config of `dfp train --config`. */
  readonly config: string;
  /** The exact command that trains it. */
  readonly trainCommand: string;
}

/** A checkpoint loaded for the bench, with what the results file records about it. */
export interface LoadedCheckpoint {
  readonly model: DiffusionModel;
  readonly info: CheckpointInfo;
}

/** Provenance of a checkpoint, saved in the results. */
export interface CheckpointInfo {
  readonly dir: string;
  readonly file: string;
  readonly step: number;
  readonly backbone: string;
  readonly causal: boolean;
  readonly parameters: number;
  /** Tokens per training window (`data.windowTokens` of the saved config), or null when not recorded. */
  readonly windowTokens: number | null;
}

/** The checkpoint folder of a model kind and env under `root`. */
export function checkpointRef(root: string, kind: ModelKind, env: string, config: BenchMaze2dConfig = {}): CheckpointRef {
  const names = config.checkpoints?.[kind] ?? DEFAULT_CHECKPOINT_NAMES[kind];
  const dir = path.join(root, names.name.replaceAll('{env}', env));
  const cfg = names.config.replaceAll('{env}', env);
  return { kind, env, dir, config: cfg, trainCommand: `dfp train --env ${env} --config ${cfg} --out ${dir}` };
}

/** True when the folder holds at least one checkpoint. */
export function hasCheckpoint(ref: CheckpointRef): boolean {
  return latestCheckpoint(ref.dir) !== null;
}

function windowTokensOf(config: unknown): number | null {
  const w = (config as { data?: { windowTokens?: unknown } } | undefined)?.data?.windowTokens;
  return typeof w === 'number' && Number.isInteger(w) && w > 0 ? w : null;
}

/**
 * Loads the latest checkpoint of `ref` (EMA weights when present) and checks that it fits its columns: DF columns
 * need a causal model, the Diffuser columns a non-causal one.
 * @throws DfpFileError for missing or corrupt files; DfpArgumentError for a model of the wrong kind.
 */
export function loadBenchCheckpoint(ref: CheckpointRef): LoadedCheckpoint {
  const { model, meta, file } = loadCheckpoint(ref.dir);
  const causal = model.backbone.causal;
  if (causal !== (ref.kind === 'df')) {
    model.dispose();
    throw new DfpArgumentError(
      ref.kind === 'df'
        ? `${file}: the DF columns need a causal model, but this ${meta.model.backbone.kind} is non-causal (a Diffuser-style checkpoint?)`
        : `${file}: the Diffuser columns need a non-causal model (transformer with causal: false), but this ${meta.model.backbone.kind} is causal`,
    );
  }
  return {
    model,
    info: { dir: ref.dir, file, step: meta.step, backbone: meta.model.backbone.kind, causal, parameters: model.parameterCount, windowTokens: windowTokensOf(meta.config) },
  };
}

/** Loads each checkpoint once per run (several columns and both goal modes share it) and frees them at the end. */
export class CheckpointCache {
  private readonly loaded = new Map<string, LoadedCheckpoint | Error>();

  constructor(
    readonly root: string,
    private readonly config: BenchMaze2dConfig = {},
  ) {}

  ref(kind: ModelKind, env: string): CheckpointRef {
    return checkpointRef(this.root, kind, env, this.config);
  }

  /** The loaded checkpoint, or the error that loading it gave (kept, so it is reported once per cell, not retried). */
  get(kind: ModelKind, env: string): LoadedCheckpoint | Error {
    const key = `${kind}:${env}`;
    if (!this.loaded.has(key)) {
      try {
        this.loaded.set(key, loadBenchCheckpoint(this.ref(kind, env)));
      } catch (e) {
        this.loaded.set(key, e as Error);
      }
    }
    return this.loaded.get(key)!;
  }

  dispose(): void {
    for (const v of this.loaded.values()) if (!(v instanceof Error)) v.model.dispose();
    this.loaded.clear();
  }
}

/** A training run `--train` asks for: `dfp train --env <env> --config <config> --out <out>`. */
export interface TrainJob {
  readonly env: string;
  readonly kind: ModelKind;
  readonly config: string;
  readonly out: string;
  /** Aborting it stops the training after the current update (a checkpoint is saved). */
  readonly signal?: AbortSignal;
}

/** What a training run reports (the numbers of a TRAINING.md line). */
export interface TrainJobResult {
  readonly step: number;
  readonly loss: number;
  readonly elapsedSec: number;
  /** False when the run was interrupted (its checkpoint holds the updates done so far). */
  readonly completed: boolean;
}

/** Trains one checkpoint (the CLI passes `dfp train`'s runner, which uses core's `train`). */
export type TrainModelFn = (job: TrainJob) => Promise<TrainJobResult>;

/**
 * `--train`: trains every checkpoint in `refs` from scratch with its config. Refuses folders that already hold
 * checkpoints (a new run would mix with them: the latest step wins when loading).
 * @throws DfpArgumentError for a non-empty checkpoint folder.
 */
export async function trainBenchCheckpoints(refs: readonly CheckpointRef[], train: TrainModelFn, log: (line: string) => void, signal?: AbortSignal): Promise<TrainJobResult[]> {
  for (const ref of refs) {
    if (hasCheckpoint(ref)) throw new DfpArgumentError(`bench maze2d --train: ${ref.dir} already holds checkpoints; pass --checkpoints <empty folder> to retrain from scratch`);
  }
  const out: TrainJobResult[] = [];
  for (const ref of refs) {
    log(`training ${ref.kind} model for ${ref.env}: ${ref.trainCommand}`);
    const r = await train({ env: ref.env, kind: ref.kind, config: ref.config, out: ref.dir, signal });
    if (!r.completed) {
      throw new BenchInterruptedError(`bench maze2d --train: interrupted at step ${r.step} of ${ref.dir} (checkpoint saved); finish it with \`${ref.trainCommand} --resume\`, then run the bench without --train`);
    }
    log(`trained ${ref.dir}: step ${r.step}, loss ${r.loss.toPrecision(4)}, ${r.elapsedSec.toFixed(0)} s`);
    out.push(r);
  }
  return out;
}
