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
export {
  checkEnv, checkSpaces, checkResetReturnTypes, checkStepReturnTypes, checkResetSeedDeterminism, checkStepDeterminism,
  checkObservationsInSpace, checkTruncation, checkBadActions, ENV_CHECKS, EnvCheckError,
} from './check-env';
export type { CheckEnvOptions, EnvCheck } from './check-env';
// Maze2D (D4RL v1)
export { U_MAZE, MEDIUM_MAZE, LARGE_MAZE, parseMaze, mazeLayout, isWallCell, cellOf } from './maze2d/grids';
export type { Cell, WallGrid, MazeLayout, MazeName } from './maze2d/grids';
export {
  MAZE2D_DT, MAZE2D_BALL_MASS, MAZE2D_DAMPING, MAZE2D_GEAR, MAZE2D_A, MAZE2D_C, MAZE2D_BALL_RADIUS, MAZE2D_VELOCITY_CLIP,
  MAZE2D_MAX_FREE_SPEED, MAZE2D_STATE_DIM, MAZE2D_ACTION_DIM, maze2dStep, maze2dStepBatch,
} from './maze2d/dynamics';
export { MAZE2D_TASKS, MAZE2D_ENV_IDS, isMaze2dEnvId, maze2dTask } from './maze2d/maze2d-tasks';
export type { Maze2dEnvId, Maze2dRewardType, Maze2dTask } from './maze2d/maze2d-tasks';
export { Maze2dEnv, maze2dReward } from './maze2d/maze2d-env';
export type { Maze2dEnvOptions, Maze2dGoalMode, Maze2dResetOptions } from './maze2d/maze2d-env';
export { registerMaze2dEnvs, isMaze2dEnv, makeMaze2dEnv } from './maze2d/register-maze2d';
export { GRID_MOVES, gridPolicy, planCellPath } from './maze2d/waypoint-planner';
export { WaypointController } from './maze2d/waypoint-controller';
export type { WaypointControllerOptions } from './maze2d/waypoint-controller';
export { generateMaze2dDataset, MAZE2D_GENERATOR_VERSION } from './maze2d/dataset';
export type { OfflineDataset, DatasetMetadata, GenerateMaze2dOptions, RewardTiming } from './maze2d/dataset';
export { saveDataset, loadDataset, DATASET_FORMAT } from './maze2d/dataset-io';
export { renderMazeSvg } from './maze2d/render-svg';
export type { RenderMazeOptions, PointList } from './maze2d/render-svg';
export { evaluateMaze2dController } from './maze2d/evaluate-controller';
export type { EvaluateMaze2dOptions, Maze2dEpisode, Maze2dControllerName } from './maze2d/evaluate-controller';
// Gym-MuJoCo locomotion (mujoco-js); `await loadMujoco()` once before `makeEnv('hopper-v4')`.
export {
  loadMujoco, isMujocoLoaded, MujocoEnv, LOCOMOTION_MAX_EPISODE_STEPS, HopperEnv, HOPPER_XML, hopperIsHealthy,
  HalfCheetahEnv, HALF_CHEETAH_XML, Walker2dEnv, WALKER2D_XML, walker2dIsHealthy, registerLocomotionEnvs,
  makeLocomotionEnv, locomotionSpec, LOCOMOTION_ENV_IDS, locomotionReward, locomotionObservation, liveMujocoObjects,
  MppiController, locomotionPreset, LOCOMOTION_POLICIES, generateLocomotionDataset, LOCOMOTION_GENERATOR_VERSION,
  saveLocomotionDataset, loadLocomotionDataset, LOCOMOTION_DATASET_FORMAT,
} from './locomotion/index';
export type {
  MujocoModule, LocomotionSpec, LocomotionRewardTerms, MujocoState, MujocoEnvOptions, MujocoEnvState, MppiOptions,
  RolloutModel, LocomotionPolicyName, LocomotionPreset, GenerateLocomotionOptions, LocomotionDataset,
  LocomotionDatasetMetadata,
} from './locomotion/index';
export { loadD4RLHdf5 } from './io/d4rl-hdf5';
export type { D4RLDataset } from './io/d4rl-hdf5';

import { registerMaze2dEnvs } from './maze2d/register-maze2d';
import { registerLocomotionEnvs } from './locomotion/register-locomotion-envs';

// Loading @dfp/envs registers the built-in tasks, so `makeEnv('maze2d-umaze-v1')` works at once (locomotion ids
// are registered too, with their reference scores; building one needs `await loadMujoco()` first).
registerMaze2dEnvs();
registerLocomotionEnvs();
