import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckpoint, readCheckpoint } from '@dfp/core';
import { generateMaze2dDataset, saveDataset } from '@dfp/envs';
import { runCli } from '../helpers/run-cli';

/** A config small enough to train in well under a second per step. */
const TINY_CONFIG = {
  model: { frameStack: 2, schedule: { K: 50 }, rnn: { hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 } },
  data: { windowTokens: 3, datasetSteps: 400, datasetSeed: 1 },
  train: { steps: 4, batchSize: 4, checkpointEvery: 2, logEvery: 2, warmupSteps: 2 },
};

describe('dfp train', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cli-train-'));
    config = path.join(dir, 'tiny.json');
    fs.writeFileSync(config, JSON.stringify(TINY_CONFIG));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should train on a generated Maze2D dataset, write checkpoints, the resolved config and the loss log', async () => {
    const out = path.join(dir, 'run');
    const run = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', out, '--backend', 'wasm']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/^finished at step 4, loss \d\.\d+ \(eval loss \d\.\d+\), [\d.]+ steps\/s; checkpoint .*step-00000004\.json\n$/);
    expect(run.stderr).toMatch(/backend: wasm/);
    expect(run.stderr).toMatch(/data: generating 400 steps of maze2d-umaze-v1 \(seed 1\)/);
    expect(run.stderr).toMatch(/step 2\/4 {2}loss /);
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ env: 'maze2d-umaze-v1', data: { windowTokens: 3 }, train: { steps: 4, lr: 2e-4 } });
    expect(readCheckpoint(out).meta.config).toEqual(saved);
    const log = fs.readFileSync(path.join(out, 'train-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => [l.step, 'loss' in l, 'evalLoss' in l])).toEqual([[2, true, false], [2, false, true], [4, true, false], [4, false, true]]);
    const { model } = loadCheckpoint(out);
    expect(model.layout).toEqual({ obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 2 });
    model.dispose();
  });

  it('should resume to a larger --steps and train from a --data file', async () => {
    const out = path.join(dir, 'resume');
    const data = path.join(dir, 'umaze.safetensors');
    saveDataset(data, generateMaze2dDataset('maze2d-umaze-v1', { steps: 300, seed: 2 }));
    expect((await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', out, '--data', data, '--steps', '2'])).error).toBeUndefined();
    const run = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', out, '--data', data, '--steps', '4', '--resume']);
    expect(run.error).toBeUndefined();
    expect(run.stderr).toMatch(/data: .*umaze\.safetensors \(300 steps\)/);
    expect(run.stderr).toMatch(/resuming .*step-00000002\.json/);
    expect(readCheckpoint(out).meta.step).toBe(4);
  });

  it('should fix the normalizer\'s action std with data.actionStd and refuse one of the wrong length', async () => {
    const fixedConfig = path.join(dir, 'action-std.json');
    fs.writeFileSync(fixedConfig, JSON.stringify({ ...TINY_CONFIG, data: { ...TINY_CONFIG.data, actionStd: [2, 2] }, train: { ...TINY_CONFIG.train, steps: 2 } }));
    const out = path.join(dir, 'action-std');
    expect((await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', fixedConfig, '--out', out, '--backend', 'wasm'])).error).toBeUndefined();
    const { model } = loadCheckpoint(out);
    expect(Array.from(model.normalizer.std.slice(4))).toEqual([2, 2]);
    expect(model.normalizer.std[0]).not.toBe(1); // observation dims stay fitted
    model.dispose();
    fs.writeFileSync(fixedConfig, JSON.stringify({ ...TINY_CONFIG, data: { ...TINY_CONFIG.data, actionStd: [2] } }));
    const bad = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', fixedConfig, '--out', path.join(dir, 'action-std-bad'), '--backend', 'wasm']);
    expect(bad.error?.message).toMatch(/data\.actionStd .*must hold 2 finite numbers > 0/);
  });

  it('should train a config that continues another in two stages, as the two runs by hand would, and resume either stage', async () => {
    const long = path.join(dir, 'long.json');
    fs.writeFileSync(long, JSON.stringify({ extends: 'tiny.json', continues: { config: 'tiny.json', steps: 2 }, train: { steps: 4, lr: 3e-3, gradClip: 0.05 } }));
    const train = (out: string, ...extra: string[]) => runCli(['train', '--env', 'maze2d-umaze-v1', '--out', path.join(dir, out), ...extra]);
    const staged = await train('staged', '--config', long);
    expect(staged.error).toBeUndefined();
    expect(staged.stderr).toMatch(/stage 1: .*tiny\.json to step 2, then .*long\.json/);
    expect(staged.stderr).toMatch(/stage 2: .*long\.json from .*step-00000002\.json/);
    expect(staged.stdout).toMatch(/^finished at step 4,/);
    expect((await train('byhand', '--config', config, '--steps', '2')).error).toBeUndefined();
    expect((await train('byhand', '--config', long, '--resume')).error).toBeUndefined();
    // interrupted in stage 1 (after 1 update), then resumed with the two-stage config
    expect((await train('midway', '--config', config, '--steps', '1')).error).toBeUndefined();
    const resumed = await train('midway', '--config', long, '--resume');
    expect(resumed.stderr).toMatch(/resuming .*step-00000001\.json/);
    const weights = (out: string) => {
      const ck = readCheckpoint(path.join(dir, out));
      expect(ck.meta.step).toBe(4);
      expect(ck.meta.config).toMatchObject({ train: { steps: 4, gradClip: 0.05 }, continues: { steps: 2 } });
      return Object.fromEntries(Object.entries(ck.tensors).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));
    };
    const ref = weights('staged');
    expect(weights('byhand')).toEqual(ref);
    expect(weights('midway')).toEqual(ref);
    // the second stage changed the weights (lr, clipping): a plain 4-update run differs
    expect((await train('plain', '--config', config)).error).toBeUndefined();
    expect(Array.from(readCheckpoint(path.join(dir, 'plain')).tensors[Object.keys(ref)[0]].data as Float32Array)).not.toEqual(ref[Object.keys(ref)[0]]);
  });

  it('should refuse a config that continues one with another model or data section', async () => {
    const other = path.join(dir, 'other-data.json');
    fs.writeFileSync(other, JSON.stringify({ extends: 'tiny.json', continues: { config: 'tiny.json', steps: 2 }, data: { datasetSeed: 9 } }));
    const run = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', other, '--out', path.join(dir, 'other')]);
    expect(run.error?.message).toMatch(/continues .*tiny\.json, whose "data" section differs/);
  });

  it('should save a checkpoint and exit cleanly on SIGINT', async () => {
    const out = path.join(dir, 'sigint');
    const pending = runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', out, '--steps', '100000']);
    const log = path.join(out, 'train-log.jsonl');
    while (!fs.existsSync(log)) await new Promise((r) => setTimeout(r, 20));
    process.emit('SIGINT');
    const run = await pending;
    expect(run.error).toBeUndefined();
    expect(run.stderr).toMatch(/interrupted; finishing the current step and saving a checkpoint/);
    const m = /^interrupted at step (\d+),/.exec(run.stdout);
    expect(m).not.toBeNull();
    expect(readCheckpoint(out).meta.step).toBe(Number(m![1]));
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('should compute the gradients over --workers threads and record the count in the config and checkpoints', async () => {
    const out = path.join(dir, 'two-threads');
    const run = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', out, '--backend', 'wasm', '--workers', '2']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/^finished at step 4/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).train.workers).toBe(2);
    expect(readCheckpoint(out).meta.train?.workers).toBe(2);
    const odd = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', path.join(dir, 'three'), '--workers', '3']);
    expect(odd.error?.message).toMatch(/workers \(3\) must divide batchSize \(4\)/);
  });

  it('should report bad flags, unknown envs without data and a missing checkpoint', async () => {
    expect((await runCli(['train', '--env', 'maze2d-umaze-v1', '--out', dir, '--backend', 'gpu'])).stderr).toMatch(/--backend expects one of auto, tensorflow, wasm, cpu, received 'gpu'/);
    expect((await runCli(['train', '--out', dir])).stderr).toMatch(/required option '--env <id>'/);
    const noData = await runCli(['train', '--env', 'hopper-medium-v2', '--config', config, '--out', path.join(dir, 'h')]);
    expect(noData.error?.message).toMatch(/no dataset generator for 'hopper-medium-v2'; pass --data <file>/);
    const noCkpt = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', config, '--out', path.join(dir, 'empty'), '--resume']);
    expect(noCkpt.error?.message).toMatch(/--resume: no checkpoint/);
  });
});
