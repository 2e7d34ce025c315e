import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, tf } from '@dfp/core';
import { DiffusionForcingPlanner, rewardSum } from '@dfp/planner';
import { loadLocomotionCheckpoint, locomotionCheckpointRef, readLocomotionResults } from '@dfp/benchmarks';
import { runCli } from '../packages/cli/test/helpers/run-cli';

/**
 * End to end on the hopper with a tiny reward-token model (frame [o_{t+1}, a_t, r_t], rewardDim 1):
 * `dfp bench locomotion --train` generates a small "medium" dataset, trains the model for a few updates, then runs
 * every column (behaviour data, MPPI on the true simulator, DF unguided, DF with reward guidance and MCG) on short
 * episodes and writes a validated results file; the checkpoint then plans predicted rewards directly.
 */
const TINY_TRAIN_CONFIG = {
  model: { frameStack: 2, rewardDim: 1, schedule: { K: 50 }, rnn: { hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 } },
  data: { windowTokens: 4, respectEpisodes: true, datasetSteps: 300, datasetSeed: 2 },
  train: { steps: 3, batchSize: 4, warmupSteps: 1, checkpointEvery: 0, logEvery: 3 },
};

describe('locomotion end to end: dataset -> train reward-token model -> plan with reward guidance -> bench', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-e2e-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should train a tiny hopper model and produce a validated benchmark with every column measured', async () => {
    // Arrange: a tiny training config and a bench config pointing at it, with short episodes and cheap planners.
    fs.mkdirSync(path.join(dir, 'configs'));
    fs.writeFileSync(path.join(dir, 'configs', 'hopper-medium.json'), JSON.stringify(TINY_TRAIN_CONFIG));
    const bench = {
      protocol: { episodes: 2, episodeSteps: 12 },
      dataset: 'medium',
      datasetDir: path.join(dir, 'data'),
      checkpoints: { config: path.join(dir, 'configs', '{task}-{dataset}.json') },
      df: { samplingSteps: 3, mcgSamples: 2, maxHorizon: 3, scale: 5 },
      mppi: { samples: 4, horizon: 4 },
    };
    fs.writeFileSync(path.join(dir, 'bench.json'), JSON.stringify(bench));
    const checkpoints = path.join(dir, 'ck');
    const before = tf.memory().numTensors;

    // Act
    const run = await runCli([
      'bench', 'locomotion', '--full', '--envs', 'hopper', '--train', '--config', path.join(dir, 'bench.json'), '--checkpoints', checkpoints,
      '--out', path.join(dir, 'results'), '--backend', 'wasm', '--progress', 'none',
    ]);

    // Assert: every column measured on 2 seeded episodes; the table and the files are there.
    expect(run.error).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    const file = /wrote (\S+locomotion-\d{4}-\d\d-\d\d\.json)/.exec(run.stdout)![1];
    const results = readLocomotionResults(file);
    expect(results.cells.map((c) => [c.column, c.status])).toEqual([['behaviour', 'ok'], ['mppi', 'ok'], ['df-unguided', 'ok'], ['df', 'ok']]);
    for (const cell of results.cells.slice(1)) {
      expect(cell.episodes.map((e) => e.seed)).toEqual([0, 1]);
      expect(cell.episodes.every((e) => e.steps >= 1 && e.steps <= 12 && Number.isFinite(e.normalizedScore))).toBe(true);
    }
    // --train generated the training dataset; the behaviour column then read the same file.
    expect(results.cells[0].dataset).toEqual({ file: path.join(dir, 'data', 'hopper-v4-medium-s2-n300.safetensors'), policy: 'medium', seed: 2, rows: 300, rowsRead: 300, generated: false });
    expect(results.cells[3].settings).toMatchObject({ guidance: 'rewardSum', scale: 5, mcgSamples: 2, samplingSteps: 3, maxHorizon: 3, openLoopHorizon: 2 });
    expect(results.cells[3].checkpoint).toMatchObject({ step: 3, causal: true, windowTokens: 4 });
    expect(run.stdout).toMatch(/\| hopper \(medium data\) \| -?\d+\.\d ± \d+\.\d \| -?\d+\.\d ± \d+\.\d \| -?\d+\.\d ± \d+\.\d \| -?\d+\.\d ± \d+\.\d \|/);
    expect(fs.readFileSync(path.join(checkpoints, 'hopper-medium', 'TRAINING.md'), 'utf8')).toMatch(/\| `dfp bench locomotion --train --envs hopper --checkpoints \S+` \| 0 \| 3 \|/);

    // The trained checkpoint plans frames [o_{t+1}, a_t, r_t] with finite predicted rewards under reward guidance.
    const { model } = loadLocomotionCheckpoint(locomotionCheckpointRef(checkpoints, 'hopper-v4', { checkpointNames: { name: '{task}-{dataset}', config: '' }, dataset: 'medium' }));
    const planner = new DiffusionForcingPlanner({ model, guidance: rewardSum({ discount: 0.9 }), scale: 5, mcgSamples: 2, samplingSteps: 3, horizon: 3 });
    const plan = await planner.plan(new Float64Array(11).fill(0.1));
    model.dispose();
    expect(plan.rewards).toHaveLength(6);
    expect([...plan.rewards!].every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
