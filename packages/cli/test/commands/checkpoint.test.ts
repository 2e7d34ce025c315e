import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckpoint, readCheckpoint } from '@dfp/core';
import { runCli } from '../helpers/run-cli';

const TINY_CONFIG = {
  model: { frameStack: 2, schedule: { K: 50 }, rnn: { hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 } },
  data: { windowTokens: 3, datasetSteps: 400, datasetSeed: 1 },
  train: { steps: 2, batchSize: 4, checkpointEvery: 2, logEvery: 2, warmupSteps: 1 },
};

describe('dfp checkpoint', () => {
  let dir: string;
  let run: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cli-ckpt-'));
    const config = path.join(dir, 'tiny.json');
    fs.writeFileSync(config, JSON.stringify(TINY_CONFIG));
    run = path.join(dir, 'run');
    const r = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', run, '--backend', 'wasm', '--progress', 'none']);
    expect(r.error).toBeUndefined();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should export a model-only checkpoint with the same weights and no optimizer state', async () => {
    // Arrange
    const dest = path.join(dir, 'shipped');
    // Act
    const r = await runCli(['checkpoint', 'export', run, dest]);
    // Assert
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/^exported .*step-00000002\.json \([\d.]+ MB of weights\)\n$/);
    const exported = readCheckpoint(dest);
    expect(exported.meta.optimizer).toBeNull();
    expect(Object.keys(exported.tensors).every((k) => k.startsWith('model/'))).toBe(true);
    expect(fs.existsSync(path.join(dest, 'config.json'))).toBe(true);
    const a = loadCheckpoint(run).model.getWeights();
    const b = loadCheckpoint(dest).model.getWeights();
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(Array.from(b[k].data)).toEqual(Array.from(a[k].data));
    expect(fs.statSync(path.join(dest, 'step-00000002.safetensors')).size).toBeLessThan(fs.statSync(path.join(run, 'step-00000002.safetensors')).size);
  });

  it('should name the folder when it holds no checkpoint', async () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const r = await runCli(['checkpoint', 'export', empty, path.join(dir, 'x')]);
    expect(r.error?.message).toMatch(/no checkpoint in '.*empty-/);
  });

  it('should print checkpoint info', async () => {
    const r = await runCli(['checkpoint', 'info', run]);
    expect(r.error).toBeUndefined();
    expect(JSON.parse(r.stdout)).toMatchObject({ step: 2, model: { backbone: { kind: 'rnn', hidden: 16 } }, optimizer: { kind: 'adamw' } });
  });
});
