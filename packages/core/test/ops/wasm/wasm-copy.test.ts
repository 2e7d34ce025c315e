import * as fc from 'fast-check';
import { initBackend, tf } from '@dfp/core';
import { useWasmGemm } from '../../../src/ops/wasm/wasm-kernels';

beforeAll(() => initBackend('wasm'));
afterAll(() => useWasmGemm('auto'));

/** A shape of rank 1-4 with sides 0-4, and an axis of it. */
const shapeAndAxis = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 })));

/** Runs `f` with the module (`fma`) and with the stock kernels (`off`) and returns both results. */
function bothWays<T>(f: () => T): [T, T] {
  useWasmGemm('fma');
  const ours = f();
  useWasmGemm('off');
  const stock = f();
  useWasmGemm('fma');
  return [ours, stock];
}

describe("dfp wasm module's strided copy", () => {
  it('should concatenate float32 and int32 tensors along any axis like the stock kernel', () => {
    fc.assert(
      fc.property(shapeAndAxis, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), fc.boolean(), ([shape, axis], widths, ints) => {
        const run = () =>
          tf.tidy(() => {
            const parts = widths.map((w, i) => {
              const s = shape.slice();
              s[axis] = w;
              const n = tf.util.sizeFromShape(s);
              return tf.tensor(Array.from({ length: n }, (_, j) => (ints ? j + 100 * i : j * 0.5 - i)), s, ints ? 'int32' : 'float32');
            });
            const y = tf.concat(parts, axis);
            return { shape: y.shape, dtype: y.dtype, values: Array.from(y.dataSync()) };
          });
        const [ours, stock] = bothWays(run);
        expect(ours).toEqual(stock);
      }),
      { numRuns: 60 },
    );
  });

  it('should split and slice along any one axis (and boxes along several) like the stock path', () => {
    fc.assert(
      fc.property(shapeAndAxis, fc.integer({ min: 0, max: 1000 }), ([shape, axis], seed) => {
        const run = () =>
          tf.tidy(() => {
            const x = tf.randomUniform(shape, -1, 1, 'float32', seed);
            const first = Math.floor(shape[axis] / 2);
            const parts = tf.split(x, [first, shape[axis] - first], axis).map((t) => Array.from(t.dataSync()));
            const begin = shape.map((s) => (s > 1 ? 1 : 0));
            const size = shape.map((s, d) => (s > 1 ? s - 1 : s));
            return { parts, box: Array.from(tf.slice(x, begin, size).dataSync()) };
          });
        const [ours, stock] = bothWays(run);
        expect(ours).toEqual(stock);
      }),
      { numRuns: 60 },
    );
  });

  it('should not leak tensors or heap bytes', () => {
    const a = tf.randomNormal([1, 32, 512]);
    const before = tf.memory();
    for (let i = 0; i < 10; i++) tf.tidy(() => void tf.concat(tf.split(a, [200, 312], 2).reverse(), 2));
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    a.dispose();
  });
});
