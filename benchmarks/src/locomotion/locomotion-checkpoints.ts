import * as path from 'node:path';
import { DfpArgumentError, loadTrainConfig } from '@dfp/core';
import type { TrainConfig } from '@dfp/core';
import { locomotionSpec } from '@dfp/envs';
import { loadBenchCheckpoint } from '../maze2d/checkpoint-store';
import type { CheckpointRef, LoadedCheckpoint } from '../maze2d/checkpoint-store';
import { taskName } from './bench-envs';
import type { LocomotionBenchEnvId } from './bench-envs';
import { datasetRef } from './dataset-store';
import type { LocomotionDatasetRef } from './dataset-store';
import type { LocomotionRunPlan } from './run-plan';

/**
 * The reward-token checkpoint of each env: folder `<checkpoints>/<task>-<dataset>/` (the layout `dfp train --out`
 * writes), trained with `configs/<task>-<dataset>.json` on the dataset that config names (`data.datasetSteps`
 * rows, `data.datasetSeed`) of the bench's behaviour policy. Both templates come from the bench config.
 */

const fill = (template: string, env: LocomotionBenchEnvId, dataset: string): string => template.replaceAll('{task}', taskName(env)).replaceAll('{dataset}', dataset);

/** The checkpoint folder of `env` under `root`, its training config and the command that trains it. */
export function locomotionCheckpointRef(root: string, env: LocomotionBenchEnvId, plan: Pick<LocomotionRunPlan, 'checkpointNames' | 'dataset'>): CheckpointRef {
  const dir = path.join(root, fill(plan.checkpointNames.name, env, plan.dataset));
  const config = fill(plan.checkpointNames.config, env, plan.dataset);
  return { kind: 'df', env, dir, config, trainCommand: `dfp bench locomotion --train --envs ${taskName(env)} --checkpoints ${root}` };
}

/**
 * Reads a locomotion training config and checks what the benchmark relies on: a reward channel (`model.rewardDim`
 * 1, so `rewardSum` can guide) and windows that stay inside episodes (`data.respectEpisodes`).
 * @throws DfpFileError for a missing or corrupt file; DfpArgumentError for invalid values or either setting off.
 */
export function loadLocomotionTrainConfig(file: string): TrainConfig {
  const config = loadTrainConfig(file);
  if (config.model.rewardDim !== 1) throw new DfpArgumentError(`${file}: locomotion models plan with rewards: set model.rewardDim to 1 (frame [o_{t+1}, a_t, r_t]), found ${config.model.rewardDim}`);
  if (!config.data.respectEpisodes) throw new DfpArgumentError(`${file}: set data.respectEpisodes to true: training windows must not run from one episode into the next (a fall is followed by a reset)`);
  return config;
}

/** The training dataset of a checkpoint: the bench's behaviour policy with the rows and seed of its training config. */
export function trainingDatasetRef(ref: CheckpointRef, plan: Pick<LocomotionRunPlan, 'dataset' | 'datasetDir'>): LocomotionDatasetRef {
  const { data } = loadLocomotionTrainConfig(ref.config);
  return datasetRef(plan.datasetDir, ref.env, plan.dataset, data.datasetSteps, data.datasetSeed);
}

/**
 * Loads the latest checkpoint of `ref` (EMA weights when present) and checks that it is a causal reward-token
 * model for the env's observation and action sizes.
 * @throws DfpFileError for missing or corrupt files; DfpArgumentError for a model that does not fit.
 */
export function loadLocomotionCheckpoint(ref: CheckpointRef): LoadedCheckpoint {
  const loaded = loadBenchCheckpoint(ref);
  const layout = loaded.model.layout;
  const spec = locomotionSpec(ref.env);
  const problem =
    layout.rewardDim !== 1
      ? `has no reward channel (rewardDim ${layout.rewardDim}); reward guidance needs rewardDim 1`
      : layout.obsDim !== spec.obsDim || layout.actDim !== spec.actDim
        ? `is for observations of size ${layout.obsDim} and actions of size ${layout.actDim}, but ${ref.env} has ${spec.obsDim} and ${spec.actDim}`
        : null;
  if (problem) {
    loaded.model.dispose();
    throw new DfpArgumentError(`${loaded.info.file}: the model ${problem}`);
  }
  return loaded;
}
