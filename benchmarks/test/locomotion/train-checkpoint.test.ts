import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, loadCheckpoint, tf } from '@dfp/core';
import { loadLocomotionDataset } from '@dfp/envs';
import { locomotionCheckpointRef, trainLocomotionCheckpoint, trainingDatasetRef } from '@dfp/benchmarks';
import { tinyTrainConfig, writeTinyTrainConfig } from './tiny-reward-checkpoint';

describe('trainLocomotionCheckpoint', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-train-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should generate the dataset, train a reward-token model and record the run', async () => {
    // Arrange
    const template = writeTinyTrainConfig(dir, 'random', tinyTrainConfig(150));
    const plan = { checkpointNames: { name: '{task}-{dataset}', config: template }, dataset: 'random' as const, datasetDir: path.join(dir, 'data') };
    const ref = locomotionCheckpointRef(path.join(dir, 'ck'), 'hopper-v4', plan);
    const before = tf.memory().numTensors;
    // Act
    const r = await trainLocomotionCheckpoint({ ref, dataset: trainingDatasetRef(ref, plan), backend: 'wasm', progress: 'none' });
    // Assert
    expect(tf.memory().numTensors).toBe(before);
    expect(r.step).toBe(2);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', 'hopper-v4-random-s1-n150.safetensors'))).toBe(true);
    const saved = JSON.parse(fs.readFileSync(path.join(ref.dir, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ env: 'hopper-v4', dataset: { policy: 'random', rows: 150, seed: 1 }, data: { respectEpisodes: true, windowTokens: 3 } });
    const { model, meta } = loadCheckpoint(ref.dir);
    expect(model.layout).toEqual({ obsDim: 11, actDim: 3, rewardDim: 1, frameStack: 2 });
    // The normalizer was fitted on the transitions, not on the extra end rows: its reward mean is the data's.
    const ds = loadLocomotionDataset(path.join(dir, 'data', 'hopper-v4-random-s1-n150.safetensors'));
    expect(meta.normalizer.mean[14]).toBeCloseTo(ds.rewards.reduce((a, b) => a + b, 0) / 150, 5);
    model.dispose();
    const record = fs.readFileSync(path.join(ref.dir, 'TRAINING.md'), 'utf8').trim().split('\n');
    expect(record[4]).toBe('| date (UTC) | command | seed | steps | wall time | final loss | machine | backend | commit |');
    expect(record[6]).toMatch(/^\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \| `dfp bench locomotion --train --envs hopper --checkpoints \S+` \| 0 \| 2 \| \d+s \| \S+ \| .+ \| wasm \| \S+ \|$/);
  });

  it('should continue an interrupted run from its latest checkpoint with resume', async () => {
    // Arrange: the run of the previous test (2 updates), now asked for 3
    const plan = { checkpointNames: { name: '{task}-{dataset}', config: path.join(dir, 'configs', '{task}-{dataset}.json') }, dataset: 'random' as const, datasetDir: path.join(dir, 'data') };
    const ref = locomotionCheckpointRef(path.join(dir, 'ck'), 'hopper-v4', plan);
    const cfg = JSON.parse(fs.readFileSync(ref.config, 'utf8'));
    fs.writeFileSync(ref.config, JSON.stringify({ ...cfg, train: { ...cfg.train, steps: 3 } }));
    // Act
    const r = await trainLocomotionCheckpoint({ ref, dataset: trainingDatasetRef(ref, plan), backend: 'wasm', progress: 'none', resume: true });
    // Assert
    expect(r.step).toBe(3);
    const log = fs.readFileSync(path.join(ref.dir, 'train-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(log[log.length - 1]).toBe(3);
    const record = fs.readFileSync(path.join(ref.dir, 'TRAINING.md'), 'utf8').trim().split('\n');
    expect(record[7]).toMatch(/continued with `--resume` \| 0 \| 3 \|/);
  });
});
