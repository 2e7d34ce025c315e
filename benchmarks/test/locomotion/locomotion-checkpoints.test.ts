import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '@dfp/core';
import { DfpArgumentError, DfpFileError } from '@dfp/envs';
import { loadLocomotionCheckpoint, loadLocomotionTrainConfig, locomotionCheckpointRef, trainingDatasetRef } from '@dfp/benchmarks';
import { tinyTrainConfig, writeTinyRewardCheckpoint, writeTinyTrainConfig } from './tiny-reward-checkpoint';

const NAMES = { checkpointNames: { name: '{task}-{dataset}', config: 'configs/{task}-{dataset}.json' }, dataset: 'medium' as const };

describe('locomotionCheckpointRef', () => {
  it('should name the folder and config after the task and dataset and give the command that trains it', () => {
    expect(locomotionCheckpointRef('checkpoints', 'walker2d-v4', NAMES)).toEqual({
      kind: 'df', env: 'walker2d-v4', dir: path.join('checkpoints', 'walker2d-medium'), config: 'configs/walker2d-medium.json',
      trainCommand: 'dfp bench locomotion --train --envs walker2d --checkpoints checkpoints',
    });
  });
});

describe('loadLocomotionTrainConfig / trainingDatasetRef', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-ck-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should accept the shipped training configs: a reward channel and windows inside episodes', () => {
    for (const task of ['hopper', 'halfcheetah', 'walker2d']) {
      const c = loadLocomotionTrainConfig(path.join(__dirname, `../../../configs/${task}-medium.json`));
      expect(c.model).toMatchObject({ rewardDim: 1, backbone: 'rnn' });
      expect(c.data.respectEpisodes).toBe(true);
    }
  });

  it('should reject a config without a reward channel or with windows across episodes, and a missing file', () => {
    const noReward = writeTinyTrainConfig(dir, 'a', tinyTrainConfig(200, { model: { rewardDim: 0 } })).replace('{task}-{dataset}', 'hopper-a');
    expect(() => loadLocomotionTrainConfig(noReward)).toThrow(/set model.rewardDim to 1 \(frame \[o_\{t\+1\}, a_t, r_t\]\), found 0/);
    const across = writeTinyTrainConfig(dir, 'b', tinyTrainConfig(200, { data: { respectEpisodes: false } })).replace('{task}-{dataset}', 'hopper-b');
    expect(() => loadLocomotionTrainConfig(across)).toThrow(DfpArgumentError);
    expect(() => loadLocomotionTrainConfig(path.join(dir, 'none.json'))).toThrow(DfpFileError);
  });

  it("should read the dataset's rows and seed from the training config", () => {
    const template = writeTinyTrainConfig(dir, 'medium', tinyTrainConfig(321));
    const ref = locomotionCheckpointRef(path.join(dir, 'ck'), 'hopper-v4', { ...NAMES, checkpointNames: { ...NAMES.checkpointNames, config: template } });
    expect(trainingDatasetRef(ref, { dataset: 'medium', datasetDir: 'd' }).file).toBe(path.join('d', 'hopper-v4-medium-s1-n321.safetensors'));
  });
});

describe('loadLocomotionCheckpoint', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-ck-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const refFor = (name: string) => ({ ...locomotionCheckpointRef(dir, 'hopper-v4', NAMES), dir: path.join(dir, name) });

  it('should load a causal reward-token model of the env and report its provenance', () => {
    writeTinyRewardCheckpoint(path.join(dir, 'good'));
    const { model, info } = loadLocomotionCheckpoint(refFor('good'));
    expect(model.layout).toEqual({ obsDim: 11, actDim: 3, rewardDim: 1, frameStack: 2 });
    expect(info).toMatchObject({ step: 1, causal: true, windowTokens: 3, backbone: 'rnn' });
    model.dispose();
  });

  it('should reject a model without a reward channel, for other dims, or non-causal', () => {
    writeTinyRewardCheckpoint(path.join(dir, 'no-reward'), { layout: { rewardDim: 0 } });
    expect(() => loadLocomotionCheckpoint(refFor('no-reward'))).toThrow(/has no reward channel \(rewardDim 0\)/);
    writeTinyRewardCheckpoint(path.join(dir, 'cheetah'), { layout: { obsDim: 17, actDim: 6 } });
    expect(() => loadLocomotionCheckpoint(refFor('cheetah'))).toThrow(/observations of size 17 and actions of size 6, but hopper-v4 has 11 and 3/);
    writeTinyRewardCheckpoint(path.join(dir, 'diffuser'), { backbone: { kind: 'transformer', width: 16, layers: 1, heads: 2, ffMult: 2, embDim: 8, causal: false } });
    expect(() => loadLocomotionCheckpoint(refFor('diffuser'))).toThrow(/need a causal model/);
  });
});
