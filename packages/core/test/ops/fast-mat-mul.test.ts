import fc from 'fast-check';
import { fastMatMul, initBackend, tf } from '@dfp/core';
import { fastBatchMatMul } from '../../src/ops/fast-mat-mul';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

type Mul = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

describe.each([
  ['fastMatMul', fastMatMul as unknown as Mul, 0],
  ['fastBatchMatMul', fastBatchMatMul as unknown as Mul, 3],
] as const)('%s', (_name, mul, maxBatch) => {
  const shapes = (B: number, m: number, k: number, n: number): [number[], number[]] => (maxBatch === 0 ? [[m, k], [k, n]] : [[B, m, k], [B, k, n]]);

  it('should give the same value and gradients as tf.matMul', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Math.max(1, maxBatch) }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1e6 }), (B, m, k, n, seed) => {
        const [ours, ref] = tf.tidy(() => {
          const [sa, sb] = shapes(B, m, k, n);
          const a = tf.randomUniform(sa, -1, 1, 'float32', seed);
          const b = tf.randomUniform(sb, -1, 1, 'float32', seed + 1);
          const loss = (f: Mul) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x, y)));
          const plain: Mul = (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D);
          const g1 = tf.grads(loss(mul))([a, b]);
          const g2 = tf.grads(loss(plain))([a, b]);
          return [tf.concat([mul(a, b).flatten(), ...g1.map((g) => g.flatten())]), tf.concat([plain(a, b).flatten(), ...g2.map((g) => g.flatten())])];
        });
        const d = maxAbsDiff(ours.dataSync(), ref.dataSync());
        tf.dispose([ours, ref]);
        return d < 1e-4;
      }),
      { numRuns: 40 },
    );
  });

  it('should not leak tensors', () => {
    const [sa, sb] = shapes(2, 3, 4, 2);
    const a = tf.ones(sa);
    const b = tf.ones(sb);
    const before = tf.memory().numTensors;
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(mul(x, y)))([a, b]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
