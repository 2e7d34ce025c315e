import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMaze2dResults } from '@dfp/benchmarks';
import { runCli } from '../helpers/run-cli';

/** Tiny training configs (seconds to train): a causal RNN for DF and a non-causal transformer with one shared noise level for Diffuser. */
const TINY_DATA = { windowTokens: 4, datasetSteps: 400, datasetSeed: 1 };
const TINY_TRAIN = { steps: 3, batchSize: 4, checkpointEvery: 0, logEvery: 3, warmupSteps: 1 };
const TINY_DF = { model: { frameStack: 2, schedule: { K: 50 }, rnn: { hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 } }, data: TINY_DATA, train: TINY_TRAIN };
const TINY_DIFFUSER = {
  model: { backbone: 'transformer', frameStack: 2, schedule: { K: 50 }, transformer: { width: 16, layers: 1, heads: 2, ffMult: 2, embDim: 8, causal: false } },
  data: TINY_DATA,
  train: { ...TINY_TRAIN, noiseMode: 'shared' },
};

describe('dfp bench', () => {
  let dir: string;
  let checkpoints: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cli-bench-'));
    checkpoints = path.join(dir, 'checkpoints');
    for (const [name, config] of [['df', TINY_DF], ['diffuser', TINY_DIFFUSER]] as const) {
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(config));
      const out = path.join(checkpoints, name === 'df' ? 'maze2d-umaze-v1' : 'maze2d-umaze-v1-diffuser');
      const run = await runCli(['train', '--env', 'maze2d-umaze-v1', '--config', path.join(dir, `${name}.json`), '--out', out, '--backend', 'wasm', '--progress', 'none']);
      expect(run.error).toBeUndefined();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should run maze2d by default with tiny checkpoints, print the table and write validated results', async () => {
    const out = path.join(dir, 'results');
    const run = await runCli(['bench', '--episodes', '2', '--envs', 'maze2d-umaze-v1', '--checkpoints', checkpoints, '--out', out, '--sampling-steps', '3', '--max-episode-steps', '20', '--backend', 'wasm', '--progress', 'none']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/`quick` run of \d{4}-\d\d-\d\d/);
    expect(run.stdout).toMatch(/Command: `dfp bench maze2d --envs maze2d-umaze-v1 --episodes 2 --checkpoints \S+ --out \S+ --sampling-steps 3 --max-episode-steps 20 --backend wasm --progress none`/);
    expect(run.stdout).toMatch(/- episodes cut at 20 steps \(NOT the protocol/);
    expect(run.stdout).toMatch(/\| Maze2D U-Maze \| -?\d+\.\d ± \d+\.\d \(paper 33\.2\) \| n\/a \(not implemented in dfp\) \(paper 5\.7\) \|/);
    expect(run.stdout).toMatch(/\| Multi2D U-Maze \|/);
    const file = /wrote (\S+maze2d-\d{4}-\d\d-\d\d\.json)/.exec(run.stdout)![1];
    const results = readMaze2dResults(file);
    const ok = results.cells.filter((c) => c.status === 'ok').map((c) => c.column);
    expect(new Set(ok)).toEqual(new Set(['mppi', 'diffuser-pd', 'diffuser-diffused', 'df-full-seq', 'df-no-mcg', 'df']));
    expect(results.cells.filter((c) => c.status === 'ok').every((c) => c.episodes.length === 2 && c.episodes.every((e) => e.steps === 20))).toBe(true);
    expect(fs.readFileSync(path.join(out, results.cells.find((c) => c.column === 'df')!.figures[0]), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);

    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# x\n<!-- bench:maze2d:start -->\n<!-- bench:maze2d:end -->\n');
    const again = await runCli(['bench', 'maze2d', '--from-results', file, '--update-readme', '--readme', readme]);
    expect(again.error).toBeUndefined();
    expect(again.stdout).toContain(`updated ${readme}`);
    expect(fs.readFileSync(readme, 'utf8')).toMatch(/<!-- bench:maze2d:start -->\nMaze2D \(D4RL v1\)[\s\S]*!\[Executed path[\s\S]*<!-- bench:maze2d:end -->\n$/);
  });

  it('should retrain the checkpoints with --train from the configs the bench config names (two-stage ones too) and plan over --workers threads', async () => {
    fs.writeFileSync(path.join(dir, 'df-long.json'), JSON.stringify({ extends: 'df.json', continues: { config: 'df.json', steps: 2 }, train: { steps: 4, gradClip: 1 } }));
    const bench = path.join(dir, 'bench-train.json');
    fs.writeFileSync(bench, JSON.stringify({
      checkpoints: { df: { name: '{env}', config: path.join(dir, 'df-long.json') }, diffuser: { name: '{env}-diffuser', config: path.join(dir, 'diffuser.json') } },
      df: { samplingSteps: 2 }, diffuser: { samplingSteps: 2 },
    }));
    const fresh = path.join(dir, 'fresh');
    const run = await runCli(['bench', 'maze2d', '--full', '--train', '--config', bench, '--envs', 'maze2d-umaze-v1', '--goals', 'single', '--columns', 'df,diffuser-pd', '--episodes', '2', '--max-episode-steps', '4', '--workers', '2', '--checkpoints', fresh, '--out', path.join(dir, 'r2'), '--progress', 'none']);
    expect(run.error).toBeUndefined();
    expect(run.stderr).toMatch(/training df model for maze2d-umaze-v1: dfp train --env maze2d-umaze-v1 --config \S+df-long\.json --out \S+fresh\/maze2d-umaze-v1\n/);
    expect(run.stderr).toMatch(/stage 1: \S+df\.json to step 2/);
    expect(fs.existsSync(path.join(fresh, 'maze2d-umaze-v1', 'step-00000004.json'))).toBe(true);
    expect(fs.existsSync(path.join(fresh, 'maze2d-umaze-v1-diffuser', 'step-00000003.json'))).toBe(true);
    const results = readMaze2dResults(/wrote (\S+maze2d-\d{4}-\d\d-\d\d\.json)/.exec(run.stdout)![1]);
    const df = results.cells.find((c) => c.column === 'df')!;
    expect(df.status).toBe('ok');
    expect(df.settings).toMatchObject({ workers: 2 });
    const again = await runCli(['bench', 'maze2d', '--train', '--config', bench, '--envs', 'maze2d-umaze-v1', '--columns', 'df', '--checkpoints', fresh, '--out', path.join(dir, 'r3'), '--progress', 'none']);
    expect(again.error?.message).toMatch(/already holds checkpoints/);
  });

  it('should reject conflicting presets and unknown envs with clear errors', async () => {
    const conflict = await runCli(['bench', 'maze2d', '--quick', '--full']);
    expect(conflict.stderr).toMatch(/option '--full' cannot be used with option '--quick'/);
    const unknown = await runCli(['bench', 'maze2d', '--envs', 'maze2d-huge-v1', '--checkpoints', checkpoints, '--out', path.join(dir, 'r4'), '--progress', 'none']);
    expect(unknown.error?.message).toMatch(/--envs: unknown value "maze2d-huge-v1"/);
    const episodes = await runCli(['bench', 'maze2d', '--episodes', '0']);
    expect(episodes.stderr).toMatch(/--episodes expects an integer in \[1, /);
  });
});

describe('dfp bench perf', () => {
  it('should reject a bad --paired-rounds value, naming the flag and the range', async () => {
    const run = await runCli(['bench', 'perf', '--paired-rounds', '-1']);
    expect(run.stderr).toMatch(/--paired-rounds expects an integer in \[0, 100\]/);
  });

  it('should print the paired rounds of a results file with --from-results', async () => {
    const file = path.join(__dirname, '../../../../benchmarks/results/perf-config-a-paired/run-6/perf-2026-11-27.json');
    const run = await runCli(['bench', 'perf', '--from-results', file]);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('Config A, paired: rnn on wasm with 2 threads against PyTorch with 2 threads, 8 rounds of 5 steps each side');
    expect(run.stdout).toMatch(/Median over rounds: dfp 239 ms, PyTorch 186 ms, ratio 1\.29x/);
  });
});
