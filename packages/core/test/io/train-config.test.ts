import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, loadTrainConfig, modelConfigFromTrainConfig, resolveTrainConfig } from '@dfp/core';
import { mergeConfig } from '../../src/io/train-config';

const repoConfigs = path.resolve(__dirname, '../../../../configs');

function writeJson(dir: string, name: string, value: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

describe('mergeConfig', () => {
  it('should merge objects deeply and replace scalars and arrays', () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
  });
});

describe('resolveTrainConfig', () => {
  it('should fill every default from an empty object (DF planning settings, config A sizes)', () => {
    const c = resolveTrainConfig({});
    expect(c.model).toMatchObject({ backbone: 'rnn', frameStack: 10, objective: 'x0', schedule: { kind: 'linear', K: 1000 }, rnn: { hidden: 256, zDim: 128, embDim: 64, resBlocks: 3 } });
    expect(c.train).toMatchObject({ lr: 2e-4, warmupSteps: 100, weightDecay: 1e-4, noiseMode: 'per-token', gradClip: null, ema: null });
  });

  it('should name invalid fields', () => {
    expect(() => resolveTrainConfig({ train: { batchSize: -1 } })).toThrow(DfpArgumentError);
    expect(() => resolveTrainConfig({ model: { transformer: { width: 30, heads: 4 } } })).toThrow(/model\.transformer\.heads: transformer width must be divisible by heads/);
    expect(() => resolveTrainConfig({ train: { noiseMode: 'random' } })).toThrow(/train\.noiseMode/);
    expect(() => resolveTrainConfig({ train: { learningRate: 1e-3 } })).toThrow(/train: Unrecognized key: "learningRate"/);
  });
});

describe('loadTrainConfig', () => {
  it('should follow extends chains relative to each file and apply overrides last', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cfg-'));
    writeJson(dir, 'base.json', { train: { steps: 10, batchSize: 8 }, model: { rnn: { hidden: 32 } } });
    fs.mkdirSync(path.join(dir, 'sub'));
    const child = writeJson(path.join(dir, 'sub'), 'child.json', { extends: '../base.json', train: { steps: 20 } });
    const c = loadTrainConfig(child, { train: { seed: 3 } });
    expect(c.train).toMatchObject({ steps: 20, batchSize: 8, seed: 3 });
    expect(c.model.rnn.hidden).toBe(32);
  });

  it('should resolve continues.config relative to the file that sets it and check its step count', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cfg-'));
    writeJson(dir, 'base.json', { train: { steps: 10 } });
    fs.mkdirSync(path.join(dir, 'sub'));
    const long = writeJson(path.join(dir, 'sub'), 'long.json', { extends: '../base.json', continues: { config: '../base.json', steps: 6 }, train: { steps: 20 } });
    const c = loadTrainConfig(long);
    expect(path.resolve(c.continues!.config)).toBe(path.join(dir, 'base.json'));
    expect(c.continues!.steps).toBe(6);
    expect(loadTrainConfig(path.join(dir, 'base.json')).continues).toBeNull();
    expect(() => loadTrainConfig(long, { train: { steps: 6 } })).toThrow(/continues\.steps: continues\.steps must be below train\.steps/);
    expect(() => resolveTrainConfig({ continues: { config: 'a.json' } })).toThrow(/continues\.steps/);
  });

  it('should report unreadable, non-JSON and circular files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-cfg-'));
    expect(() => loadTrainConfig(path.join(dir, 'nope.json'))).toThrow(DfpFileError);
    expect(() => loadTrainConfig(writeJson(dir, 'bad.json', '{"train": '))).toThrow(/not valid JSON/);
    writeJson(dir, 'a.json', { extends: 'b.json' });
    writeJson(dir, 'b.json', { extends: 'a.json' });
    expect(() => loadTrainConfig(path.join(dir, 'a.json'))).toThrow(/circular/);
  });

  it('should load every training config shipped in configs/', () => {
    const files = fs.readdirSync(repoConfigs).filter((f) => f === 'base.json' || /^maze2d-.*\.json$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['base.json', 'maze2d-umaze-v1.json', 'maze2d-medium-v1.json', 'maze2d-large-v1.json']));
    for (const f of files) expect(() => loadTrainConfig(path.join(repoConfigs, f))).not.toThrow();
  });
});

describe('modelConfigFromTrainConfig', () => {
  it('should take the layout sizes from the data and the chosen backbone section', () => {
    const c = resolveTrainConfig({ model: { backbone: 'transformer', transformer: { causal: false } } });
    expect(modelConfigFromTrainConfig(c, { obsDim: 4, actDim: 2 })).toEqual({
      layout: { obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 10 },
      objective: 'x0',
      schedule: { kind: 'linear', K: 1000 },
      backbone: { kind: 'transformer', width: 128, layers: 4, heads: 4, ffMult: 4, embDim: 64, causal: false },
    });
  });
});
