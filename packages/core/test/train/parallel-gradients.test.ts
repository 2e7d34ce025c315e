import { Rng } from '@dfp/envs';
import { DiffusionModel, ParallelGradients, Trainer, initBackend, tf, type TrainingBatch } from '@dfp/core';
import { useWasmGemm } from '../../src/ops/wasm/wasm-kernels';
import { TINY_LAYOUT, TINY_RNN, maxAbsDiff } from '../helpers/tiny';

// The worker threads run the compiled package (packages/core/dist): build first (`npm run build`).
beforeAll(() => initBackend('wasm'));

function batch(B: number, T: number, seed: number): TrainingBatch {
  const rng = new Rng(seed);
  const D = 6;
  return {
    batchSize: B, tokens: T, tokenDim: D, obsDim: 2,
    obs0: rng.fillNormal(new Float32Array(B * 2)), xk: rng.fillNormal(new Float32Array(B * T * D)),
    k: Int32Array.from({ length: B * T }, () => rng.int(0, 99)), target: rng.fillNormal(new Float32Array(B * T * D)), weight: new Float32Array(B * T * D).fill(1),
  };
}

function dup<T extends Float32Array | Int32Array>(a: T): T {
  const out = new (a.constructor as new (n: number) => T)(a.length * 2);
  out.set(a);
  out.set(a, a.length);
  return out;
}

describe('ParallelGradients', () => {
  it('should give the single-thread loss and gradients (up to float rounding) from two threads, step after step', async () => {
    const model = DiffusionModel.create({ layout: TINY_LAYOUT, backbone: TINY_RNN, schedule: { kind: 'linear', K: 100 } }, { mean: new Float32Array(3), std: new Float32Array(3).fill(1) }, 2);
    const trainer = new Trainer(model, { lr: 1e-2, warmupSteps: 0 });
    const pg = await ParallelGradients.start(model, 2);
    try {
      expect(pg.parts).toBe(2);
      for (let step = 0; step < 2; step++) {
        const b = batch(4, 3, step);
        const single = trainer.computeGradients(b);
        const parallel = await pg.computeGradients(trainer, b);
        expect(Math.abs(parallel.loss - single.loss)).toBeLessThan(1e-6 * Math.abs(single.loss));
        for (const name of Object.keys(single.grads)) {
          const a = single.grads[name].dataSync();
          const scale = Math.max(1e-8, ...Array.from(a, Math.abs));
          expect([name, maxAbsDiff(parallel.grads[name].dataSync(), a) / scale < 1e-4]).toEqual([name, true]);
        }
        tf.dispose(Object.values(single.grads));
        trainer.applyGradients(parallel.grads); // the next step checks that the worker follows the new weights
      }
      await expect(pg.computeGradients(trainer, batch(3, 3, 9))).rejects.toThrow(/parts must be a positive integer dividing the batch size 3/);
    } finally {
      await pg.close();
      trainer.dispose();
      model.dispose();
    }
  });

  it("should run the workers on the main thread's wasm GEMM build (bit-identical halves)", async () => {
    useWasmGemm('simd'); // not what a worker would pick by itself (auto)
    const model = DiffusionModel.create({ layout: TINY_LAYOUT, backbone: TINY_RNN, schedule: { kind: 'linear', K: 100 } }, { mean: new Float32Array(3), std: new Float32Array(3).fill(1) }, 2);
    const trainer = new Trainer(model, { lr: 1e-2, warmupSteps: 0 });
    const pg = await ParallelGradients.start(model, 2);
    try {
      const one = batch(1, 3, 5);
      const twice: TrainingBatch = { ...one, batchSize: 2, obs0: dup(one.obs0), xk: dup(one.xk), k: dup(one.k), target: dup(one.target), weight: dup(one.weight) };
      const single = trainer.computeGradients(one);
      const parallel = await pg.computeGradients(trainer, twice); // main and worker each get one copy; (g + g) / 2 = g
      for (const name of Object.keys(single.grads)) expect([name, maxAbsDiff(parallel.grads[name].dataSync(), single.grads[name].dataSync())]).toEqual([name, 0]);
      tf.dispose([...Object.values(single.grads), ...Object.values(parallel.grads)]);
    } finally {
      await pg.close();
      trainer.dispose();
      model.dispose();
      useWasmGemm('auto');
    }
  });

  it('should reject a bad number of parts', async () => {
    const model = DiffusionModel.create({ layout: TINY_LAYOUT, backbone: TINY_RNN, schedule: { kind: 'linear', K: 100 } }, { mean: new Float32Array(3), std: new Float32Array(3).fill(1) }, 2);
    await expect(ParallelGradients.start(model, 0)).rejects.toThrow(/parts must be an integer in \[1, 64\], received 0/);
    model.dispose();
  });
});
