import { Rng } from '@dfp/envs';
import { gelu, initBackend, tf } from '@dfp/core';
import { ParamStore } from '../../src/backbones/param-store';
import { createEncoder, createResBlock, createResMlp, encoder, resBlock, resMlp } from '../../src/backbones/layers';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

describe('resBlock', () => {
  it('should compute gelu(x + fc2(gelu(fc1(x)))) with an identity shortcut for equal widths', () => {
    const store = new ParamStore(new Rng(1));
    const p = createResBlock(store, 'blk', 4, 4);
    expect(p.shortcut).toBeUndefined();
    const [ours, ref] = tf.tidy(() => {
      const x = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
      const lin = (l: typeof p.fc1, v: tf.Tensor) => tf.add(tf.matMul(v as tf.Tensor2D, l.w), l.b!);
      return [resBlock(p, x), gelu(tf.add(x, lin(p.fc2, gelu(lin(p.fc1, x)))))];
    });
    expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
    tf.dispose([ours, ref]);
    store.dispose();
  });

  it('should use a linear shortcut when the widths differ', () => {
    const store = new ParamStore(new Rng(1));
    expect(createResBlock(store, 'blk', 3, 5).shortcut?.w.shape).toEqual([3, 5]);
    store.dispose();
  });
});

describe('resMlp / encoder', () => {
  it('should map widths in → H → out with the DF layer names', () => {
    const store = new ParamStore(new Rng(1));
    const mlp = createResMlp(store, 'before', 7, 16, 5, 3);
    const enc = createEncoder(store, 'encoder', 4, 8);
    const [a, b] = tf.tidy(() => [resMlp(mlp, tf.ones([2, 7])), encoder(enc, tf.ones([2, 4]))]);
    expect(a.shape).toEqual([2, 5]);
    expect(b.shape).toEqual([2, 8]);
    expect(store.names.filter((n) => n.endsWith('/w'))).toEqual([
      'before/0/fc1/w', 'before/0/fc2/w', 'before/0/shortcut/w', 'before/1/fc1/w', 'before/1/fc2/w', 'before/2/fc1/w', 'before/2/fc2/w', 'before/out/w',
      'encoder/0/w', 'encoder/1/w', 'encoder/2/w',
    ]);
    expect(enc.layers.map((l) => l.w.shape)).toEqual([[4, 128], [128, 128], [128, 8]]);
    tf.dispose([a, b]);
    store.dispose();
  });
});
