import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend, tf } from '@dfp/core';
import { readMaze2dResults, runMaze2dBench } from '@dfp/benchmarks';
import { FAST_BENCH_CONFIG, tinyCheckpointRoot } from '../helpers/tiny-checkpoints';

describe('runMaze2dBench', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend('wasm');
    root = tinyCheckpointRoot(['maze2d-umaze-v1'], { diffuser: false });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('should run the runnable cells, mark the others with the reason, and write validated results with figures', async () => {
    const before = tf.memory().numTensors;
    const run = await runMaze2dBench({
      config: FAST_BENCH_CONFIG, preset: 'full', envs: ['maze2d-umaze-v1'], goals: ['single'], columns: ['mppi', 'iql', 'diffuser-pd', 'df-no-mcg'],
      episodes: 2, maxEpisodeSteps: 12, checkpoints: root, out: path.join(root, 'out'), progress: 'none', log: () => {}, now: new Date('2026-03-04T05:06:07Z'), backend: 'wasm', command: 'test',
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.file).toBe(path.join(root, 'out', 'maze2d-2026-03-04.json'));
    expect(readMaze2dResults(run.file)).toEqual(run.results);
    const byColumn = Object.fromEntries(run.results.cells.map((c) => [c.column, c]));
    expect(byColumn.mppi.status).toBe('ok');
    expect(byColumn.iql).toMatchObject({ status: 'unavailable', reason: 'not implemented in dfp: offline RL baseline, paper number only', paper: { mean: 47.4 } });
    expect(byColumn['diffuser-pd'].reason).toBe(`no checkpoint: dfp train --env maze2d-umaze-v1 --config configs/maze2d-umaze-v1-diffuser.json --out ${path.join(root, 'maze2d-umaze-v1-diffuser')}`);
    const df = byColumn['df-no-mcg'];
    expect(df).toMatchObject({ status: 'ok', settings: { mcgSamples: 1, samplingSteps: 3, openLoopHorizon: 4, maxHorizon: 3 }, checkpoint: { step: 1, causal: true } });
    expect(df.episodes).toHaveLength(2);
    expect(df.figures).toEqual(['maze2d-2026-03-04/maze2d-umaze-v1-single-df-no-mcg-ep0.svg']);
    expect(fs.readFileSync(path.join(root, 'out', df.figures[0]), 'utf8')).toMatch(/^<svg/);
    expect(run.results.protocol).toMatchObject({ episodes: 2, evalSeeds: [0, 1], maxEpisodeSteps: 12, episodeSteps: { 'maze2d-umaze-v1': 12 } });
    expect(run.results.deviations.join('\n')).toMatch(/episodes cut at 12 steps/);
    expect(run.markdown).toMatch(/\| Maze2D U-Maze \| .* \(paper 33\.2\) \| n\/a \(not implemented in dfp\) \(paper 47\.4\) \| n\/a \(no checkpoint\) \(paper 113\.9 ± 3\.1\) \|/);
  });

  it('should record an unreadable checkpoint as an error cell and keep going', async () => {
    const bad = path.join(root, 'bad');
    fs.mkdirSync(path.join(bad, 'maze2d-umaze-v1'), { recursive: true });
    fs.writeFileSync(path.join(bad, 'maze2d-umaze-v1', 'step-00000001.json'), '{"format":');
    const run = await runMaze2dBench({ config: FAST_BENCH_CONFIG, envs: ['maze2d-umaze-v1'], goals: ['single'], columns: ['df', 'mppi'], episodes: 1, maxEpisodeSteps: 3, checkpoints: bad, out: path.join(bad, 'out'), progress: 'none' });
    expect(run.results.cells.map((c) => c.status)).toEqual(['ok', 'error']);
    expect(run.results.cells[1].reason).toMatch(/^checkpoint error: .*step-00000001\.json: checkpoint metadata is not valid JSON/);
  });

  it('should write the finished cells and mark the rest skipped when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runMaze2dBench({ config: FAST_BENCH_CONFIG, envs: ['maze2d-umaze-v1'], goals: ['single', 'multi'], columns: ['mppi'], episodes: 1, maxEpisodeSteps: 3, checkpoints: root, out: path.join(root, 'out2'), progress: 'none', signal: controller.signal });
    expect(run.results.interrupted).toBe(true);
    expect(run.results.cells.map((c) => c.status)).toEqual(['skipped', 'skipped']);
    expect(run.markdown).toMatch(/INTERRUPTED/);
  });
});
