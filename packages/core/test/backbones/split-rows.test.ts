import { initBackend, tf } from '@dfp/core';
import { splitRows } from '../../src/backbones/split-rows';

beforeAll(() => initBackend('wasm'));

describe('splitRows', () => {
  it.each([1, 2, 5, 7])('should equal tf.split into %i row blocks, with the same gradient', (n) => {
    const x = tf.tensor2d(Array.from({ length: n * 3 * 2 }, (_, i) => i), [n * 3, 2]);
    const ours = splitRows(x, n);
    const ref = tf.split(x, n, 0);
    expect(ours).toHaveLength(n);
    ours.forEach((t, i) => expect(t.arraySync()).toEqual(ref[i].arraySync()));
    const weights = Array.from({ length: n }, (_, i) => i + 1);
    const g = tf.grad((v: tf.Tensor) => tf.addN(splitRows(v as tf.Tensor2D, n).map((t, i) => tf.mul(tf.sum(t), weights[i]))))(x);
    expect(Array.from(g.dataSync())).toEqual(weights.flatMap((w) => new Array(6).fill(w)));
    tf.dispose([x, ...ours, ...ref, g]);
  });
});
