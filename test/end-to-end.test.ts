import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiffusionModel, Normalizer, initBackend, loadCheckpoint, tf, train, trajectoryDataset } from '@dfp/core';
import { generateMaze2dDataset } from '@dfp/envs';
import { DiffusionForcingPlanner, goalDistance } from '@dfp/planner';
import { maze2dMarkdown, readMaze2dResults, runMaze2dBench } from '@dfp/benchmarks';

/**
 * End to end on U-Maze with tiny models and few steps: dataset -> train (a causal RNN for DF and a non-causal
 * transformer with one shared noise level for Diffuser) -> plan -> the Maze2D benchmark (every column) -> a
 * well-formed, schema-valid results file and SVG figures.
 */
const LAYOUT = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 2 };
const WINDOW = 4;

describe('end to end: dataset -> train -> plan -> evaluate', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-e2e-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should train tiny models, plan with them and produce a validated benchmark result with figures', async () => {
    // Dataset: D4RL-style waypoint-controller data.
    const raw = generateMaze2dDataset('maze2d-umaze-v1', { steps: 600, seed: 3 });
    const data = trajectoryDataset({ ...raw, obsDim: 4, actDim: 2 });
    // Train: DF (per-token noise levels) and the Diffuser-style baseline (one level per sequence, non-causal).
    const backbones = {
      'maze2d-umaze-v1': { model: { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 }, noiseMode: 'per-token' as const },
      'maze2d-umaze-v1-diffuser': { model: { kind: 'transformer', width: 16, layers: 1, heads: 2, ffMult: 2, embDim: 8, causal: false }, noiseMode: 'shared' as const },
    };
    const before = tf.memory().numTensors;
    for (const [name, b] of Object.entries(backbones)) {
      const model = DiffusionModel.create({ layout: LAYOUT, backbone: b.model, schedule: { kind: 'linear', K: 50 } }, Normalizer.fit(data, LAYOUT), 0);
      const r = await train(model, data, { steps: 3, batchSize: 4, windowTokens: WINDOW, noiseMode: b.noiseMode, outDir: path.join(dir, 'ck', name), progress: 'none', config: { data: { windowTokens: WINDOW } } });
      expect(Number.isFinite(r.loss)).toBe(true);
      model.dispose();
    }
    // Plan: one guided DF plan from the trained checkpoint.
    const { model } = loadCheckpoint(path.join(dir, 'ck', 'maze2d-umaze-v1'));
    const planner = new DiffusionForcingPlanner({ model, guidance: goalDistance(), scale: 5, samplingSteps: 3, horizon: WINDOW });
    const plan = await planner.plan([3, 3, 0, 0], { goal: [1, 1] });
    expect(plan.observations).toHaveLength(WINDOW * LAYOUT.frameStack);
    expect(plan.observations.flatMap((o) => [...o]).every(Number.isFinite)).toBe(true);
    model.dispose();
    // Evaluate: every column of the benchmark, both goal modes, 2 episodes of 16 steps.
    const run = await runMaze2dBench({
      config: { df: { samplingSteps: 3, openLoopHorizon: 4, mcgSamples: 2 }, diffuser: { samplingSteps: 3 }, mppi: { horizon: 8, samples: 16 } },
      preset: 'full', envs: ['maze2d-umaze-v1'], episodes: 2, maxEpisodeSteps: 16, figuresPerCell: 1,
      checkpoints: path.join(dir, 'ck'), out: path.join(dir, 'results'), progress: 'none', log: () => {},
    });
    expect(tf.memory().numTensors).toBe(before);
    const results = readMaze2dResults(run.file); // validates the zod schema
    expect(results.cells).toHaveLength(2 * 8);
    for (const cell of results.cells) {
      if (cell.column === 'cql' || cell.column === 'iql') {
        expect(cell.status).toBe('unavailable');
        continue;
      }
      expect(cell.status).toBe('ok');
      expect(cell.summary!.episodes).toBe(2);
      expect(cell.episodes.map((e) => e.seed)).toEqual([0, 1]);
      expect(cell.summary!.successRate).toBeGreaterThanOrEqual(0);
      const svg = fs.readFileSync(path.join(dir, 'results', cell.figures[0]), 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<polyline[\s\S]*<\/svg>$/);
    }
    expect(maze2dMarkdown(results)).toMatch(/\| Multi2D U-Maze \|/);
  });
});
