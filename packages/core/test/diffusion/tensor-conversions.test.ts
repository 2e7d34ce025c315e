import { epsFromX0, initBackend, predictionToX0, qSampleTensor, tf, epsFromX0Tensor, x0FromV } from '@dfp/core';

beforeAll(() => initBackend('wasm'));

describe('tensor conversions', () => {
  it('should agree with the scalar functions and invert qSample', () => {
    const [x0, eps, fromV, xk] = tf.tidy(() => {
      const ab = tf.tensor1d([0.3]);
      const xk = qSampleTensor(tf.tensor1d([2]), tf.tensor1d([-1]), ab);
      return [predictionToX0('eps', xk, tf.tensor1d([-1]), ab), epsFromX0Tensor(xk, tf.tensor1d([2]), ab), predictionToX0('v', xk, tf.tensor1d([0.7]), ab), xk];
    });
    const xkv = xk.dataSync()[0];
    expect(xkv).toBeCloseTo(Math.sqrt(0.3) * 2 - Math.sqrt(0.7), 5);
    expect(x0.dataSync()[0]).toBeCloseTo(2, 5);
    expect(eps.dataSync()[0]).toBeCloseTo(epsFromX0(xkv, 2, 0.3), 5);
    expect(fromV.dataSync()[0]).toBeCloseTo(x0FromV(xkv, 0.7, 0.3), 5);
    tf.dispose([x0, eps, fromV, xk]);
  });
});
