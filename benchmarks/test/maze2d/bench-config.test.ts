import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError } from '@dfp/envs';
import { DEFAULT_METHOD_SETTINGS, benchMaze2dConfigSchema, loadBenchMaze2dConfig, mergeMethodSettings } from '@dfp/benchmarks';

const REPO = path.resolve(__dirname, '../../..');

describe('loadBenchMaze2dConfig', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-bench-config-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should accept the shipped configs/bench-maze2d.json', () => {
    const config = loadBenchMaze2dConfig(path.join(REPO, 'configs/bench-maze2d.json'));
    expect(config.protocol?.episodes).toBeGreaterThanOrEqual(32);
    expect(config.presets?.quick?.description).toMatch(/not 50/);
  });

  it('should name invalid and unknown fields', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ df: { scale: -1, mcgSample: 4 }, envs: { 'maze2d-huge-v1': {} } }));
    expect(() => loadBenchMaze2dConfig(file)).toThrow(DfpArgumentError);
    expect(() => loadBenchMaze2dConfig(file)).toThrow(/df\.scale: .*>=0/);
    expect(() => loadBenchMaze2dConfig(file)).toThrow(/mcgSample/);
    expect(() => loadBenchMaze2dConfig(file)).toThrow(/envs/);
  });

  it('should report truncated JSON and missing files as file errors', () => {
    const file = path.join(dir, 'truncated.json');
    fs.writeFileSync(file, '{"df": {"scale": 1');
    expect(() => loadBenchMaze2dConfig(file)).toThrow(DfpFileError);
    expect(() => loadBenchMaze2dConfig(file)).toThrow(/not valid JSON, truncated or corrupt/);
    expect(() => loadBenchMaze2dConfig(path.join(dir, 'none.json'))).toThrow(/cannot read bench config/);
  });
});

describe('benchMaze2dConfigSchema', () => {
  it('should accept an empty config (all defaults) and per-env overrides for some envs only', () => {
    expect(benchMaze2dConfigSchema.parse({})).toEqual({});
    expect(benchMaze2dConfigSchema.parse({ envs: { 'maze2d-large-v1': { df: { scale: 12 } } } }).envs).toEqual({ 'maze2d-large-v1': { df: { scale: 12 } } });
  });
});

describe('mergeMethodSettings', () => {
  it('should override section by section and ignore undefined fields', () => {
    const s = mergeMethodSettings(DEFAULT_METHOD_SETTINGS, { df: { scale: 3, samplingSteps: undefined }, mppi: { samples: 8 } });
    expect(s.df).toEqual({ ...DEFAULT_METHOD_SETTINGS.df, scale: 3 });
    expect(s.mppi.samples).toBe(8);
    expect(s.diffuser).toEqual(DEFAULT_METHOD_SETTINGS.diffuser);
    expect(mergeMethodSettings(DEFAULT_METHOD_SETTINGS, undefined)).toBe(DEFAULT_METHOD_SETTINGS);
  });
});
