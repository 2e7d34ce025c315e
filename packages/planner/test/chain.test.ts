import type { StepwisePlanSession } from '@dfp/core';
import { initBackend, tf } from '@dfp/core';
import { affine, runStepwise } from '../src/chain';

beforeAll(() => initBackend('wasm'));

describe('runStepwise', () => {
  it('should return the outputs, the latent before each token and the last latent, and count T calls', () => {
    // A fake session: z_t = z_{t-1} + level_t, out_t = x_t · 2.
    const session: StepwisePlanSession = {
      chain: (z, xs, levels) => {
        const zs: tf.Tensor2D[] = [];
        let zt = z;
        for (let t = 0; t < xs.shape[0]; t++) zs.push((zt = tf.add(zt, levels[t]) as tf.Tensor2D));
        return { out: tf.mul(xs, 2) as tf.Tensor3D, z: tf.stack(zs) as tf.Tensor3D };
      },
      cell: (z) => z,
      dispose: () => undefined,
    };
    const counters = { backboneCalls: 0, tokenEvaluations: 0 };
    for (const T of [1, 3]) {
      const r = runStepwise(session, tf.zeros([2, 1]), tf.ones([T, 2, 1]), [1, 10, 100].slice(0, T), counters);
      expect(Array.from(r.out.dataSync())).toEqual(new Array(2 * T).fill(2));
      expect(Array.from(r.zBefore.dataSync())).toEqual([0, 0, 1, 1, 11, 11].slice(0, 2 * T));
      expect(Array.from(r.z.dataSync())).toEqual(T === 1 ? [1, 1] : [111, 111]);
    }
    expect(counters).toEqual({ backboneCalls: 4, tokenEvaluations: 4 });
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
