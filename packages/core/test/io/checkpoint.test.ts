import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, Trainer, checkpointStep, initBackend, listCheckpoints, loadCheckpoint, saveCheckpoint, tf, type DiffusionModel } from '@dfp/core';
import { TINY_RNN, TINY_TRANSFORMER, maxAbsDiff, tinyModel } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-ckpt-'));

function predictions(model: DiffusionModel): Float32Array {
  const out = tf.tidy(() =>
    model.predict(
      tf.tensor2d([[0.3, -0.2], [1, 0.5]]),
      tf.randomNormal([2, 3, 6], 0, 1, 'float32', 5) as tf.Tensor3D,
      tf.tensor2d([[0, 40, 99], [5, 5, 5]], [2, 3], 'int32'),
    ),
  );
  const d = out.dataSync() as Float32Array;
  out.dispose();
  return d;
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it.each([
    ['rnn', TINY_RNN],
    ['transformer', TINY_TRANSFORMER],
  ])('should round-trip a %s model with identical predictions', (_name, backbone) => {
    const dir = tmp();
    const model = tinyModel(backbone, undefined, 4);
    const file = saveCheckpoint(dir, model, { step: 7 });
    expect(path.basename(file)).toBe('step-00000007.json');
    const { model: loaded, meta } = loadCheckpoint(dir);
    expect(meta.step).toBe(7);
    expect(loaded.config).toEqual(model.config);
    expect(Array.from(loaded.normalizer.mean)).toEqual(Array.from(model.normalizer.mean));
    expect(maxAbsDiff(predictions(loaded), predictions(model))).toBe(0);
    [model, loaded].forEach((m) => m.dispose());
  });

  it('should load the EMA weights when present, unless asked for the raw ones', () => {
    const dir = tmp();
    const model = tinyModel(TINY_RNN);
    const trainer = new Trainer(model, { ema: { decay: 0.5 } });
    model.namedVariables().get('head/b')!.assign(tf.fill([6], 3));
    trainer.ema!.update();
    saveCheckpoint(dir, model, { step: 1, trainer });
    const ema = loadCheckpoint(dir).model;
    const raw = loadCheckpoint(dir, { ema: false }).model;
    expect(Array.from(raw.namedVariables().get('head/b')!.dataSync())).toEqual(new Array(6).fill(3));
    expect(Array.from(ema.namedVariables().get('head/b')!.dataSync())).toEqual(Array.from(trainer.ema!.getWeights()['head/b'].data));
    [ema, raw, model].forEach((m) => m.dispose());
    trainer.dispose();
  });

  it('should give a clear error for a truncated weights file', () => {
    const dir = tmp();
    const model = tinyModel(TINY_RNN);
    saveCheckpoint(dir, model, { step: 1 });
    const weights = path.join(dir, 'step-00000001.safetensors');
    fs.truncateSync(weights, fs.statSync(weights).size - 100);
    expect(() => loadCheckpoint(dir)).toThrow(DfpFileError);
    expect(() => loadCheckpoint(dir)).toThrow(/truncated/);
    model.dispose();
  });

  it('should name the weight whose shape does not match the model config', () => {
    const dir = tmp();
    const model = tinyModel(TINY_RNN);
    const file = saveCheckpoint(dir, model, { step: 1 });
    const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
    meta.model.backbone.hidden = 12;
    fs.writeFileSync(file, JSON.stringify(meta));
    expect(() => loadCheckpoint(file)).toThrow(DfpFileError);
    expect(() => loadCheckpoint(file)).toThrow(/weight 'before\/0\/fc1\/w' has shape \[22, 16\] but the model config expects \[22, 12\]/);
    model.dispose();
  });

  it('should reject corrupt or invalid metadata and an empty folder', () => {
    const dir = tmp();
    expect(() => loadCheckpoint(dir)).toThrow(/no checkpoint/);
    const model = tinyModel(TINY_RNN);
    const file = saveCheckpoint(dir, model, { step: 1 });
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length / 2));
    expect(() => loadCheckpoint(file)).toThrow(/not valid JSON, truncated or corrupt/);
    const meta = JSON.parse(text);
    meta.normalizer.std[0] = -1;
    meta.step = 'one';
    fs.writeFileSync(file, JSON.stringify(meta));
    expect(() => loadCheckpoint(file)).toThrow(/invalid checkpoint metadata: step: .*normalizer\.std\.0/);
    model.dispose();
  });
});

describe('checkpointStep / listCheckpoints', () => {
  it('should read the update count from a checkpoint name and order a folder by it', () => {
    expect(checkpointStep('/runs/a/step-00000250.json')).toBe(250);
    expect(checkpointStep('step-123456789.json')).toBe(123456789);
    expect(() => checkpointStep('/runs/a/config.json')).toThrow(DfpArgumentError);
    expect(() => checkpointStep('step-12.json')).toThrow(/not a checkpoint file \(step-XXXXXXXX\.json\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-ck-list-'));
    for (const f of ['step-100000000.json', 'step-00000020.json', 'step-00000003.json', 'config.json']) fs.writeFileSync(path.join(dir, f), '{}');
    expect(listCheckpoints(dir).map((f) => path.basename(f))).toEqual(['step-00000003.json', 'step-00000020.json', 'step-100000000.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
