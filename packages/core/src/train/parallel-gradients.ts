import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionModel } from '../diffusion/diffusion-model';
import { DfpArgumentError, DfpFileError } from '../errors';
import type { Trainer, Gradients } from './trainer';
import { averageGradients, gradientsFromArrays } from './trainer';
import { splitTrainingBatch, type TrainingBatch } from './training-batch';
import type { GradientRequest, GradientWorkerInit, GradientWorkerReply } from './gradient-worker';

/** The compiled worker script (next to this file in `dist/`, or in `dist/` when running from the TS sources). */
function workerScript(): string {
  const here = path.join(__dirname, 'gradient-worker.js');
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, '../../dist/train/gradient-worker.js');
  if (fs.existsSync(built)) return built;
  throw new DfpFileError(`ParallelGradients: worker script not found (${here} or ${built}); build the packages first (npm run build)`);
}

/** A copy of a (sub-)batch whose arrays own exactly their data (views would send their whole buffers). */
function ownedBatch(b: TrainingBatch): TrainingBatch {
  return { ...b, obs0: b.obs0.slice(), xk: b.xk.slice(), k: b.k.slice(), target: b.target.slice(), weight: b.weight.slice() };
}

/**
 * Data-parallel gradients over worker threads. tfjs-wasm runs on one thread under Node, so a training step uses
 * one core; this splits each batch into `workers` equal parts (`splitTrainingBatch`), computes part 0 on the
 * calling thread and the others in worker threads (each with its own tfjs instance and a copy of the weights,
 * refreshed every step), and averages the gradients. The result equals `trainer.computeGradients(batch)` up to
 * float rounding. Usage: `const pg = await ParallelGradients.start(model, 2)`, then per step
 * `trainer.applyGradients((await pg.computeGradients(trainer, batch)).grads)`, and `await pg.close()`.
 */
export class ParallelGradients {
  private constructor(private readonly model: DiffusionModel, private readonly workers: Worker[]) {}

  /** Number of parts a batch is split into (the calling thread plus the workers). */
  get parts(): number {
    return this.workers.length + 1;
  }

  /**
   * Starts `parts - 1` workers on the current tfjs backend (wasm or cpu).
   * @param parts - total number of threads computing gradients, >= 1 (2 on a 2-core machine).
   */
  static async start(model: DiffusionModel, parts: number): Promise<ParallelGradients> {
    if (!Number.isInteger(parts) || parts < 1 || parts > 64) throw new DfpArgumentError(`ParallelGradients.start: parts must be an integer in [1, 64], received ${parts}`);
    const backend = tf.getBackend();
    if (parts > 1 && backend !== 'wasm' && backend !== 'cpu') {
      throw new DfpArgumentError(`ParallelGradients.start: worker threads support the wasm and cpu backends, not '${backend}'`);
    }
    const init: GradientWorkerInit = {
      backend, config: model.config, normalizer: { mean: Float32Array.from(model.normalizer.mean), std: Float32Array.from(model.normalizer.std) },
    };
    const script = parts > 1 ? workerScript() : '';
    const workers = Array.from({ length: parts - 1 }, () => new Worker(script, { workerData: init }));
    try {
      await Promise.all(workers.map((w) => reply(w)));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new ParallelGradients(model, workers);
  }

  /**
   * Mean loss and gradients of `batch` at the model's current weights (same contract as
   * `Trainer.computeGradients`; the caller disposes the gradients).
   * @throws DfpArgumentError unless the number of parts divides the batch size.
   */
  async computeGradients(trainer: Trainer, batch: TrainingBatch): Promise<{ loss: number; grads: Gradients }> {
    if (this.workers.length === 0) return trainer.computeGradients(batch);
    const parts = splitTrainingBatch(batch, this.parts);
    const weights = this.model.getWeights();
    const pending = this.workers.map((w, i) => {
      const request: GradientRequest = { weights, batch: ownedBatch(parts[i + 1]) };
      w.postMessage(request);
      return reply(w);
    });
    const local = trainer.computeGradients(parts[0]); // runs while the workers compute theirs
    let remote: GradientWorkerReply[];
    try {
      remote = await Promise.all(pending);
    } catch (e) {
      tf.dispose(Object.values(local.grads));
      throw e;
    }
    const sets = [local.grads, ...remote.map((r) => gradientsFromArrays(r.grads!))];
    const loss = [local.loss, ...remote.map((r) => r.loss!)].reduce((a, b) => a + b, 0) / sets.length;
    return { loss, grads: averageGradients(sets) };
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** The next message of a worker; rejects on its error message, an error event or an exit. */
function reply(w: Worker): Promise<GradientWorkerReply> {
  return new Promise((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (m: GradientWorkerReply) => {
      done();
      if (m.error) reject(new DfpArgumentError(`gradient worker: ${m.error}`));
      else resolve(m);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onExit = (code: number) => {
      done();
      reject(new DfpArgumentError(`gradient worker exited with code ${code}`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
