import { dense, initBackend, tf } from '@dfp/core';
import { columnSum } from '../../src/ops/dense';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

/** Value and gradients w.r.t. x, w (and b) of `sum(f(x, w, b)·r)` for a fixed random `r`. */
function valueAndGrads(f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D, withBias = true): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
    const r = tf.randomNormal([5, 4], 0, 1, 'float32', 4);
    const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb?: tf.Tensor) => tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D, (bb ?? b) as tf.Tensor1D), r)));
    return [f(x, w, b), ...g(withBias ? [x, w, b] : [x, w])];
  }).map((t) => {
    const d = t.dataSync() as Float32Array;
    t.dispose();
    return d;
  });
}

describe('dense', () => {
  const plain = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.add(tf.matMul(x, w), b) as tf.Tensor2D;

  it('should match tf.grad of matMul + bias', () => {
    const ref = valueAndGrads(plain);
    valueAndGrads((x, w, b) => dense(x, w, b)).forEach((v, i) => expect(maxAbsDiff(v, ref[i])).toBeLessThan(1e-5));
  });

  it('should match tf.grad of matMul without a bias', () => {
    const ref = valueAndGrads((x, w) => tf.matMul(x, w), false);
    valueAndGrads((x, w) => dense(x, w), false).forEach((v, i) => expect(maxAbsDiff(v, ref[i])).toBeLessThan(1e-5));
  });

  it('should match for variables (the weight is read from the closure, not saved)', () => {
    const w = tf.variable(tf.randomNormal([3, 4], 0, 1, 'float32', 2));
    const b = tf.variable(tf.randomNormal([4], 0, 1, 'float32', 3));
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const grads = (f: () => tf.Scalar) => {
      const { value, grads: g } = tf.variableGrads(f, [w, b]);
      const out = [value, g[w.name], g[b.name]].map((t) => t.dataSync() as Float32Array);
      tf.dispose([value, g[w.name], g[b.name]]);
      return out;
    };
    const ours = grads(() => tf.sum(tf.square(dense(x, w as tf.Variable<tf.Rank.R2>, b as tf.Variable<tf.Rank.R1>))));
    const ref = grads(() => tf.sum(tf.square(tf.add(tf.matMul(x, w), b))));
    ours.forEach((v, i) => expect(maxAbsDiff(v, ref[i])).toBeLessThan(1e-4));
    tf.dispose([w, b, x]);
  });

  it('should not leak tensors in the forward and backward pass', () => {
    valueAndGrads((x, w, b) => dense(x, w, b));
    const before = tf.memory().numTensors;
    valueAndGrads((x, w, b) => dense(x, w, b));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('columnSum', () => {
  it('should equal tf.sum over axis 0', () => {
    const [a, b] = tf.tidy(() => {
      const x = tf.randomNormal([37, 5], 0, 1, 'float32', 9) as tf.Tensor2D;
      return [columnSum(x), tf.sum(x, 0)];
    });
    expect(a.shape).toEqual([5]);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
    tf.dispose([a, b]);
  });
});
