import { z } from 'zod';

/**
 * Zod schemas of everything core reads from JSON: model configs, training configs (the `configs/*.json`
 * files) and checkpoint metadata. Every field has a default, so `{}` parses to the default config; config
 * sections are strict, so a misspelt key is an error instead of being ignored.
 */

const posInt = z.number().int().positive();

export const tokenLayoutSchema = z.object({
  obsDim: posInt.max(4096),
  actDim: z.number().int().min(0).max(4096),
  rewardDim: z.union([z.literal(0), z.literal(1)]),
  frameStack: posInt.max(1024),
});

export const scheduleSchema = z.strictObject({
  kind: z.enum(['linear', 'cosine', 'sigmoid']).default('linear'),
  K: z.number().int().min(2).max(100_000).default(1000),
});

const evenInt = (min: number) => posInt.min(min).refine((v) => v % 2 === 0, 'must be even');

const rnnFields = {
  hidden: posInt.default(256),
  zDim: posInt.default(128),
  embDim: evenInt(4).default(64),
  resBlocks: posInt.max(16).default(3),
};
const transformerFields = {
  width: evenInt(4).default(128),
  layers: posInt.max(64).default(4),
  heads: posInt.default(4),
  ffMult: posInt.max(16).default(4),
  embDim: evenInt(4).default(64),
  causal: z.boolean().default(true),
};
const headsDivideWidth = { message: 'transformer width must be divisible by heads', path: ['heads'] };

/** RNN sizes in a config file's `model.rnn` section. */
export const rnnSectionSchema = z.strictObject(rnnFields);
/** Transformer sizes in a config file's `model.transformer` section. */
export const transformerSectionSchema = z.strictObject(transformerFields).refine((c) => c.width % c.heads === 0, headsDivideWidth);

export const backboneConfigSchema = z.union([
  z.object({ kind: z.literal('rnn'), ...rnnFields }),
  z.object({ kind: z.literal('transformer'), ...transformerFields }).refine((c) => c.width % c.heads === 0, headsDivideWidth),
]);

/** A complete model description (what a checkpoint stores). */
export const modelConfigSchema = z.object({
  layout: tokenLayoutSchema,
  objective: z.enum(['x0', 'eps', 'v']).default('x0'),
  schedule: scheduleSchema.prefault({}),
  backbone: backboneConfigSchema,
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export const lossWeightingSchema = z.union([
  z.object({ kind: z.literal('constant'), scale: z.number().positive().optional() }),
  z.object({ kind: z.literal('min-snr'), gamma: z.number().positive().optional() }),
]);

/** Optimisation and bookkeeping options of `train` (the `train` section of a config file). */
export const trainOptionsSchema = z.strictObject({
  steps: posInt.default(1000),
  batchSize: posInt.default(64),
  lr: z.number().positive().default(2e-4),
  warmupSteps: z.number().int().min(0).default(100),
  /** LR decay window in absolute update numbers (off in DF). */
  lrDecay: z
    .strictObject({ kind: z.enum(['linear', 'cosine']), fromStep: z.number().int().min(0), toStep: z.number().int().min(1), finalLr: z.number().min(0) })
    .refine((d) => d.toStep > d.fromStep, { message: 'lrDecay.toStep must be greater than lrDecay.fromStep' })
    .nullable()
    .default(null),
  weightDecay: z.number().min(0).default(1e-4),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().positive().default(1e-8),
  gradClip: z.number().positive().nullable().default(null),
  ema: z.object({ decay: z.number().gt(0).lt(1) }).nullable().default(null),
  noiseMode: z.enum(['per-token', 'shared']).default('per-token'),
  lossWeighting: lossWeightingSchema.default({ kind: 'constant' }),
  seed: z.number().int().default(0),
  checkpointEvery: z.number().int().min(0).default(1000),
  keepCheckpoints: z.number().int().min(1).default(3),
  logEvery: posInt.default(25),
  /** Windows of the fixed evaluation batch scored at every checkpoint (0: off). */
  evalWindows: z.number().int().min(0).default(128),
  /** Threads computing each batch's gradients (data-parallel; must divide batchSize). */
  workers: z.number().int().min(1).max(64).default(1),
});
export type TrainOptionsResolved = z.infer<typeof trainOptionsSchema>;

/** Data options: window length and dataset generation (the `data` section of a config file). */
export const dataConfigSchema = z.strictObject({
  /** Tokens per training window (window = tokens · frameStack frames). */
  windowTokens: posInt.default(30),
  respectEpisodes: z.boolean().default(false),
  /** Steps of the generated dataset when none is given with `--data`. */
  datasetSteps: posInt.default(1_000_000),
  datasetSeed: z.number().int().default(0),
  /**
   * Fixed std of each action dimension in the normalizer instead of the fitted one (the reference code's
   * `dataset.action_std`; its maintainer trains Maze2D with [2, 2], issue #2 of the official repository).
   */
  actionStd: z.array(z.number().positive()).min(1).nullable().default(null),
});
export type DataConfig = z.infer<typeof dataConfigSchema>;

/** The model part of a config file: layout dims come from the dataset, so only these are set here. */
export const modelSectionSchema = z.strictObject({
  backbone: z.enum(['rnn', 'transformer']).default('rnn'),
  frameStack: posInt.max(1024).default(10),
  rewardDim: z.union([z.literal(0), z.literal(1)]).default(0),
  objective: z.enum(['x0', 'eps', 'v']).default('x0'),
  schedule: scheduleSchema.prefault({}),
  rnn: rnnSectionSchema.prefault({}),
  transformer: transformerSectionSchema.prefault({}),
});

/**
 * A run in two stages: a run of this config starts as a run of `config` stopped after `steps` updates, then
 * continues (like `--resume`) under this config. `config` is relative to the file that sets it.
 */
export const continuesSchema = z.strictObject({ config: z.string().min(1), steps: posInt });
export type ContinuesConfig = z.infer<typeof continuesSchema>;

/** A resolved training config file (after `extends` merging). */
export const trainConfigSchema = z
  .strictObject({
    model: modelSectionSchema.prefault({}),
    data: dataConfigSchema.prefault({}),
    train: trainOptionsSchema.prefault({}),
    continues: continuesSchema.nullable().default(null),
  })
  .refine((c) => c.continues === null || c.continues.steps < c.train.steps, {
    message: 'continues.steps must be below train.steps (the first stage stops there and this config trains on)',
    path: ['continues', 'steps'],
  });
export type TrainConfig = z.infer<typeof trainConfigSchema>;

export const rngStateSchema = z.object({
  algorithm: z.literal('xoroshiro128plus'),
  words: z.array(z.number().int()).length(4),
  spareNormal: z.number().nullable(),
});

/** JSON sidecar of a checkpoint (`step-XXXXXXXX.json`). */
export const checkpointMetaSchema = z.object({
  format: z.literal('dfp-checkpoint'),
  version: z.literal(1),
  step: z.number().int().min(0),
  weights: z.string().min(1),
  model: modelConfigSchema,
  normalizer: z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) }),
  optimizer: z
    .object({ kind: z.literal('adamw'), step: z.number().int().min(0) })
    .nullable(),
  ema: z.object({ decay: z.number(), updates: z.number().int().min(0) }).nullable(),
  rng: rngStateSchema.nullable(),
  train: trainOptionsSchema.partial().nullable(),
  config: z.unknown().optional(),
  createdAt: z.string(),
});
export type CheckpointMeta = z.infer<typeof checkpointMetaSchema>;
