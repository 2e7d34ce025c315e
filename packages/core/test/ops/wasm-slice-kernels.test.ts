import * as fc from 'fast-check';
import { initBackend, tf } from '@dfp/core';
import { copyBox } from '../../src/ops/wasm-slice-kernels';

beforeAll(() => initBackend('wasm'));

/** Plain-JS reference of a box slice, index by index. */
function referenceBox(x: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = tf.util.computeStrides(shape);
  const out: number[] = [];
  const n = size.reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let src = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      const id = rem % size[d];
      rem = Math.floor(rem / size[d]);
      src += (begin[d] + id) * (d === shape.length - 1 ? 1 : strides[d]);
    }
    out.push(x[src]);
  }
  return out;
}

const boxArb = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(...shape.map((s) => fc.integer({ min: 0, max: s - 1 }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: s - b }))))),
    ),
  );

describe('copyBox', () => {
  it('should copy any box of a row-major array like an index-by-index reference', () => {
    fc.assert(
      fc.property(boxArb, ([shape, bs]) => {
        const begin = bs.map(([b]) => b);
        const size = bs.map(([, s]) => s);
        const n = shape.reduce((a, b) => a * b, 1);
        const x = Float32Array.from({ length: n }, (_, i) => i);
        const out = new Float32Array(size.reduce((a, b) => a * b, 1));
        copyBox(x, shape, begin, size, out);
        expect(Array.from(out)).toEqual(referenceBox(Array.from(x), shape, begin, size));
      }),
    );
  });
});

describe('wasm Slice / SplitV / Unpack replacements', () => {
  it('should be registered on the wasm backend', () => {
    for (const k of ['Slice', 'SplitV', 'Unpack']) expect((tf.getKernel(k, 'wasm')!.kernelFunc as { dfpFast?: boolean }).dfpFast).toBe(true);
  });

  it('should give the same slices, splits and unstacks as the index-by-index reference (float32, int32, bool)', () => {
    fc.assert(
      fc.property(boxArb, fc.constantFrom<tf.DataType>('float32', 'int32', 'bool'), ([shape, bs], dtype) => {
        const begin = bs.map(([b]) => b);
        const size = bs.map(([, s]) => s);
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 2 : i - 3));
        const x = tf.tensor(data, shape, dtype);
        const s = tf.slice(x, begin, size);
        expect(Array.from(s.dataSync())).toEqual(referenceBox(data, shape, begin, size));
        const axis = shape.length - 1;
        const parts = tf.split(x, [1, shape[axis] - 1].filter((p) => p > 0), axis);
        expect(Array.from(tf.concat(parts, axis).dataSync())).toEqual(data);
        const rows = tf.unstack(x, 0);
        expect(rows.map((r) => Array.from(r.dataSync())).flat()).toEqual(data);
        expect(rows[0].shape).toEqual(shape.slice(1));
        tf.dispose([x, s, ...parts, ...rows]);
      }),
      { numRuns: 60 },
    );
  });

  it('should keep gradients of slice and split intact', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.split(x, [1, 2], 1)[1], tf.slice(x, [0, 1], [2, 2]))))(tf.tensor2d([[1, 2, 3], [4, 5, 6]]));
    expect(Array.from(g.dataSync())).toEqual([0, 4, 6, 0, 10, 12]);
    g.dispose();
  });
});

describe('GatherV2 of rows on wasm', () => {
  it('should equal the cpu kernel for any table and in-range indices (any index shape), and not leak', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 5 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (rows, cols, raw, nested) => {
        const table = Array.from({ length: rows * cols }, (_, i) => i * 0.5 - 3);
        const idx = raw.map((r) => r % rows);
        const gather = () =>
          tf.tidy(() => {
            const x = tf.tensor2d(table, [rows, cols]);
            const i = nested && idx.length % 2 === 0 ? tf.tensor2d(idx, [2, idx.length / 2], 'int32') : tf.tensor1d(idx, 'int32');
            const y = tf.gather(x, i);
            return { shape: y.shape, values: Array.from(y.dataSync()) };
          });
        const before = tf.memory().numTensors;
        const ours = gather();
        expect(tf.memory().numTensors).toBe(before);
        tf.setBackend('cpu');
        const want = gather();
        tf.setBackend('wasm');
        expect(ours).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('should leave other gathers (int32 tables, inner axes) to the stock kernel, with the same results', () => {
    tf.tidy(() => {
      const ints = tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32'));
      expect(Array.from(ints.dataSync())).toEqual([5, 6, 1, 2]);
      const cols = tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor1d([2, 0], 'int32'), 1);
      expect(Array.from(cols.dataSync())).toEqual([3, 1, 6, 4]);
    });
  });
});
