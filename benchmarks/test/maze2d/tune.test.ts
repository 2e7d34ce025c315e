import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { initBackend } from '@dfp/core';
import { coordinateSearch, coordinateSearchSize, gridSearch, loadBenchMaze2dConfig, searchedKnobs, tuneMaze2d, tuningGrid } from '@dfp/benchmarks';
import type { TunedKnobs, TuningGridSpec } from '@dfp/benchmarks';
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

describe('gridSearch', () => {
  it('should score every grid point once, in tuningGrid order, and keep the first best on ties', async () => {
    const grid = { scale: [1, 2, 3], mcgSamples: [1, 4], openLoopHorizon: [10], stabilizationLevel: [null] };
    const seen: TunedKnobs[] = [];
    const best = await gridSearch(grid, async (k) => { seen.push(k); return k.scale === 1 ? 0 : k.mcgSamples; });
    expect(seen).toEqual(tuningGrid(grid));
    expect(best).toBe(seen[3]); // scale 1 scores 0; (2, 4) and (3, 4) tie at 4, the first stays
    expect(best).toEqual({ scale: 2, mcgSamples: 4, openLoopHorizon: 10, stabilizationLevel: null, horizonFactor: false });
  });
});

describe('coordinateSearch', () => {
  const gridArb = fc.record({
    scale: fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 4 }),
    mcgSamples: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
    openLoopHorizon: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
    stabilizationLevel: fc.uniqueArray(fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }), { minLength: 1, maxLength: 3 }),
    horizonFactor: fc.constantFrom([false], [true], [false, true]),
  });
  const startArb = (g: TuningGridSpec): fc.Arbitrary<TunedKnobs> =>
    fc.record({ scale: fc.constantFrom(...g.scale, 99), mcgSamples: fc.constantFrom(...g.mcgSamples), openLoopHorizon: fc.constantFrom(...g.openLoopHorizon), stabilizationLevel: fc.constantFrom(...g.stabilizationLevel), horizonFactor: fc.boolean() });
  const key = (k: TunedKnobs): string => JSON.stringify([k.scale, k.mcgSamples, k.openLoopHorizon, k.stabilizationLevel, k.horizonFactor]);

  it('should score each point once, as many as coordinateSearchSize says, and return the best one scored', async () => {
    await fc.assert(
      fc.asyncProperty(gridArb.chain((g) => fc.tuple(fc.constant(g), startArb(g), fc.integer())), async ([grid, start, salt]) => {
        const scored: TunedKnobs[] = [];
        // An arbitrary deterministic score per point.
        const score = (k: TunedKnobs): number => [...key(k)].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) | 0, salt) % 1000;
        const best = await coordinateSearch(start, grid, async (k) => { scored.push(k); return score(k); });
        expect(new Set(scored.map(key)).size).toBe(scored.length);
        expect(scored.length).toBe(coordinateSearchSize(start, grid));
        expect(scored[0]).toEqual(start);
        expect(score(best)).toBe(Math.max(...scored.map(score)));
      }),
      { numRuns: 100 },
    );
  });

  it('should find the grid optimum of a separable score', async () => {
    const grid = { scale: [3, 10, 30], mcgSamples: [2, 4, 8], openLoopHorizon: [5, 10, 20], stabilizationLevel: [null, 19], horizonFactor: [false, true] };
    const score = (k: TunedKnobs): number => -Math.abs(k.scale - 10) - Math.abs(k.mcgSamples - 8) - Math.abs(k.openLoopHorizon - 5) + (k.stabilizationLevel === 19 ? 1 : 0) + (k.horizonFactor ? 1 : 0);
    const best = await coordinateSearch({ scale: 3, mcgSamples: 2, openLoopHorizon: 20, stabilizationLevel: null, horizonFactor: false }, grid, async (k) => score(k));
    const optimum = tuningGrid(grid).reduce((a, k) => (score(k) > score(a) ? k : a));
    expect(best).toEqual(optimum);
    expect(best).toEqual({ scale: 10, mcgSamples: 8, openLoopHorizon: 5, stabilizationLevel: 19, horizonFactor: true });
  });

  it('should keep the incumbent on ties and skip single-valued knobs', async () => {
    const start = { scale: 10, mcgSamples: 2, openLoopHorizon: 10, stabilizationLevel: null, horizonFactor: false };
    const seen: TunedKnobs[] = [];
    const best = await coordinateSearch(start, { scale: [5, 10, 20], mcgSamples: [2], openLoopHorizon: [10], stabilizationLevel: [null] }, async (k) => { seen.push(k); return 0; });
    expect(best).toBe(start);
    expect(seen.map((k) => k.scale)).toEqual([10, 5, 20]);
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

  it('should run a coordinate search from the current settings when tuning.search is coordinate', async () => {
    const configFile = path.join(root, 'coordinate.json');
    const grid = { scale: [0, 5], mcgSamples: [1, 2], openLoopHorizon: [4], stabilizationLevel: [null] };
    fs.writeFileSync(configFile, JSON.stringify({ df: { samplingSteps: 2, scale: 10, mcgSamples: 4 }, tuning: { seed: 500, episodes: 2, goals: ['single'], search: 'coordinate', grid } }));
    const r = await tuneMaze2d({ config: configFile, preset: 'full', envs: ['maze2d-umaze-v1'], checkpoints: root, out: path.join(root, 'coordinate'), maxEpisodeSteps: 8, progress: 'none', log: () => {} });
    // Start (scale 10, R 4), then scale 0 and 5, then R 1 and 2 at the best scale: 1 + 2 + 2 points.
    expect(r.points.map((p) => [p.knobs.scale, p.knobs.mcgSamples]).slice(0, 3)).toEqual([[10, 4], [0, 4], [5, 4]]);
    expect(r.points).toHaveLength(5);
    expect(r.points.map((p) => p.knobs.openLoopHorizon)).toEqual([4, 4, 4, 4, 4]);
    const best = r.points.reduce((a, p) => (p.meanScore > a.meanScore ? p : a));
    expect(r.chosen['maze2d-umaze-v1']).toEqual({ scale: best.knobs.scale, mcgSamples: best.knobs.mcgSamples });
    expect(JSON.parse(fs.readFileSync(r.log, 'utf8'))).toMatchObject({ search: 'coordinate', grid });
  });

  it('should refuse tuning seeds that overlap the evaluation seeds', async () => {
    const configFile = path.join(root, 'overlap.json');
    fs.writeFileSync(configFile, JSON.stringify({ tuning: { seed: 10 } }));
    await expect(tuneMaze2d({ config: configFile, checkpoints: root, out: root, progress: 'none' })).rejects.toThrow(/overlap the tuning seeds 10\.\.17/);
  });
});
