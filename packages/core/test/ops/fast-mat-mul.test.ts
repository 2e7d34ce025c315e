import fc from 'fast-check';
import { fastMatMul, initBackend, tf } from '@dfp/core';
import { fastBatchMatMul } from '../../src/ops/fast-mat-mul';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

describe('fastMatMul', () => {
  it('should give the same value and gradients as tf.matMul', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1e6 }), (m, k, n, seed) => {
        const [ours, ref] = tf.tidy(() => {
          const a = tf.randomUniform([m, k], -1, 1, 'float32', seed) as tf.Tensor2D;
          const b = tf.randomUniform([k, n], -1, 1, 'float32', seed + 1) as tf.Tensor2D;
          const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x as tf.Tensor2D, y as tf.Tensor2D)));
          const g1 = tf.grads(loss(fastMatMul))([a, b]);
          const g2 = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
          return [tf.concat([fastMatMul(a, b).flatten(), ...g1.map((g) => g.flatten())]), tf.concat([tf.matMul(a, b).flatten(), ...g2.map((g) => g.flatten())])];
        });
        const d = maxAbsDiff(ours.dataSync(), ref.dataSync());
        tf.dispose([ours, ref]);
        return d < 1e-4;
      }),
      { numRuns: 40 },
    );
  });

  it('should not leak tensors', () => {
    const a = tf.ones([3, 4]) as tf.Tensor2D;
    const b = tf.ones([4, 2]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(fastMatMul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, b]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});

describe('fastBatchMatMul', () => {
  it('should give the same value and gradients as tf.matMul of equal batches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1e6 }), (B, m, k, n, seed) => {
        const [ours, ref] = tf.tidy(() => {
          const a = tf.randomUniform([B, m, k], -1, 1, 'float32', seed) as tf.Tensor3D;
          const b = tf.randomUniform([B, k, n], -1, 1, 'float32', seed + 1) as tf.Tensor3D;
          const loss = (f: (x: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor3D) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x as tf.Tensor3D, y as tf.Tensor3D)));
          const g1 = tf.grads(loss(fastBatchMatMul))([a, b]);
          const g2 = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
          return [tf.concat([fastBatchMatMul(a, b).flatten(), ...g1.map((g) => g.flatten())]), tf.concat([tf.matMul(a, b).flatten(), ...g2.map((g) => g.flatten())])];
        });
        const d = maxAbsDiff(ours.dataSync(), ref.dataSync());
        tf.dispose([ours, ref]);
        return d < 1e-4;
      }),
      { numRuns: 40 },
    );
  });

  it('should not leak tensors', () => {
    const a = tf.ones([2, 3, 4]) as tf.Tensor3D;
    const b = tf.ones([2, 4, 2]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(fastBatchMatMul(x as tf.Tensor3D, y as tf.Tensor3D)))([a, b]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
