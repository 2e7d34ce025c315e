import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@dfp/envs';
import type { TrajectoryDataset } from '../data/trajectory-dataset';
import { WindowSampler } from '../data/windows';
import type { DiffusionModel } from '../diffusion/diffusion-model';
import { DfpArgumentError } from '../errors';
import { latestCheckpoint, readCheckpoint, restoreTrainingState, saveCheckpoint } from '../io/checkpoint';
import { trainOptionsSchema, type TrainOptionsResolved } from '../io/config-schema';
import { formatZodError } from '../io/format-zod-error';
import { diffusionLoss } from './loss';
import { ParallelGradients } from './parallel-gradients';
import { ProgressReporter, type ProgressMode } from './progress';
import { Trainer, type StepInfo, type TrainerOptions } from './trainer';
import type { TrainingBatch } from './training-batch';

/** Options of {@link train}. Numbers default to the DF planning settings where they exist (DF §1.6). */
export interface TrainOptions extends TrainerOptions {
  /** Total number of updates (a resumed run continues up to this count). */
  readonly steps: number;
  /** @defaultValue 64 */
  readonly batchSize?: number;
  /** Seed of the training stream (windows, noise levels, noise). @defaultValue 0 */
  readonly seed?: number;
  /** Tokens per training window. @defaultValue 30 */
  readonly windowTokens?: number;
  /** Keep windows inside episodes (see `WindowSampler`). @defaultValue false */
  readonly respectEpisodes?: boolean;
  /** Folder for checkpoints and `train-log.jsonl`; nothing is written without it. */
  readonly outDir?: string;
  /** Checkpoint every this many updates (0: only at the end or on interruption). @defaultValue 1000 */
  readonly checkpointEvery?: number;
  /** Checkpoints kept in `outDir`. @defaultValue 3 */
  readonly keepCheckpoints?: number;
  /** Continue from the latest checkpoint of `outDir` (`true`) or from a given checkpoint file or folder. */
  readonly resume?: boolean | string;
  /**
   * Windows of the fixed evaluation batch whose loss is logged (`evalLoss`) at every checkpoint and at the end, so
   * that the weights actually saved are checked, not only the running training loss. 0 turns it off.
   * @defaultValue 128
   */
  readonly evalWindows?: number;
  /** Progress line / JSON-lines log interval. @defaultValue 25 */
  readonly logEvery?: number;
  /** @defaultValue 'auto' (bar on a TTY, log lines otherwise) */
  readonly progress?: ProgressMode;
  /** Stream for progress output. @defaultValue process.stderr */
  readonly progressStream?: NodeJS.WriteStream;
  /** Aborting stops after the current update and writes a checkpoint (Ctrl-C in the CLI). */
  readonly signal?: AbortSignal;
  /** Called after every update. */
  readonly onStep?: (step: number, info: StepInfo) => void;
  /** Resolved config saved verbatim with each checkpoint. */
  readonly config?: unknown;
  /**
   * Threads computing each batch's gradients (data-parallel, `ParallelGradients`; must divide `batchSize`). The
   * result equals the 1-thread step up to float rounding, and a run is deterministic for a given count: resume with
   * the count it was started with to continue it bit for bit. @defaultValue 1
   */
  readonly workers?: number;
}

/** Outcome of {@link train}. */
export interface TrainResult {
  /** Updates done in total (including resumed ones). */
  readonly step: number;
  readonly stopped: 'completed' | 'interrupted';
  /** Mean loss over the last log interval. */
  readonly loss: number;
  /** Loss of the final weights on the fixed evaluation batch (null with `evalWindows: 0`). */
  readonly evalLoss: number | null;
  /** Last checkpoint written, or null without `outDir`. */
  readonly checkpoint: string | null;
  readonly elapsedSec: number;
  readonly stepsPerSec: number;
}

/** One line of `train-log.jsonl`. */
export interface TrainLogEntry {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly stepsPerSec: number;
  readonly elapsedSec: number;
  readonly gradNorm?: number;
}

/** A line of `train-log.jsonl` written at each checkpoint: the loss of the saved weights on the fixed evaluation batch. */
export interface EvalLogEntry {
  readonly step: number;
  readonly evalLoss: number;
}

/** Seed offset of the evaluation batch's stream, so drawing it leaves the training stream untouched. */
const EVAL_STREAM = 0x5eed_e7a1;

/**
 * Loss of the current weights on a fixed batch (windows, levels and noise drawn once from a stream of its own, the
 * same for every checkpoint and for a resumed run), without gradients.
 */
function evaluator(trainer: Trainer, sampler: WindowSampler, windows: number, seed: number): (() => number) | null {
  if (windows === 0) return null;
  const rng = new Rng(seed + EVAL_STREAM);
  const batch = trainer.makeBatch(sampler.sample(rng, windows), rng);
  return () => tf.tidy(() => diffusionLoss(trainer.model, batch).dataSync()[0]);
}

function resolveOptions(options: TrainOptions): TrainOptionsResolved {
  const parsed = trainOptionsSchema.safeParse({
    steps: options.steps, batchSize: options.batchSize, lr: options.lr, warmupSteps: options.warmupSteps, lrDecay: options.lrDecay,
    weightDecay: options.weightDecay, beta1: options.beta1, beta2: options.beta2, eps: options.eps,
    gradClip: options.gradClip, ema: options.ema, noiseMode: options.noiseMode, lossWeighting: options.lossWeighting,
    seed: options.seed, checkpointEvery: options.checkpointEvery, keepCheckpoints: options.keepCheckpoints, logEvery: options.logEvery,
    evalWindows: options.evalWindows, workers: options.workers,
  });
  if (!parsed.success) throw new DfpArgumentError(`train: invalid options: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Trains `model` on `dataset` with Diffusion Forcing (per-token noise levels, DF Alg. 1): random windows, AdamW
 * with linear warm-up, optional clipping and EMA; progress bar or log lines, a JSON-lines loss log
 * (`outDir/train-log.jsonl`) and atomic checkpoints. Deterministic given `seed`; a resumed run gives the same
 * weights as an uninterrupted one.
 * @throws DfpArgumentError for invalid options or a dataset that does not fit the model.
 * @throws DfpFileError when the checkpoint to resume is missing, corrupt or belongs to another model.
 */
export async function train(model: DiffusionModel, dataset: TrajectoryDataset, options: TrainOptions): Promise<TrainResult> {
  const o = resolveOptions(options);
  const workers = o.workers;
  if (o.batchSize % workers !== 0) throw new DfpArgumentError(`train: workers (${workers}) must divide batchSize (${o.batchSize})`);
  const windowTokens = options.windowTokens ?? 30;
  const sampler = new WindowSampler(dataset, model.layout, model.normalizer, { tokens: windowTokens, respectEpisodes: options.respectEpisodes });
  const trainer = new Trainer(model, o);
  const evaluate = evaluator(trainer, sampler, o.evalWindows, o.seed);
  let evalLoss = null as number | null;
  let evalStep = -1;
  const runEval = (): number => {
    evalLoss = evaluate!();
    evalStep = trainer.step;
    return evalLoss;
  };
  let rng = new Rng(o.seed);
  const outDir = options.outDir;
  try {
    if (options.resume) {
      const target = typeof options.resume === 'string' ? options.resume : outDir;
      if (!target) throw new DfpArgumentError('train: resume: true needs outDir (or pass the checkpoint path as resume)');
      const found = typeof options.resume === 'string' ? target : latestCheckpoint(target);
      if (!found) throw new DfpArgumentError(`train: resume: no checkpoint (step-XXXXXXXX.json) in ${target}`);
      const ck = readCheckpoint(found);
      restoreTrainingState(ck, trainer);
      if (!ck.meta.rng) throw new DfpArgumentError(`train: resume: ${ck.file} has no RNG state`);
      rng = Rng.fromState(ck.meta.rng);
    }
    const trainMeta = { ...o, windowTokens, respectEpisodes: options.respectEpisodes ?? false };
    const logFile = outDir ? path.join(outDir, 'train-log.jsonl') : null;
    if (outDir) fs.mkdirSync(outDir, { recursive: true });
    const save = (): string | null => {
      if (!outDir) return null;
      const file = saveCheckpoint(outDir, model, { step: trainer.step, trainer, rng: rng.getState(), train: o, config: options.config ?? { train: trainMeta } }, o.keepCheckpoints);
      if (evaluate) {
        const entry: EvalLogEntry = { step: trainer.step, evalLoss: runEval() };
        if (logFile) fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
      }
      return file;
    };

    const parallel = workers > 1 ? await ParallelGradients.start(model, workers) : null;
    const progress = new ProgressReporter(o.steps, trainer.step, options.progress ?? 'auto', options.progressStream ?? process.stderr);
    const buffer = sampler.allocate(o.batchSize);
    let lossSum = 0;
    let lossCount = 0;
    let lastMean = Number.NaN;
    let checkpoint: string | null = null;
    let savedAt = -1;
    let stopped: TrainResult['stopped'] = 'completed';
    const update = async (batch: TrainingBatch): Promise<StepInfo> => {
      if (!parallel) return trainer.trainStep(batch);
      const { loss, grads } = await parallel.computeGradients(trainer, batch);
      return { loss, ...trainer.applyGradients(grads) };
    };
    try {
      while (trainer.step < o.steps) {
        if (options.signal?.aborted) {
          stopped = 'interrupted';
          break;
        }
        const batch = trainer.makeBatch(sampler.sample(rng, o.batchSize, buffer), rng);
        const info = await update(batch);
        const step = trainer.step;
        if (!Number.isFinite(info.loss)) throw new DfpArgumentError(`train: loss became ${info.loss} at step ${step}; lower lr or enable gradClip`);
        lossSum += info.loss;
        lossCount += 1;
        const running = lossSum / lossCount;
        const endOfInterval = step % o.logEvery === 0 || step === o.steps;
        if (endOfInterval) {
          lastMean = running;
          const { stepsPerSec, elapsedSec } = progress.rate(step);
          const entry: TrainLogEntry = { step, loss: lastMean, lr: info.lr, stepsPerSec, elapsedSec, ...(info.gradNorm !== null ? { gradNorm: info.gradNorm } : {}) };
          if (logFile) fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
          lossSum = 0;
          lossCount = 0;
        }
        progress.update(step, running, endOfInterval);
        options.onStep?.(step, info);
        if (o.checkpointEvery > 0 && step % o.checkpointEvery === 0) {
          checkpoint = save();
          savedAt = step;
          progress.note(`checkpoint ${checkpoint}${evalLoss !== null ? ` (eval loss ${evalLoss.toPrecision(4)})` : ''}`);
        }
        // Yield to the event loop so SIGINT handlers (which abort `signal`) can run between updates.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (savedAt !== trainer.step && outDir) checkpoint = save();
    } finally {
      progress.stop();
      await parallel?.close();
    }
    if (lossCount > 0) lastMean = lossSum / lossCount;
    if (evaluate && evalStep !== trainer.step) runEval(); // without outDir nothing was saved, so nothing measured
    const { stepsPerSec, elapsedSec } = progress.rate(trainer.step);
    return { step: trainer.step, stopped, loss: lastMean, evalLoss, checkpoint, elapsedSec, stepsPerSec };
  } finally {
    trainer.dispose();
  }
}
