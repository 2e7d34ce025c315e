import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, locomotionPreset } from '@dfp/envs';
import { DEFAULT_DF_SETTINGS, benchLocomotionConfigSchema, defaultMethodSettings, loadBenchLocomotionConfig, mergeLocomotionSettings } from '@dfp/benchmarks';

describe('defaultMethodSettings', () => {
  it("should take MPPI from the env's expert dataset preset (options and shaping, no action noise)", () => {
    const expert = locomotionPreset('walker2d-v4', 'expert');
    const s = defaultMethodSettings('walker2d-v4');
    expect(s.df).toEqual(DEFAULT_DF_SETTINGS);
    expect(s.mppi).toEqual({ ...expert.mppi, safeguard: true, shaping: expert.shaping });
    expect(defaultMethodSettings('halfcheetah-v4').mppi.terminationPenalty).toBe(0);
  });
});

describe('mergeLocomotionSettings', () => {
  it('should apply defined fields section by section and replace the shaping whole', () => {
    const base = defaultMethodSettings('hopper-v4');
    const merged = mergeLocomotionSettings(base, { df: { scale: 3, mcgSamples: undefined }, mppi: { shaping: { anglePenalty: 1 } } });
    expect(merged.df).toEqual({ ...base.df, scale: 3 });
    expect(merged.mppi).toEqual({ ...base.mppi, shaping: { anglePenalty: 1 } });
    expect(mergeLocomotionSettings(base, undefined)).toBe(base);
  });
});

describe('benchLocomotionConfigSchema / loadBenchLocomotionConfig', () => {
  it('should accept the shipped config', () => {
    const config = loadBenchLocomotionConfig(path.join(__dirname, '../../../configs/bench-locomotion.json'));
    expect(config.dataset).toBe('medium');
    expect(config.presets?.quick?.episodeSteps).toBeLessThan(config.protocol?.episodeSteps ?? 1000);
  });

  it('should reject misspelt keys, unknown envs, columns and policies, and out-of-range numbers, naming the field', () => {
    const bad = (v: unknown) => benchLocomotionConfigSchema.safeParse(v).success;
    expect(bad({})).toBe(true);
    expect(bad({ df: { scales: 3 } })).toBe(false);
    expect(bad({ protocol: { envs: ['ant-v4'] } })).toBe(false);
    expect(bad({ protocol: { columns: ['iql'] } })).toBe(false);
    expect(bad({ dataset: 'medium-replay' })).toBe(false);
    expect(bad({ df: { discount: 0 } })).toBe(false);
    expect(bad({ protocol: { episodeSteps: 1001 } })).toBe(false);
    expect(bad({ mppi: { shaping: { velocityCap: -1 } } })).toBe(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ df: { mcgSamples: 0 } }));
      expect(() => loadBenchLocomotionConfig(path.join(dir, 'bad.json'))).toThrow(DfpArgumentError);
      expect(() => loadBenchLocomotionConfig(path.join(dir, 'bad.json'))).toThrow(/df\.mcgSamples/);
      fs.writeFileSync(path.join(dir, 'cut.json'), '{"df": {');
      expect(() => loadBenchLocomotionConfig(path.join(dir, 'cut.json'))).toThrow(DfpFileError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
