import { gelu, initBackend, tanh, tf } from '@dfp/core';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const xs = Array.from({ length: 41 }, (_, i) => -5 + i * 0.25);

/** Value and derivative of f at `xs`. */
function valueAndGrad(f: (x: tf.Tensor) => tf.Tensor): [Float32Array, Float32Array] {
  const [v, g] = tf.tidy(() => {
    const x = tf.tensor1d(xs);
    return [f(x), tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x)];
  });
  const out: [Float32Array, Float32Array] = [v.dataSync() as Float32Array, g.dataSync() as Float32Array];
  tf.dispose([v, g]);
  return out;
}

describe('gelu', () => {
  it('should equal the tanh approximation of GELU and its autodiff gradient', () => {
    const ref = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
    const [v, g] = valueAndGrad(gelu);
    const [rv, rg] = valueAndGrad(ref);
    expect(maxAbsDiff(v, rv)).toBeLessThan(1e-5);
    expect(maxAbsDiff(g, rg)).toBeLessThan(1e-4);
  });

  it('should stay within 1e-3 of the exact (erf) GELU', () => {
    const [v] = valueAndGrad(gelu);
    // erf via Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7)
    const erf = (x: number) => {
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
      return Math.sign(x) * y;
    };
    expect(maxAbsDiff(v, xs.map((x) => 0.5 * x * (1 + erf(x / Math.SQRT2))))).toBeLessThan(1e-3);
  });
});

describe('tanh', () => {
  it('should equal tf.tanh and its gradient', () => {
    const [v, g] = valueAndGrad(tanh);
    const [rv, rg] = valueAndGrad(tf.tanh);
    expect(maxAbsDiff(v, rv)).toBeLessThan(1e-6);
    expect(maxAbsDiff(g, rg)).toBeLessThan(1e-5);
  });
});
