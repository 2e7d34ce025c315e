/**
 * @dfp/envs: Gymnasium-convention environments (D4RL Maze2D, MuJoCo locomotion), the seeded RNG of the
 * repository, and the safetensors reader/writer shared by datasets and checkpoints.
 */
export type { Env, Info, ResetOptions, ResetResult, StepResult, CoreStepResult, ReferenceScores } from './api';
export { DfpArgumentError, DfpFileError, EnvStateError, assertFiniteVector, assertInteger, describeValue } from './errors';
export { Rng } from './rng';
export type { RngState } from './rng';
export { Box } from './spaces/box';
export { TimeLimitEnv } from './time-limit';
export { registerEnv, makeEnv, listEnvs, envSpec, normalizedScore, hasReferenceScores } from './registry';
export type { MakeEnvOptions, EnvFactory, EnvSpec } from './registry';
export { writeFileAtomic } from './io/atomic-write';
export { encodeSafetensors, decodeSafetensors, readSafetensors, writeSafetensors } from './io/safetensors';
export type { SafetensorsDtype, SafetensorsContent, StoredTensor, TensorArray } from './io/safetensors';
