import { gelu, initBackend, tf } from '@dfp/core';
import { geluConstants, geluFused, gruFused, gruGradFused, registerFusedKernels } from '../../src/ops/fused-kernels';
import { maxAbsDiff } from '../helpers/tiny';

afterAll(() => initBackend('wasm'));

const Z = 5;

/** Reference GRU gates with tfjs ops and their autodiff gradients for an upstream gradient `dh`. */
function referenceGru(gi: tf.Tensor2D, gh: tf.Tensor2D, h: tf.Tensor2D, dh: tf.Tensor2D) {
  const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
    const [ai, bi] = [tf.split(a, 3, 1), tf.split(b, 3, 1)];
    const r = tf.sigmoid(tf.add(ai[0], bi[0]));
    const u = tf.sigmoid(tf.add(ai[1], bi[1]));
    const n = tf.tanh(tf.add(ai[2], tf.mul(r, bi[2])));
    return tf.add(n, tf.mul(u, tf.sub(c, n)));
  };
  const [dgi, dgh, dhp] = tf.grads(f)([gi, gh, h], dh);
  return { out: f(gi, gh, h), dgi, dgh, dh: dhp };
}

describe.each(['wasm', 'cpu'] as const)('fused kernels on %s', (backend) => {
  beforeAll(() => initBackend(backend));

  it.each([[60], [5000]])('geluFused should equal GELU (tanh approximation) of x + add and its derivative (n = %i)', (n) => {
    tf.tidy(() => {
      const consts = geluConstants(); // enables the composite path of large tensors on wasm
      const x = tf.randomNormal([1, n], 0, 2, 'float32', 1);
      const add = tf.randomNormal([1, n], 0, 1, 'float32', 2);
      const v = tf.add(x, add);
      const ref = gelu(v);
      const refD = tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(v);
      const fused = geluFused(x, add, true, consts);
      expect(maxAbsDiff(fused.y.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(fused.d!.dataSync(), refD.dataSync())).toBeLessThan(1e-5);
      const plain = geluFused(x, null, false, consts);
      expect(plain.d).toBeNull();
      expect(maxAbsDiff(plain.y.dataSync(), gelu(x).dataSync())).toBeLessThan(1e-5);
    });
  });

  it('DfpGru / DfpGruGrad should equal the GRUCell gate equations and their autodiff gradients', () => {
    tf.tidy(() => {
      const [gi, gh] = [tf.randomNormal([3, 3 * Z], 0, 1.5, 'float32', 3), tf.randomNormal([3, 3 * Z], 0, 1.5, 'float32', 4)] as tf.Tensor2D[];
      const h = tf.randomNormal([3, Z], 0, 1, 'float32', 5) as tf.Tensor2D;
      const dh = tf.randomNormal([3, Z], 0, 1, 'float32', 6) as tf.Tensor2D;
      const ref = referenceGru(gi, gh, h, dh);
      const f = gruFused(gi, gh, h, true);
      expect(maxAbsDiff(f.h.dataSync(), ref.out.dataSync())).toBeLessThan(1e-5);
      const g = gruGradFused(dh, f.cache!, h);
      expect(maxAbsDiff(g.dgi.dataSync(), ref.dgi.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(g.dgh.dataSync(), ref.dgh.dataSync())).toBeLessThan(1e-5);
      // The direct part of dh (through u·h) plus the paths through gh equal the full gradient at h only together,
      // so compare the direct part with its formula dh·u.
      const u = tf.sigmoid(tf.add(tf.split(gi, 3, 1)[1], tf.split(gh, 3, 1)[1]));
      expect(maxAbsDiff(g.dh.dataSync(), tf.mul(dh, u).dataSync())).toBeLessThan(1e-6);
      expect(gruFused(gi, gh, h, false).cache).toBeNull();
    });
  });
});

describe('fused kernels without a registered kernel (other backends)', () => {
  it('should compute the same values with tfjs ops', async () => {
    await initBackend('cpu');
    const names = ['DfpGelu', 'DfpGru', 'DfpGruGrad'];
    const out = tf.tidy(() => {
      const x = tf.randomNormal([2, 3 * Z], 0, 1, 'float32', 7);
      const gh = tf.randomNormal([2, 3 * Z], 0, 1, 'float32', 8);
      const h = tf.randomNormal([2, Z], 0, 1, 'float32', 9);
      const run = () => {
        const a = geluFused(x, gh, true);
        const b = gruFused(x, gh, h, true);
        const c = gruGradFused(h, b.cache!, h);
        return [a.y, a.d!, b.h, b.cache!, c.dgi, c.dgh, c.dh].map((t) => Array.from(t.dataSync()));
      };
      const kernels = run();
      for (const n of names) tf.unregisterKernel(n, 'cpu');
      try {
        return { kernels, ops: run() };
      } finally {
        registerFusedKernels();
      }
    });
    expect(names.every((n) => tf.getKernel(n, 'cpu') !== undefined)).toBe(true);
    out.kernels.forEach((k, i) => expect(maxAbsDiff(k, out.ops[i])).toBeLessThan(1e-5));
  });
});
