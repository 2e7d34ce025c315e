import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend } from '@dfp/core';
import { loadBenchMaze2dConfig, searchedKnobs, tuneMaze2d, tuningGrid } from '@dfp/benchmarks';
import { tinyCheckpointRoot } from '../helpers/tiny-checkpoints';

describe('tuningGrid', () => {
  it('should enumerate the cartesian product, scale slowest', () => {
    const g = tuningGrid({ scale: [1, 2], mcgSamples: [1, 4], openLoopHorizon: [10], stabilizationLevel: [null, 5] });
    expect(g).toHaveLength(8);
    expect(g[0]).toEqual({ scale: 1, mcgSamples: 1, openLoopHorizon: 10, stabilizationLevel: null, horizonFactor: false });
    expect(g[7]).toEqual({ scale: 2, mcgSamples: 4, openLoopHorizon: 10, stabilizationLevel: 5, horizonFactor: false });
  });

  it('should vary horizonFactor fastest when the grid lists it', () => {
    const g = tuningGrid({ scale: [3], mcgSamples: [1], openLoopHorizon: [10], stabilizationLevel: [null], horizonFactor: [false, true] });
    expect(g.map((k) => k.horizonFactor)).toEqual([false, true]);
  });
});

describe('searchedKnobs', () => {
  it('should keep only the knobs the grid varies', () => {
    const knobs = { scale: 3, mcgSamples: 2, openLoopHorizon: 30, stabilizationLevel: null, horizonFactor: true };
    expect(searchedKnobs(knobs, { scale: [1, 3], mcgSamples: [2], openLoopHorizon: [30], stabilizationLevel: [null], horizonFactor: [false, true] })).toEqual({ scale: 3, horizonFactor: true });
    expect(searchedKnobs(knobs, { scale: [3], mcgSamples: [2], openLoopHorizon: [30], stabilizationLevel: [null] })).toEqual({});
  });
});

describe('tuneMaze2d', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend('wasm');
    root = tinyCheckpointRoot(['maze2d-umaze-v1'], { diffuser: false });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('should search the grid on the tuning seeds, write the log and the chosen values into the config', async () => {
    const configFile = path.join(root, 'bench.json');
    const base = { df: { samplingSteps: 2 }, tuning: { seed: 500, episodes: 2, goals: ['single'], grid: { scale: [0, 5], mcgSamples: [1], openLoopHorizon: [4], stabilizationLevel: [null] } } };
    fs.writeFileSync(configFile, JSON.stringify(base));
    const r = await tuneMaze2d({
      config: configFile, preset: 'full', envs: ['maze2d-umaze-v1', 'maze2d-medium-v1'], checkpoints: root, out: root, maxEpisodeSteps: 8, progress: 'none', log: () => {}, now: new Date('2026-02-03T00:00:00Z'),
    });
    expect(r.points.map((p) => p.knobs.scale)).toEqual([0, 5]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]).toMatch(/^maze2d-medium-v1: .*train it: dfp train --env maze2d-medium-v1/);
    const best = r.points.reduce((a, p) => (p.meanScore > a.meanScore ? p : a));
    expect(r.chosen['maze2d-umaze-v1']).toEqual({ scale: best.knobs.scale }); // the only knob with several values
    const config = loadBenchMaze2dConfig(configFile);
    expect(config.envs?.['maze2d-umaze-v1']?.df).toEqual({ scale: best.knobs.scale });
    expect(config.df).toEqual(base.df);
    expect(config.tuning?.lastRun).toMatchObject({ seeds: '500..501', envs: ['maze2d-umaze-v1'] });
    const log = JSON.parse(fs.readFileSync(r.log, 'utf8'));
    expect(path.basename(r.log)).toBe('maze2d-tune-2026-02-03.json');
    expect(log).toMatchObject({ format: 'dfp-bench-maze2d-tune', seeds: [500, 501], goals: ['single'] });
    expect(log.points).toHaveLength(2);
    expect(log.fixedSettings['maze2d-umaze-v1']).toMatchObject({ samplingSteps: 2, maxEpisodeSteps: 8 });
  });

  it('should refuse tuning seeds that overlap the evaluation seeds', async () => {
    const configFile = path.join(root, 'overlap.json');
    fs.writeFileSync(configFile, JSON.stringify({ tuning: { seed: 10 } }));
    await expect(tuneMaze2d({ config: configFile, checkpoints: root, out: root, progress: 'none' })).rejects.toThrow(/overlap the tuning seeds 10\.\.17/);
  });
});
