import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  DfpArgumentError, DiffusionModel, Normalizer, checkpointStep, initBackend, latestCheckpoint, loadCheckpoint, loadTrainConfig, modelConfigFromTrainConfig,
  resolveTrainConfig, train, trajectoryDataset, type BackendRequest, type ProgressMode, type TrainConfig,
  type TrainResult, type TrajectoryDataset,
} from '@dfp/core';
import { generateMaze2dDataset, isMaze2dEnvId, loadDataset, writeFileAtomic } from '@dfp/envs';
import { parseIntegerOption } from './dataset';

/** Flags of `dfp train`. */
export interface TrainFlags {
  readonly env: string;
  readonly out: string;
  readonly config?: string;
  readonly data?: string;
  readonly steps?: number;
  readonly seed?: number;
  readonly resume?: boolean;
  readonly backend?: string;
  readonly progress?: string;
  /** Threads computing each batch's gradients (data-parallel); must divide the batch size. */
  readonly workers?: number;
}

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];
const PROGRESS = ['auto', 'bar', 'log', 'none'];

function choice(flag: string, allowed: string[]): (v: string) => string {
  return (v) => {
    if (!allowed.includes(v)) throw new InvalidArgumentError(`${flag} expects one of ${allowed.join(', ')}, received '${v}'`);
    return v;
  };
}

/** The training config: `--config`, else `configs/<env>.json` under the working folder, else the defaults. */
function resolveConfig(flags: TrainFlags, log: (s: string) => void): TrainConfig {
  const overrides = {
    train: {
      ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    },
  };
  const file = flags.config ?? path.join('configs', `${flags.env}.json`);
  if (flags.config || fs.existsSync(file)) {
    log(`config: ${file}`);
    return loadTrainConfig(file, overrides);
  }
  log(`config: built-in defaults (no ${file})`);
  return resolveTrainConfig(overrides);
}

/** The dataset: `--data <file>` (a dfp safetensors dataset), else a Maze2D dataset generated from the config. */
function resolveDataset(flags: TrainFlags, config: TrainConfig, log: (s: string) => void): TrajectoryDataset {
  let ds;
  if (flags.data) {
    ds = loadDataset(flags.data);
    log(`data: ${flags.data} (${ds.size} steps)`);
  } else {
    if (!isMaze2dEnvId(flags.env)) throw new DfpArgumentError(`dfp train: no dataset generator for '${flags.env}'; pass --data <file>`);
    const { datasetSteps: steps, datasetSeed: seed } = config.data;
    log(`data: generating ${steps} steps of ${flags.env} (seed ${seed})`);
    ds = generateMaze2dDataset(flags.env, { steps, seed });
  }
  return trajectoryDataset({
    observations: ds.observations, actions: ds.actions, rewards: ds.rewards, terminals: ds.terminals, timeouts: ds.timeouts,
    obsDim: ds.observations.length / ds.size, actDim: ds.actions.length / ds.size,
  });
}

/**
 * The first stage of a config with `continues`: its config with this run's seed, trained to `continues.steps`.
 * @throws DfpArgumentError when the stages would train different models or on different data.
 */
function firstStage(flags: TrainFlags, config: TrainConfig): { flags: TrainFlags; config: TrainConfig } {
  const c = config.continues!;
  const first = loadTrainConfig(c.config, { train: { steps: c.steps, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) } });
  for (const section of ['model', 'data'] as const) {
    if (JSON.stringify(first[section]) !== JSON.stringify(config[section])) {
      throw new DfpArgumentError(`dfp train: the config continues ${c.config}, whose "${section}" section differs; both stages must train the same model on the same data`);
    }
  }
  return { flags: { ...flags, config: c.config, steps: c.steps }, config: first };
}

/**
 * One run of `config` into `flags.out`; a config that `continues` another first brings the run to the
 * first stage's step count (training it, or resuming it with `--resume`), then resumes under `config`.
 */
async function trainStages(flags: TrainFlags, config: TrainConfig, dataset: TrajectoryDataset, signal: AbortSignal | undefined, log: (s: string) => void): Promise<TrainResult> {
  let resumeFrom = flags.resume ? latestCheckpoint(flags.out) : null;
  if (flags.resume && !resumeFrom) throw new DfpArgumentError(`dfp train --resume: no checkpoint (step-XXXXXXXX.json) in ${flags.out}`);
  if (config.continues && (resumeFrom === null || checkpointStep(resumeFrom) < config.continues.steps)) {
    const first = firstStage(flags, config);
    log(`stage 1: ${first.flags.config} to step ${config.continues.steps}, then ${flags.config ?? 'this config'} (its "continues")`);
    const r = await trainStages(first.flags, first.config, dataset, signal, log);
    if (r.stopped !== 'completed') return r;
    resumeFrom = r.checkpoint;
    log(`stage 2: ${flags.config ?? 'this config'} from ${resumeFrom}`);
  }
  // A resumed run rebuilds the model (config and normalizer) from its checkpoint.
  const fresh = () => {
    const modelConfig = modelConfigFromTrainConfig(config, dataset);
    return DiffusionModel.create(modelConfig, Normalizer.fit(dataset, modelConfig.layout, { actionStd: config.data.actionStd }), config.train.seed);
  };
  const model = resumeFrom ? loadCheckpoint(resumeFrom, { ema: false }).model : fresh();
  const resolved = { env: flags.env, ...config };
  fs.mkdirSync(flags.out, { recursive: true });
  writeFileAtomic(path.join(flags.out, 'config.json'), `${JSON.stringify(resolved, null, 2)}\n`);
  log(`model: ${model.config.backbone.kind}, ${model.parameterCount} parameters; ${resumeFrom ? `resuming ${resumeFrom}` : 'fresh weights'}; out: ${flags.out}`);
  try {
    return await train(model, dataset, {
      ...config.train,
      windowTokens: config.data.windowTokens,
      respectEpisodes: config.data.respectEpisodes,
      outDir: flags.out,
      resume: resumeFrom ?? undefined,
      progress: (flags.progress ?? 'auto') as ProgressMode,
      signal,
      config: resolved,
    });
  } finally {
    model.dispose();
  }
}

/**
 * `dfp train` without the process plumbing: resolves config and data, builds (or resumes) the model and trains
 * (in two stages for a config with `continues`).
 * @param signal - aborting it stops after the current update and saves a checkpoint.
 */
export async function runTrain(flags: TrainFlags, signal?: AbortSignal, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<TrainResult> {
  const backend = await initBackend((flags.backend ?? 'auto') as BackendRequest);
  log(`backend: ${backend}`);
  const config = resolveConfig(flags, log);
  const dataset = resolveDataset(flags, config, log);
  return trainStages(flags, config, dataset, signal, log);
}

/** `dfp train`: trains a Diffusion Forcing model; Ctrl-C saves a checkpoint and exits cleanly. */
export function register(program: Command): void {
  program
    .command('train')
    .description('train a Diffusion Forcing model on an offline dataset (checkpoints, JSON-lines loss log; Ctrl-C saves and exits)')
    .requiredOption('--env <id>', 'environment id, e.g. maze2d-umaze-v1 (selects configs/<id>.json and the dataset generator)')
    .requiredOption('--out <dir>', 'folder for checkpoints, config.json and train-log.jsonl')
    .option('--config <file>', 'training config JSON (may "extends" another); default configs/<env>.json')
    .option('--data <file>', 'dataset file written by `dfp dataset` (default: generate one as the config says)')
    .option('--steps <n>', 'total number of updates (overrides the config)', parseIntegerOption('--steps', 1))
    .option('--seed <n>', 'seed of weights and training stream (overrides the config)', parseIntegerOption('--seed', 0))
    .option('--resume', 'continue from the latest checkpoint in --out')
    .option('--backend <name>', `tfjs backend: ${BACKENDS.join(', ')} (DFP_BACKEND overrides)`, choice('--backend', BACKENDS), 'auto')
    .option('--progress <mode>', `progress output: ${PROGRESS.join(', ')}`, choice('--progress', PROGRESS), 'auto')
    .option(
      '--workers <n>',
      'threads computing each batch\'s gradients (overrides the config\'s train.workers, default 1; data-parallel, same result up to float rounding; must divide the batch size; resume with the same count to continue bit for bit)',
      parseIntegerOption('--workers', 1),
    )
    .action(async (flags: TrainFlags) => {
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130); // second Ctrl-C: leave at once
        process.stderr.write('\ndfp train: interrupted; finishing the current step and saving a checkpoint (Ctrl-C again to quit now)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const r = await runTrain(flags, controller.signal);
        process.stdout.write(`${r.stopped === 'completed' ? 'finished' : 'interrupted'} at step ${r.step}, loss ${r.loss.toPrecision(4)}${r.evalLoss !== null ? ` (eval loss ${r.evalLoss.toPrecision(4)})` : ''}, ${r.stepsPerSec.toFixed(2)} steps/s; checkpoint ${r.checkpoint}\n`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
