/**
 * @dfp/core: the Diffusion Forcing model and its training, on TensorFlow.js. Backend selection, wasm-friendly
 * ops, noise schedules and parameterizations, token layout, normalizer and training windows, RNN and
 * transformer backbones, AdamW training with checkpoints.
 */
import * as tf from '@tensorflow/tfjs';

/** TensorFlow.js (4.22), re-exported so that other packages use core's single copy. */
export { tf };

export type {
  TokenLayout, Objective, BetaScheduleKind, BackboneKind, Backbone, StepwiseBackbone, StepwisePlanSession, FrameNormalizer, DiffusionModelSpec,
} from './api';
export { BackendUnavailableError, DfpArgumentError, DfpFileError } from './errors';
export { initBackend, backendCandidates } from './backend';
export type { BackendName, BackendRequest } from './backend';

export { fastMatMul } from './ops/fast-mat-mul';
export { activeWasmGemm } from './ops/wasm/wasm-kernels';
export type { WasmModuleVariant as WasmGemmBuild } from './ops/wasm/module-wat';
export { dense } from './ops/dense';
export { gelu, tanh } from './ops/activations';

export { NoiseSchedule, betaSchedule, BETA_SCHEDULE_KINDS } from './diffusion/noise-schedule';
export { epsFromX0, x0FromEps, vFromX0, x0FromV, epsFromV, vFromEps, convertPrediction, convertPredictions, targetFor } from './diffusion/parameterization';
export { predictionToX0, epsFromX0Tensor, qSampleTensor } from './diffusion/tensor-conversions';
export { sampleNoiseLevels } from './diffusion/per-token-noise';
export type { NoiseMode } from './diffusion/per-token-noise';
export { lossWeight, lossWeightTable } from './diffusion/loss-weight';
export type { LossWeighting } from './diffusion/loss-weight';
export { DiffusionModel } from './diffusion/diffusion-model';
export type { NamedWeights } from './diffusion/diffusion-model';

export { frameDim, tokenDim, frameParts } from './data/token-layout';
export { trajectoryDataset } from './data/trajectory-dataset';
export type { TrajectoryDataset, TrajectoryDatasetInput } from './data/trajectory-dataset';
export { Normalizer } from './data/normalizer';
export { WindowSampler } from './data/windows';
export type { WindowBatch, WindowOptions } from './data/windows';

export { RnnBackbone, DEFAULT_RNN_CONFIG } from './backbones/rnn';
export type { RnnConfig } from './backbones/rnn';
export { TransformerBackbone, DEFAULT_TRANSFORMER_CONFIG } from './backbones/transformer';
export type { TransformerConfig } from './backbones/transformer';
export { createBackbone } from './backbones/create-backbone';
export { StepPlanSession } from './backbones/step-plan-session';
export type { CoreBackbone } from './backbones/create-backbone';

export { AdamW } from './train/adamw';
export type { AdamWOptions } from './train/adamw';
export { Ema } from './train/ema';
export { warmupLearningRate } from './train/lr-schedule';

export type { TrainingBatch } from './train/training-batch';
export { diffusionLoss } from './train/loss';
export { Trainer } from './train/trainer';
export { ParallelGradients } from './train/parallel-gradients';
export { WorkerPool, resolveWorkerScript, serveWorker, isWorkerWith } from './workers/worker-pool';
export type { WorkerReplyBase } from './workers/worker-pool';
export type { TrainerOptions, Gradients, StepInfo } from './train/trainer';
export { train } from './train/train';
export type { TrainOptions, TrainResult, TrainLogEntry, EvalLogEntry } from './train/train';
export { formatDuration } from './train/progress';
export type { ProgressMode } from './train/progress';

export { saveCheckpoint, loadCheckpoint, readCheckpoint, latestCheckpoint, listCheckpoints, checkpointStep } from './io/checkpoint';
export type { CheckpointState, CheckpointFile } from './io/checkpoint';
export { modelConfigSchema, trainConfigSchema, trainOptionsSchema, dataConfigSchema, checkpointMetaSchema } from './io/config-schema';
export type { ModelConfig, TrainConfig, TrainOptionsResolved, DataConfig, ContinuesConfig, CheckpointMeta } from './io/config-schema';
export { loadTrainConfig, resolveTrainConfig, modelConfigFromTrainConfig } from './io/train-config';
