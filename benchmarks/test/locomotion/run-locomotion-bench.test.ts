import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, tf } from '@dfp/core';
import { readLocomotionResults, runLocomotionBench } from '@dfp/benchmarks';
import type { BenchLocomotionConfig } from '@dfp/benchmarks';
import { tinyTrainConfig, writeTinyRewardCheckpoint, writeTinyTrainConfig } from './tiny-reward-checkpoint';

describe('runLocomotionBench', () => {
  let dir: string;
  let config: BenchLocomotionConfig;
  const quiet = { progress: 'none' as const, log: () => {}, backend: 'wasm', command: 'test' };
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-bench-'));
    // The "random" behaviour policy generates data fast; 200 rows hold several complete hopper episodes.
    const template = writeTinyTrainConfig(dir, 'random', tinyTrainConfig(200));
    config = {
      dataset: 'random', datasetDir: path.join(dir, 'data'), checkpoints: { config: template },
      protocol: { envs: ['hopper-v4'], episodes: 2, episodeSteps: 8 },
      df: { samplingSteps: 2, mcgSamples: 2, maxHorizon: 2 }, mppi: { samples: 3, horizon: 3 },
    };
    writeTinyRewardCheckpoint(path.join(dir, 'ck', 'hopper-random'));
    fs.mkdirSync(path.join(dir, 'bad', 'hopper-random'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'bad', 'hopper-random', 'step-00000001.json'), '{"format":');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should measure behaviour data and MPPI, and name the command that trains a missing DF checkpoint', async () => {
    // Act
    const run = await runLocomotionBench({ ...quiet, config, preset: 'full', columns: ['behaviour', 'mppi', 'df'], checkpoints: path.join(dir, 'none'), out: path.join(dir, 'out'), now: new Date('2026-03-04T05:06:07Z') });
    // Assert
    expect(run.file).toBe(path.join(dir, 'out', 'locomotion-2026-03-04.json'));
    expect(readLocomotionResults(run.file)).toEqual(run.results);
    const [behaviour, mppi, df] = run.results.cells;
    expect(behaviour).toMatchObject({ status: 'ok', settings: { source: 'dataset', scoreSteps: 8 } });
    expect(behaviour.dataset).toEqual({ file: path.join(dir, 'data', 'hopper-v4-random-s1-n200.safetensors'), policy: 'random', seed: 1, rows: 200, rowsRead: 200, generated: true });
    expect(behaviour.episodes.every((e) => e.seed === null && e.steps <= 8)).toBe(true);
    expect(mppi.episodes.map((e) => e.seed)).toEqual([0, 1]);
    expect(df).toMatchObject({ status: 'unavailable', reason: `no checkpoint: dfp bench locomotion --train --envs hopper --checkpoints ${path.join(dir, 'none')}` });
    expect(run.results.protocol).toEqual({ episodes: 2, evalSeeds: [0, 1], episodeSteps: 8, dataset: 'random', behaviourRows: null, score: 'D4RL-normalized return x100 (reference returns of d4rl/infos.py)' });
    expect(run.markdown).toMatch(/\| hopper \(random data\) \| -?\d+\.\d ± \d+\.\d \| -?\d+\.\d ± \d+\.\d \| n\/a \(no checkpoint\) \|/);
  });

  it('should read the behaviour episodes from the first rows of the training dataset, or of a smaller file when it is missing', async () => {
    const viaFull = await runLocomotionBench({ ...quiet, config: { ...config, protocol: { ...config.protocol, behaviourRows: 90 } }, preset: 'full', columns: ['behaviour'], out: path.join(dir, 'out-b') });
    expect(viaFull.results.cells[0].dataset).toMatchObject({ rows: 200, rowsRead: 90, generated: false });
    const other = { ...config, datasetDir: path.join(dir, 'data2'), protocol: { ...config.protocol, behaviourRows: 90 } };
    const viaSmall = await runLocomotionBench({ ...quiet, config: other, preset: 'full', columns: ['behaviour'], out: path.join(dir, 'out-b') });
    expect(viaSmall.results.cells[0].dataset).toMatchObject({ file: path.join(dir, 'data2', 'hopper-v4-random-s1-n90.safetensors'), rows: 90, rowsRead: 90, generated: true });
    expect(viaSmall.results.cells[0].episodes).toEqual(viaFull.results.cells[0].episodes);
  });

  it('should plan with a reward-token checkpoint in both DF columns without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const run = await runLocomotionBench({ ...quiet, config, preset: 'full', columns: ['df-unguided', 'df'], checkpoints: path.join(dir, 'ck'), out: path.join(dir, 'out-df') });
    expect(tf.memory().numTensors).toBe(before);
    const [unguided, guided] = run.results.cells;
    expect(unguided).toMatchObject({ status: 'ok', settings: { guidance: 'none', scale: 0 }, checkpoint: { step: 1, windowTokens: 3 } });
    expect(guided).toMatchObject({ status: 'ok', settings: { guidance: 'rewardSum', mcgSamples: 2, openLoopHorizon: 2, maxHorizon: 2 } });
    expect(guided.summary!.replans).toBeGreaterThan(0);
  });

  it('should record an unreadable checkpoint as an error cell and keep going', async () => {
    const run = await runLocomotionBench({ ...quiet, config, preset: 'full', columns: ['df', 'mppi'], checkpoints: path.join(dir, 'bad'), out: path.join(dir, 'out-bad') });
    expect(run.results.cells.map((c) => c.status)).toEqual(['ok', 'error']);
    expect(run.results.cells[1].reason).toMatch(/^checkpoint error: .*step-00000001\.json/);
  });

  it('should mark every cell skipped when interrupted, and refuse to train over existing checkpoints', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runLocomotionBench({ ...quiet, config, preset: 'full', columns: ['behaviour', 'mppi'], out: path.join(dir, 'out-int'), signal: controller.signal });
    expect(run.results.interrupted).toBe(true);
    expect(run.results.cells.map((c) => c.status)).toEqual(['skipped', 'skipped']);
    await expect(runLocomotionBench({ ...quiet, config, preset: 'full', train: true, checkpoints: path.join(dir, 'ck'), out: path.join(dir, 'out-int') })).rejects.toThrow(/already holds checkpoints/);
  });
});
