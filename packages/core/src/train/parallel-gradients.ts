import * as tf from '@tensorflow/tfjs';
import type { DiffusionModel } from '../diffusion/diffusion-model';
import { DfpArgumentError } from '../errors';
import { activeWasmGemm } from '../ops/wasm/wasm-kernels';
import { WorkerPool, resolveWorkerScript } from '../workers/worker-pool';
import type { Trainer, Gradients } from './trainer';
import { averageGradients, gradientsFromArrays } from './trainer';
import { splitTrainingBatch, type TrainingBatch } from './training-batch';
import type { GradientRequest, GradientWorkerInit, GradientWorkerReply } from './gradient-worker';

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
  private constructor(private readonly model: DiffusionModel, private readonly pool: WorkerPool<GradientWorkerInit, GradientRequest, GradientWorkerReply>) {}

  /** Number of parts a batch is split into (the calling thread plus the workers). */
  get parts(): number {
    return this.pool.size + 1;
  }

  /**
   * Starts `parts - 1` workers on the current tfjs backend (wasm or cpu).
   * @param parts - total number of threads computing gradients, >= 1 (2 on a 2-core machine).
   */
  static async start(model: DiffusionModel, parts: number): Promise<ParallelGradients> {
    if (!Number.isInteger(parts) || parts < 1 || parts > 64) throw new DfpArgumentError(`ParallelGradients.start: parts must be an integer in [1, 64], received ${parts}`);
    const init: GradientWorkerInit = {
      backend: tf.getBackend(), config: model.config, normalizer: { mean: Float32Array.from(model.normalizer.mean), std: Float32Array.from(model.normalizer.std) },
      wasmGemm: activeWasmGemm() ?? 'off',
    };
    const script = parts > 1 ? resolveWorkerScript(__dirname, 'gradient-worker.js', 'ParallelGradients') : '';
    return new ParallelGradients(model, await WorkerPool.start(script, parts - 1, init, 'gradient worker'));
  }

  /**
   * Mean loss and gradients of `batch` at the model's current weights (same contract as
   * `Trainer.computeGradients`; the caller disposes the gradients).
   * @throws DfpArgumentError unless the number of parts divides the batch size.
   */
  async computeGradients(trainer: Trainer, batch: TrainingBatch): Promise<{ loss: number; grads: Gradients }> {
    if (this.pool.size === 0) return trainer.computeGradients(batch);
    const parts = splitTrainingBatch(batch, this.parts);
    const weights = this.model.getWeights();
    const pending = parts.slice(1).map((part, i) => this.pool.request(i, { weights, batch: ownedBatch(part) }));
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
    await this.pool.close();
  }
}
