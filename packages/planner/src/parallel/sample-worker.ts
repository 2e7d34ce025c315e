import { DiffusionModel, initBackend, isWorkerWith, serveWorker } from '@dfp/core';
import type { BackendName, FrameNormalizer, ModelConfig, NamedWeights, WorkerReplyBase } from '@dfp/core';
import type { RngState } from '@dfp/envs';
import { sample } from '../sample';
import type { SampleStats } from '../sample';
import { fromPartRequest } from './sample-part';
import type { SamplePartRequest } from './sample-part';

/** What a sampling worker is started with (`workerData`): the model as config + weights + normalizer. */
export interface SampleWorkerInit {
  /** Marks the data as a sampling worker's. */
  readonly sampleWorker: true;
  readonly backend: string;
  /** The main thread's wasm GEMM build (`DFP_WASM_GEMM` value), so every thread computes the same products. */
  readonly wasmGemm: string;
  readonly config: ModelConfig;
  readonly normalizer: FrameNormalizer;
  readonly weights: NamedWeights;
}

/** A worker's answer: ready (no fields), a part's tokens with its counters and final noise states, or an error. */
export interface SampleWorkerReply extends WorkerReplyBase {
  /** `[rows, H, tokenDim]` row-major. */
  readonly tokens?: Float32Array;
  readonly stats?: SampleStats;
  /** Each row's Rng state after sampling (the main thread continues these streams). */
  readonly rngStates?: RngState[];
}

/** Body of a `ParallelSampler` worker thread: its own tfjs instance and a copy of the model; samples one part per request. */
async function setup(init: SampleWorkerInit): Promise<(req: SamplePartRequest) => Promise<SampleWorkerReply>> {
  await initBackend(init.backend as BackendName, { DFP_WASM_GEMM: init.wasmGemm });
  const model = DiffusionModel.create(init.config, init.normalizer, 0);
  model.setWeights(init.weights, 'sample worker');
  return async (req) => {
    const options = fromPartRequest(req);
    const res = await sample(model, req.observations, options);
    return { tokens: res.tokens, stats: res.stats, rngStates: options.rng.map((r) => r.getState()) };
  };
}

// Only as a worker thread (the main thread imports this file's types only, which compiles to nothing).
if (isWorkerWith('sampleWorker')) void serveWorker(setup);
