import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '@dfp/envs';
import { runCli } from '../helpers/run-cli';

describe('dfp dataset', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cli-dataset-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should generate, save and report a dataset', async () => {
    // Arrange
    const out = path.join(dir, 'data', 'umaze.safetensors');
    // Act
    const run = await runCli(['dataset', 'maze2d-umaze-v1', '--steps', '3000', '--seed', '7', '--out', out, '--action-noise', '0.1']);
    // Assert
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/^wrote .*umaze\.safetensors: 3000 transitions of maze2d-umaze-v1 \(seed 7, \d+ goals reached or capped\)/);
    expect(run.stderr).toBe(''); // no progress bar when stderr is not a TTY
    const ds = loadDataset(out);
    expect(ds.size).toBe(3000);
    expect(ds.metadata).toMatchObject({ envId: 'maze2d-umaze-v1', seed: 7, actionNoise: 0.1, rewardTiming: 'post-step' });
  });

  it('should honour --reward-timing', async () => {
    const out = path.join(dir, 'pre.safetensors');
    await runCli(['dataset', 'maze2d-umaze-v1', '--steps', '10', '--out', out, '--reward-timing', 'pre-step', '--quiet']);
    expect(loadDataset(out).metadata.rewardTiming).toBe('pre-step');
  });

  it.each([
    [['--steps', 'many'], /--steps expects an integer in \[1, 50000000\], received 'many'/],
    [['--steps', '1.5'], /--steps expects an integer/],
    [['--seed', '-1'], /--seed expects an integer in \[0, /],
    [['--action-noise', 'NaN'], /--action-noise expects a number >= 0, received 'NaN'/],
  ])('should reject bad flags %j with a message naming the flag', async (flags, pattern) => {
    const run = await runCli(['dataset', 'maze2d-umaze-v1', '--out', path.join(dir, 'x.safetensors'), ...flags]);
    expect(run.error).toBeDefined();
    expect(run.stderr).toMatch(pattern);
  });

  it('should require --out and a known env id', async () => {
    expect((await runCli(['dataset', 'maze2d-umaze-v1'])).stderr).toMatch(/required option '--out <file>' not specified/);
    const run = await runCli(['dataset', 'maze2d-tiny-v1', '--steps', '5', '--out', path.join(dir, 'y.safetensors')]);
    expect(run.error?.message).toMatch(/unknown Maze2D env id "maze2d-tiny-v1"; known ids: maze2d-umaze-v1/);
    expect(fs.existsSync(path.join(dir, 'y.safetensors'))).toBe(false);
  });
});
