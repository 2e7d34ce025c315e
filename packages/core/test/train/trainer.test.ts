import { Rng } from '@dfp/envs';
import { Trainer, WindowSampler, initBackend, tf, type TrainingBatch } from '@dfp/core';
import { averageGradients, gradientsFromArrays, gradientsToArrays } from '../../src/train/trainer';
import { splitTrainingBatch } from '../../src/train/training-batch';
import { TINY_RNN, TINY_TRANSFORMER, maxAbsDiff, tinyDataset, tinyModel } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

/** A trainer on a tiny model and a batch sampler over `dataset`. */
function setup(backbone: Record<string, unknown> = TINY_RNN, n = 64, options: ConstructorParameters<typeof Trainer>[1] = {}) {
  const dataset = tinyDataset(n);
  const model = tinyModel(backbone, dataset);
  const trainer = new Trainer(model, options);
  const sampler = new WindowSampler(dataset, model.layout, model.normalizer, { tokens: 4 });
  const rng = new Rng(1);
  const batch = (size = 8): TrainingBatch => trainer.makeBatch(sampler.sample(rng, size), rng);
  return { model, trainer, batch };
}

function weightsOf(trainer: Trainer): Float32Array {
  return Float32Array.from(Object.values(trainer.model.getWeights()).flatMap((w) => Array.from(w.data)));
}

describe('Trainer', () => {
  it.each([
    ['rnn', TINY_RNN, 70],
    ['transformer', TINY_TRANSFORMER, 120],
  ])('should overfit a one-window dataset with the %s backbone (loss drops >= 10x)', (_name, backbone, steps) => {
    // 9 rows = one window of 4 tokens × 2 frames: the model only has to memorise it.
    const { model, trainer, batch } = setup(backbone, 9, { lr: 1e-2, warmupSteps: 10, weightDecay: 0 });
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) losses.push(trainer.trainStep(batch(16)).loss);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(0, 5)) / mean(losses.slice(-5))).toBeGreaterThan(10);
    trainer.dispose();
    model.dispose();
  });

  it('should keep the number of tensors flat over repeated steps (no leaks)', () => {
    const { model, trainer, batch } = setup(TINY_RNN, 64, { gradClip: 1, ema: { decay: 0.9 } });
    trainer.trainStep(batch());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) trainer.trainStep(batch());
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('should compute gradients without changing the weights, and apply them like trainStep', () => {
    const a = setup();
    const b = setup();
    const w0 = weightsOf(a.trainer);
    const { loss, grads } = a.trainer.computeGradients(a.batch());
    expect(weightsOf(a.trainer)).toEqual(w0);
    expect(Object.keys(grads)).toEqual([...a.model.namedVariables().keys()]);
    a.trainer.applyGradients(grads);
    const info = b.trainer.trainStep(b.batch());
    expect(info.loss).toBe(loss);
    expect(weightsOf(a.trainer)).toEqual(weightsOf(b.trainer));
    for (const s of [a, b]) {
      s.trainer.dispose();
      s.model.dispose();
    }
  });

  it('should give the full-batch gradient as the average of the gradients of its parts (data parallelism)', () => {
    const { model, trainer, batch } = setup();
    const full = batch(8);
    const whole = trainer.computeGradients(full);
    // as a worker pool would: split, compute per part, move as arrays, average
    const parts = splitTrainingBatch(full, 2).map((b) => trainer.computeGradients(b));
    expect((parts[0].loss + parts[1].loss) / 2).toBeCloseTo(whole.loss, 5);
    const avg = averageGradients(parts.map((p) => gradientsFromArrays(gradientsToArrays(p.grads))));
    for (const name of Object.keys(whole.grads)) expect(maxAbsDiff(avg[name].dataSync(), whole.grads[name].dataSync())).toBeLessThan(1e-5);
    tf.dispose([...Object.values(avg), ...Object.values(whole.grads)]);
    trainer.dispose();
    model.dispose();
  });

  it('should clip the global gradient norm and report it', () => {
    const { model, trainer, batch } = setup(TINY_RNN, 64, { gradClip: 1e-3, lr: 1e-2, warmupSteps: 0, weightDecay: 0 });
    const w0 = weightsOf(trainer);
    const info = trainer.trainStep(batch());
    expect(info.gradNorm).toBeGreaterThan(1e-3);
    expect(info.lr).toBe(1e-2);
    // Adam normalises the step size, so check the clipped moments instead: |m| <= (1-β1)·clip per element.
    const m = trainer.optimizer.getState();
    const maxM = Math.max(...Object.entries(m).filter(([n]) => n.startsWith('m/')).flatMap(([, t]) => Array.from(t.data).map(Math.abs)));
    expect(maxM).toBeLessThanOrEqual(0.1 * 1e-3 + 1e-9);
    expect(maxAbsDiff(weightsOf(trainer), w0)).toBeGreaterThan(0);
    trainer.dispose();
    model.dispose();
  });

  it('should use the warm-up learning rate', () => {
    const { model, trainer, batch } = setup(TINY_RNN, 64, { lr: 1e-3, warmupSteps: 4 });
    expect(trainer.learningRate).toBeCloseTo(2.5e-4, 12);
    expect(trainer.trainStep(batch()).lr).toBeCloseTo(2.5e-4, 12);
    expect(trainer.learningRate).toBeCloseTo(5e-4, 12);
    trainer.dispose();
    model.dispose();
  });
});
