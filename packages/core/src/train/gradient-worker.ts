import type { FrameNormalizer } from '../api';
import { initBackend, type BackendName } from '../backend';
import { DiffusionModel, type NamedWeights } from '../diffusion/diffusion-model';
import type { ModelConfig } from '../io/config-schema';
import { Trainer, gradientsToArrays } from './trainer';
import { isWorkerWith, serveWorker, type WorkerReplyBase } from '../workers/worker-pool';
import type { TrainingBatch } from './training-batch';

/** What a gradient worker is started with (`workerData`). */
export interface GradientWorkerInit {
  readonly backend: string;
  readonly config: ModelConfig;
  readonly normalizer: FrameNormalizer;
  /** The main thread's GEMM build (`DFP_WASM_GEMM` value), so every thread computes the same products. */
  readonly wasmGemm: string;
}

/** One gradient computation: the current weights and the worker's part of the batch. */
export interface GradientRequest {
  readonly weights: NamedWeights;
  readonly batch: TrainingBatch;
}

/** A worker's answer: ready (no fields), gradients with the loss, or an error message. */
export interface GradientWorkerReply extends WorkerReplyBase {
  readonly loss?: number;
  readonly grads?: Record<string, { data: Float32Array; shape: number[] }>;
}

/**
 * Body of a `ParallelGradients` worker thread: its own tfjs instance and model; for each request it loads the
 * weights and returns the loss and gradients of its part of the batch (`Trainer.computeGradients`).
 */
async function setup(init: GradientWorkerInit): Promise<(req: GradientRequest) => GradientWorkerReply> {
  await initBackend(init.backend as BackendName, { DFP_WASM_GEMM: init.wasmGemm });
  const model = DiffusionModel.create(init.config, init.normalizer, 0);
  const trainer = new Trainer(model);
  return (req) => {
    model.setWeights(req.weights, 'gradient worker');
    const { loss, grads } = trainer.computeGradients(req.batch);
    return { loss, grads: gradientsToArrays(grads) };
  };
}

// Only as a worker thread (the main thread imports this file's types only, which compiles to nothing).
if (isWorkerWith('config')) void serveWorker(setup);
