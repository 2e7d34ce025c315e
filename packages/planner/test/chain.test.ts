import { initBackend, tf } from '@dfp/core';
import { affine, stackTokens, unstackTokens } from '../src/chain';

describe('unstackTokens / stackTokens', () => {
  beforeAll(() => initBackend('wasm'));

  it('should round-trip and keep gradients for a single token (tfjs Unpack gradient bug)', () => {
    for (const T of [1, 3]) {
      const x = tf.randomNormal([T, 2, 3]) as tf.Tensor3D;
      const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.square(stackTokens(unstackTokens(xi as tf.Tensor3D)))))(x);
      expect(tf.max(tf.abs(tf.sub(g, tf.mul(x, 2)))).dataSync()[0]).toBeLessThan(1e-6);
    }
  });
});

describe('affine', () => {
  it('should compute coefX·x + coefOut·out per token and skip work for the x0 objective', () => {
    const x = tf.tensor3d([[[1, 2]], [[3, 4]]]);
    const out = tf.tensor3d([[[10, 20]], [[30, 40]]]);
    expect(Array.from(affine([2, 0], x, [1, -1], out).dataSync())).toEqual([12, 24, -30, -40]);
    expect(affine([0, 0], x, [1, 1], out)).toBe(out);
  });
});
