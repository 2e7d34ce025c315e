import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend, tf } from '@dfp/core';
import { DfpArgumentError } from '@dfp/envs';
import { CheckpointCache, checkpointRef, hasCheckpoint, loadBenchCheckpoint, trainBenchCheckpoints } from '@dfp/benchmarks';
import { TINY_NON_CAUSAL, TINY_RNN, writeTinyCheckpoint } from '../helpers/tiny-checkpoints';

describe('checkpointRef', () => {
  it('should name the folders <env>/ and <env>-diffuser/ and give the command that trains them', () => {
    const ref = checkpointRef('ck', 'diffuser', 'maze2d-large-v1');
    expect(ref.dir).toBe(path.join('ck', 'maze2d-large-v1-diffuser'));
    expect(ref.trainCommand).toBe(`dfp train --env maze2d-large-v1 --config configs/maze2d-large-v1-diffuser.json --out ${ref.dir}`);
    const custom = checkpointRef('ck', 'df', 'maze2d-umaze-v1', { checkpoints: { df: { name: 'df/{env}', config: 'c/{env}.json' } } });
    expect(custom.dir).toBe(path.join('ck', 'df', 'maze2d-umaze-v1'));
    expect(custom.config).toBe('c/maze2d-umaze-v1.json');
  });
});

describe('loadBenchCheckpoint / CheckpointCache', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend('wasm');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-ck-store-'));
    writeTinyCheckpoint(path.join(root, 'maze2d-umaze-v1'), TINY_RNN, 3);
    writeTinyCheckpoint(path.join(root, 'maze2d-umaze-v1-diffuser'), TINY_RNN, 3); // wrong kind on purpose
    writeTinyCheckpoint(path.join(root, 'maze2d-large-v1-diffuser'), TINY_NON_CAUSAL, null);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('should load a checkpoint with its provenance', () => {
    const { model, info } = loadBenchCheckpoint(checkpointRef(root, 'df', 'maze2d-umaze-v1'));
    expect(info).toMatchObject({ step: 1, backbone: 'rnn', causal: true, windowTokens: 3, parameters: model.parameterCount });
    model.dispose();
    expect(loadBenchCheckpoint(checkpointRef(root, 'diffuser', 'maze2d-large-v1')).info.windowTokens).toBeNull();
  });

  it('should refuse a causal model for the Diffuser columns and report missing folders', () => {
    expect(() => loadBenchCheckpoint(checkpointRef(root, 'diffuser', 'maze2d-umaze-v1'))).toThrow(/Diffuser columns need a non-causal model/);
    expect(hasCheckpoint(checkpointRef(root, 'df', 'maze2d-medium-v1'))).toBe(false);
    expect(() => loadBenchCheckpoint(checkpointRef(root, 'df', 'maze2d-medium-v1'))).toThrow(/no checkpoint|cannot/);
  });

  it('should load each checkpoint once, keep load errors, and free the models', () => {
    const before = tf.memory().numTensors;
    const cache = new CheckpointCache(root);
    const a = cache.get('df', 'maze2d-umaze-v1');
    expect(cache.get('df', 'maze2d-umaze-v1')).toBe(a);
    expect(cache.get('diffuser', 'maze2d-umaze-v1')).toBeInstanceOf(Error);
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainBenchCheckpoints', () => {
  it('should train each missing checkpoint with its config and refuse folders that hold checkpoints', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-ck-train-'));
    try {
      const jobs: unknown[] = [];
      const train = async (job: { out: string }) => {
        jobs.push(job);
        return { step: 4, loss: 0.5, elapsedSec: 1, completed: true };
      };
      const refs = [checkpointRef(root, 'df', 'maze2d-umaze-v1'), checkpointRef(root, 'diffuser', 'maze2d-umaze-v1')];
      const lines: string[] = [];
      expect(await trainBenchCheckpoints(refs, train, (l) => lines.push(l))).toHaveLength(2);
      expect(jobs).toEqual([
        { env: 'maze2d-umaze-v1', kind: 'df', config: 'configs/maze2d-umaze-v1-long.json', out: refs[0].dir, signal: undefined },
        { env: 'maze2d-umaze-v1', kind: 'diffuser', config: 'configs/maze2d-umaze-v1-diffuser.json', out: refs[1].dir, signal: undefined },
      ]);
      expect(lines[1]).toMatch(/step 4, loss 0\.5000/);
      await initBackend('wasm');
      writeTinyCheckpoint(refs[1].dir, TINY_NON_CAUSAL);
      await expect(trainBenchCheckpoints(refs, train, () => {})).rejects.toThrow(DfpArgumentError);
      await expect(trainBenchCheckpoints(refs, train, () => {})).rejects.toThrow(/already holds checkpoints; pass --checkpoints <empty folder>/);
      // Ctrl-C during a training run: the signal reaches it, and the bench stops with how to finish the run
      const stopped = new AbortController();
      const signals: unknown[] = [];
      const interrupted = async (job: { signal?: AbortSignal }) => {
        signals.push(job.signal);
        return { step: 2, loss: 0.5, elapsedSec: 1, completed: false };
      };
      const fresh = [checkpointRef(path.join(root, 'again'), 'df', 'maze2d-umaze-v1')];
      await expect(trainBenchCheckpoints(fresh, interrupted, () => {}, stopped.signal)).rejects.toThrow(
        /interrupted at step 2 of .*again.maze2d-umaze-v1 \(checkpoint saved\); finish it with `dfp train --env maze2d-umaze-v1 --config configs\/maze2d-umaze-v1-long\.json --out .* --resume`/,
      );
      expect(signals).toEqual([stopped.signal]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
