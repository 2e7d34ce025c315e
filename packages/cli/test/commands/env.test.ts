import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/run-cli';

describe('dfp env', () => {
  it('should list the registered env ids with --list', async () => {
    const run = await runCli(['env', '--list']);
    expect(run.error).toBeUndefined();
    for (const id of ['maze2d-umaze-v1', 'maze2d-medium-v1', 'maze2d-large-v1', 'maze2d-umaze-dense-v1']) expect(run.stdout).toContain(id);
    expect(run.stdout).toMatch(/maze2d-large-v1 +D4RL Maze2D large, sparse reward, 800 steps +\(REF_MIN 6\.7, REF_MAX 273\.99\)/);
  });

  it('should print per-episode returns, normalized scores and their mean for the waypoint controller', async () => {
    const run = await runCli(['env', 'maze2d-umaze-v1', '--episodes', '4', '--policy', 'waypoint', '--seed', '1']);
    expect(run.error).toBeUndefined();
    const rows = run.stdout.split('\n').filter((l) => /^ +\d+ +[\d.]+ +-?[\d.]+$/.test(l));
    expect(rows).toHaveLength(4);
    const meanNormalized = Number(/normalized score (-?[\d.]+) ±/.exec(run.stdout)?.[1]);
    expect(meanNormalized).toBeGreaterThan(100);
  });

  it('should run the random policy and write an SVG rendering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cli-env-'));
    try {
      const svg = path.join(dir, 'out.svg');
      const run = await runCli(['env', 'maze2d-medium-v1', '--episodes', '2', '--policy', 'random', '--svg', svg]);
      expect(run.error).toBeUndefined();
      expect(run.stdout).toContain('policy random');
      const text = fs.readFileSync(svg, 'utf8');
      expect(text.startsWith('<svg')).toBe(true);
      expect((text.match(/<polyline/g) ?? []).length).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should give clear errors for a missing or unknown id and a bad policy', async () => {
    expect((await runCli(['env'])).error?.message).toMatch(/missing argument 'envId'/);
    expect((await runCli(['env', 'hopper-v9'])).error?.message).toMatch(/unknown env id "hopper-v9"; known ids: .*maze2d-large-v1/);
    expect((await runCli(['env', 'maze2d-umaze-v1', '--policy', 'smart'])).error?.message).toMatch(/policy must be 'waypoint' or 'random'/);
    expect((await runCli(['env', 'maze2d-umaze-v1', '--episodes', '0'])).stderr).toMatch(/--episodes expects an integer in \[1, 100000\]/);
  });
});
