import { parentPort, workerData } from 'node:worker_threads';
import type { FrameNormalizer } from '../api';
import { initBackend, type BackendName } from '../backend';
import { DiffusionModel, type NamedWeights } from '../diffusion/diffusion-model';
import type { ModelConfig } from '../io/config-schema';
import { Trainer, gradientsToArrays } from './trainer';
import type { TrainingBatch } from './training-batch';

/** What a gradient worker is started with (`workerData`). */
export interface GradientWorkerInit {
  readonly backend: string;
  readonly config: ModelConfig;
  readonly normalizer: FrameNormalizer;
}

/** One gradient computation: the current weights and the worker's part of the batch. */
export interface GradientRequest {
  readonly weights: NamedWeights;
  readonly batch: TrainingBatch;
}

/** A worker's answer: ready (no fields), gradients with the loss, or an error message. */
export interface GradientWorkerReply {
  readonly loss?: number;
  readonly grads?: Record<string, { data: Float32Array; shape: number[] }>;
  readonly error?: string;
}

/**
 * Body of a `ParallelGradients` worker thread: its own tfjs instance and model; for each request it loads the
 * weights and returns the loss and gradients of its part of the batch (`Trainer.computeGradients`).
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const init = workerData as GradientWorkerInit;
  try {
    await initBackend(init.backend as BackendName, {});
    const model = DiffusionModel.create(init.config, init.normalizer, 0);
    const trainer = new Trainer(model);
    port.on('message', (req: GradientRequest) => {
      try {
        model.setWeights(req.weights, 'gradient worker');
        const { loss, grads } = trainer.computeGradients(req.batch);
        const reply: GradientWorkerReply = { loss, grads: gradientsToArrays(grads) };
        port.postMessage(reply); // copied, not transferred: on the cpu backend the arrays may be tfjs' own storage
      } catch (e) {
        port.postMessage({ error: (e as Error).message } satisfies GradientWorkerReply);
      }
    });
    port.postMessage({} satisfies GradientWorkerReply);
  } catch (e) {
    port.postMessage({ error: (e as Error).message } satisfies GradientWorkerReply);
  }
}

// Only as a worker thread (the main thread imports this file's types only, which compiles to nothing).
if (parentPort && workerData && (workerData as Partial<GradientWorkerInit>).config) void main();
