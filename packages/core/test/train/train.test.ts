import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, initBackend, listCheckpoints, readCheckpoint, train, type TrainOptions } from '@dfp/core';
import { TINY_RNN, maxAbsDiff, tinyDataset, tinyModel } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const dataset = tinyDataset(80);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-train-'));
const base: TrainOptions = { steps: 6, batchSize: 4, windowTokens: 3, lr: 3e-3, warmupSteps: 2, seed: 11, progress: 'none', ema: { decay: 0.9 }, gradClip: 5, logEvery: 2 };

function flatWeights(model: ReturnType<typeof tinyModel>): Float32Array {
  return Float32Array.from(Object.values(model.getWeights()).flatMap((w) => Array.from(w.data)));
}

describe('train', () => {
  it('should give the same weights after an interrupted-then-resumed run as after an uninterrupted one', async () => {
    const dirA = tmp();
    const a = tinyModel(TINY_RNN, dataset);
    await train(a, dataset, { ...base, outDir: dirA, checkpointEvery: 3 });

    const dirB = tmp();
    const b1 = tinyModel(TINY_RNN, dataset);
    const first = await train(b1, dataset, { ...base, steps: 3, outDir: dirB, checkpointEvery: 0 });
    expect(first.step).toBe(3);
    b1.dispose();
    const b2 = tinyModel(TINY_RNN, dataset, 99); // other init seed: every weight comes from the checkpoint
    const resumed = await train(b2, dataset, { ...base, outDir: dirB, resume: true, checkpointEvery: 3 });
    expect(resumed.step).toBe(6);
    expect(resumed.stopped).toBe('completed');
    expect(flatWeights(b2)).toEqual(flatWeights(a));

    const ckA = readCheckpoint(dirA);
    const ckB = readCheckpoint(dirB);
    expect(ckB.meta.step).toBe(6);
    expect(ckB.meta.rng).toEqual(ckA.meta.rng);
    expect(maxAbsDiff(ckB.tensors['ema/head/w'].data as Float32Array, ckA.tensors['ema/head/w'].data as Float32Array)).toBe(0);
    expect(maxAbsDiff(ckB.tensors['adam/v/head/w'].data as Float32Array, ckA.tensors['adam/v/head/w'].data as Float32Array)).toBe(0);
    [a, b2].forEach((m) => m.dispose());
  });

  it('should write a JSON-lines loss log and keep only the newest checkpoints', async () => {
    const dir = tmp();
    const m = tinyModel(TINY_RNN, dataset);
    const res = await train(m, dataset, { ...base, outDir: dir, checkpointEvery: 1, keepCheckpoints: 2 });
    const all = fs.readFileSync(path.join(dir, 'train-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const lines = all.filter((l) => 'loss' in l);
    expect(lines.map((l) => l.step)).toEqual([2, 4, 6]);
    // One evaluation line per checkpoint: the loss of the saved weights on the fixed evaluation batch.
    const evals = all.filter((l) => 'evalLoss' in l);
    expect(evals.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(evals.every((l) => Number.isFinite(l.evalLoss))).toBe(true);
    expect(res.evalLoss).toBe(evals[5].evalLoss);
    for (const l of lines) {
      expect(Number.isFinite(l.loss)).toBe(true);
      expect(l.stepsPerSec).toBeGreaterThan(0);
      expect(l.gradNorm).toBeGreaterThan(0);
    }
    expect(listCheckpoints(dir).map((f) => path.basename(f))).toEqual(['step-00000005.json', 'step-00000006.json']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.safetensors'))).toHaveLength(2);
    expect(res.checkpoint).toBe(path.join(dir, 'step-00000006.json'));
    m.dispose();
  });

  it('should not change the training stream by evaluating, and measure the weights it saves', async () => {
    const [a, b] = [tinyModel(TINY_RNN, dataset), tinyModel(TINY_RNN, dataset)];
    const withEval = await train(a, dataset, { ...base, outDir: tmp(), checkpointEvery: 2 });
    const without = await train(b, dataset, { ...base, evalWindows: 0 });
    expect(flatWeights(a)).toEqual(flatWeights(b));
    expect(without.evalLoss).toBeNull();
    expect(withEval.evalLoss).toBeGreaterThan(0);
    await expect(train(b, dataset, { ...base, evalWindows: -1 })).rejects.toThrow(/evalWindows/);
    [a, b].forEach((m) => m.dispose());
  });

  it('should stop after the current step when the signal aborts and save a checkpoint', async () => {
    const dir = tmp();
    const m = tinyModel(TINY_RNN, dataset);
    const ac = new AbortController();
    const res = await train(m, dataset, { ...base, outDir: dir, checkpointEvery: 0, signal: ac.signal, onStep: (step) => step === 2 && ac.abort() });
    expect(res.stopped).toBe('interrupted');
    expect(res.step).toBe(2);
    expect(readCheckpoint(dir).meta.step).toBe(2);
    m.dispose();
  });

  it('should print a clean progress line per interval when not on a TTY', async () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const m = tinyModel(TINY_RNN, dataset);
    await train(m, dataset, { ...base, progress: 'auto', progressStream: stream });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^step 2\/6 {2}loss \d\.\d+ {2}\d+\.\d\d steps\/s {2}ETA \d+s\n$/);
    m.dispose();
  });

  it('should train data-parallel over worker threads: one-thread weights up to rounding, and resumable bit for bit', async () => {
    const one = tinyModel(TINY_RNN, dataset);
    await train(one, dataset, { ...base });
    const dirA = tmp();
    const two = tinyModel(TINY_RNN, dataset);
    const r = await train(two, dataset, { ...base, workers: 2, outDir: dirA, checkpointEvery: 3 });
    expect(r.step).toBe(6);
    const [w1, w2] = [flatWeights(one), flatWeights(two)];
    expect(maxAbsDiff(w1, w2)).toBeLessThan(1e-4);

    const dirB = tmp();
    const b1 = tinyModel(TINY_RNN, dataset);
    await train(b1, dataset, { ...base, workers: 2, steps: 3, outDir: dirB, checkpointEvery: 0 });
    const b2 = tinyModel(TINY_RNN, dataset, 99);
    await train(b2, dataset, { ...base, workers: 2, outDir: dirB, resume: true, checkpointEvery: 3 });
    expect(flatWeights(b2)).toEqual(w2);
    expect(readCheckpoint(dirA).meta.train?.workers).toBe(2);
    [one, two, b1, b2].forEach((m) => m.dispose());
  });

  it('should be deterministic given the seed', async () => {
    const run = async (seed: number) => {
      const m = tinyModel(TINY_RNN, dataset);
      await train(m, dataset, { ...base, steps: 3, seed });
      const w = flatWeights(m);
      m.dispose();
      return w;
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a).toEqual(b);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0);
  });

  it('should reject bad options and a missing checkpoint to resume', async () => {
    const m = tinyModel(TINY_RNN, dataset);
    await expect(train(m, dataset, { ...base, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(train(m, dataset, { ...base, lr: -1 })).rejects.toThrow(DfpArgumentError);
    await expect(train(m, dataset, { ...base, workers: 3 })).rejects.toThrow(/workers \(3\) must divide batchSize \(4\)/);
    await expect(train(m, dataset, { ...base, workers: 0 })).rejects.toThrow(/workers/);
    await expect(train(m, dataset, { ...base, workers: 1.5 })).rejects.toThrow(/workers/);
    await expect(train(m, dataset, { ...base, outDir: tmp(), resume: true })).rejects.toThrow(/no checkpoint/);
    await expect(train(m, dataset, { ...base, resume: true })).rejects.toThrow(/needs outDir/);
    await expect(train(m, tinyDataset(80, 1, true), { ...base, resume: path.join(tmp(), 'missing.json') })).rejects.toThrow(DfpFileError);
    m.dispose();
  });

  it('should refuse to resume a checkpoint of another model config', async () => {
    const dir = tmp();
    const m = tinyModel(TINY_RNN, dataset);
    await train(m, dataset, { ...base, steps: 1, outDir: dir });
    const other = tinyModel({ ...TINY_RNN, hidden: 8 }, dataset);
    await expect(train(other, dataset, { ...base, outDir: dir, resume: true })).rejects.toThrow(/differs from the model being trained/);
    [m, other].forEach((x) => x.dispose());
  });
});
