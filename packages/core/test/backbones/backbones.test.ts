import { Rng } from '@dfp/envs';
import { DEFAULT_RNN_CONFIG, initBackend, tf, type Backbone } from '@dfp/core';
import { createBackbone } from '../../src/backbones/create-backbone';
import { RnnBackbone } from '../../src/backbones/rnn';
import { TINY_LAYOUT, TINY_RNN, TINY_TRANSFORMER, maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const B = 2;
const T = 5;
const D = 6; // TINY_LAYOUT tokenDim

/** Outputs of `bb` for tokens where token `changed` (if any) is replaced by other values. */
function outputs(bb: Backbone, changed?: number): Float32Array {
  const out = tf.tidy(() => {
    const tokens = tf.randomNormal([B, T, D], 0, 1, 'float32', 7).arraySync() as number[][][];
    if (changed !== undefined) for (let b = 0; b < B; b++) tokens[b][changed] = tokens[b][changed].map((v) => v + 3);
    const k = tf.tensor2d([[0, 10, 50, 99, 3], [99, 0, 1, 2, 3]], [B, T], 'int32');
    const z0 = bb.encode(tf.tensor2d([[0.1, -0.3], [1, 2]]));
    return bb.forward(z0, tf.tensor3d(tokens), k);
  });
  const d = out.dataSync() as Float32Array;
  out.dispose();
  return d;
}

/** Max difference of outputs per token index t. */
function perTokenDiff(a: Float32Array, b: Float32Array): number[] {
  return Array.from({ length: T }, (_, t) => {
    let m = 0;
    for (let bb = 0; bb < B; bb++) for (let d = 0; d < D; d++) m = Math.max(m, Math.abs(a[(bb * T + t) * D + d] - b[(bb * T + t) * D + d]));
    return m;
  });
}

describe.each([
  ['rnn', TINY_RNN],
  ['causal transformer', TINY_TRANSFORMER],
])('%s backbone', (_name, config) => {
  it('should keep outputs <= t unchanged when token t+1 changes (causality)', () => {
    const bb = createBackbone(config, TINY_LAYOUT, 100, new Rng(3));
    const base = outputs(bb);
    for (const changed of [1, 3]) {
      const diff = perTokenDiff(base, outputs(bb, changed));
      for (let t = 0; t < changed; t++) expect(diff[t]).toBe(0);
      expect(diff[changed]).toBeGreaterThan(1e-4);
    }
    bb.dispose();
  });

  it('should give the same weights for the same seed and different ones otherwise', () => {
    const a = createBackbone(config, TINY_LAYOUT, 100, new Rng(5));
    const b = createBackbone(config, TINY_LAYOUT, 100, new Rng(5));
    const c = createBackbone(config, TINY_LAYOUT, 100, new Rng(6));
    expect(maxAbsDiff(outputs(a), outputs(b))).toBe(0);
    expect(maxAbsDiff(outputs(a), outputs(c))).toBeGreaterThan(1e-4);
    [a, b, c].forEach((x) => x.dispose());
  });

  it('should not leak tensors in forward and dispose all its variables', () => {
    const before = tf.memory().numTensors;
    const bb = createBackbone(config, TINY_LAYOUT, 100, new Rng(3));
    outputs(bb);
    const afterFirst = tf.memory().numTensors;
    outputs(bb);
    expect(tf.memory().numTensors).toBe(afterFirst);
    bb.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('transformer backbone with causal: false', () => {
  it('should let earlier outputs depend on later tokens (the Diffuser-style baseline)', () => {
    const bb = createBackbone({ ...TINY_TRANSFORMER, causal: false }, TINY_LAYOUT, 100, new Rng(3));
    expect(bb.causal).toBe(false);
    expect(perTokenDiff(outputs(bb), outputs(bb, 3))[0]).toBeGreaterThan(1e-4);
    bb.dispose();
  });

  it('should reject a width not divisible by the heads', () => {
    expect(() => createBackbone({ ...TINY_TRANSFORMER, heads: 3 }, TINY_LAYOUT, 100, new Rng(3))).toThrow(/not divisible by heads 3/);
  });
});

describe('RnnBackbone', () => {
  it('should give the same outputs token by token (step) as for the whole sequence (forward)', () => {
    const bb = new RnnBackbone(2, D, 100, { ...TINY_RNN }, new Rng(8));
    const [whole, stepped] = tf.tidy(() => {
      const tokens = tf.randomNormal([B, T, D], 0, 1, 'float32', 3) as tf.Tensor3D;
      const k = tf.tensor2d([[5, 6, 7, 8, 9], [90, 80, 70, 60, 50]], [B, T], 'int32');
      let z = bb.encode(tf.tensor2d([[0.2, 0.1], [-1, 0]]));
      const whole = bb.forward(z, tokens, k);
      const outs: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const x = tokens.slice([0, t, 0], [B, 1, D]).reshape([B, D]) as tf.Tensor2D;
        const r = bb.step(z, x, k.slice([0, t], [B, 1]).reshape([B]) as tf.Tensor1D);
        outs.push(r.out);
        z = r.z;
      }
      return [whole, tf.stack(outs, 1)];
    });
    expect(maxAbsDiff(whole.dataSync(), stepped.dataSync())).toBeLessThan(1e-5);
    tf.dispose([whole, stepped]);
    bb.dispose();
  });

  it('should have the ~1.07M parameters of config A (hidden 256, z 128, emb 64) for the maze token', () => {
    const bb = new RnnBackbone(4, 60, 1000, DEFAULT_RNN_CONFIG, new Rng(0));
    expect(bb.params.size).toBe(1068092);
    bb.dispose();
  });
});
