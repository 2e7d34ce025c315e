import { Rng } from '@dfp/envs';
import { initBackend, tf } from '@dfp/core';
import { RnnBackbone, type RnnConfig } from '../../src/backbones/rnn';
import { maxAbsDiff } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

const B = 3;
const T = 4;
const D = 6;
const OBS = 2;

/** Relative max difference: max|a-b| / max|b|. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  return maxAbsDiff(a, b) / scale;
}

/** Loss value and gradients w.r.t. every variable, through `forward` or `forwardReference`. */
function lossAndGrads(bb: RnnBackbone, reference: boolean, seed: number): { out: Float32Array; grads: Float32Array[] } {
  const result = tf.tidy(() => {
    const tokens = tf.randomNormal([B, T, D], 0, 1, 'float32', seed) as tf.Tensor3D;
    const target = tf.randomNormal([B, T, D], 0, 1, 'float32', seed + 1);
    const k = tf.tensor2d(Array.from({ length: B * T }, (_, i) => (i * 37) % 100), [B, T], 'int32');
    const obs = tf.randomNormal([B, OBS], 0, 1, 'float32', seed + 2) as tf.Tensor2D;
    const run = () => (reference ? bb.forwardReference(bb.encode(obs), tokens, k) : bb.forward(bb.encode(obs), tokens, k));
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(run(), target))) as tf.Scalar, bb.variables);
    return { out: run(), grads: bb.variables.map((v) => grads[v.name]) };
  });
  const out = { out: result.out.dataSync() as Float32Array, grads: result.grads.map((g) => g.dataSync() as Float32Array) };
  tf.dispose([result.out, ...result.grads]);
  return out;
}

describe.each<[string, RnnConfig]>([
  ['hidden != zDim (linear shortcuts in both first blocks)', { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 3 }],
  ['hidden == zDim (identity shortcut after the GRU)', { kind: 'rnn', hidden: 8, zDim: 8, embDim: 4, resBlocks: 2 }],
  ['one residual block per MLP', { kind: 'rnn', hidden: 12, zDim: 6, embDim: 4, resBlocks: 1 }],
])('RnnBackbone.forward (hand-written BPTT), %s', (_name, config) => {
  it('should give the outputs and the gradients of every variable of the autodiff reference', () => {
    const bb = new RnnBackbone(OBS, D, 100, config, new Rng(4));
    const fast = lossAndGrads(bb, false, 11);
    const ref = lossAndGrads(bb, true, 11);
    expect(maxAbsDiff(fast.out, ref.out)).toBeLessThan(1e-5);
    expect(fast.grads).toHaveLength(bb.variables.length);
    const off = fast.grads.map((g, i) => [bb.params.names[i], relDiff(g, ref.grads[i])] as const).filter(([, d]) => !(d < 1e-4));
    expect(off).toEqual([]); // names every gradient that differs
    expect(ref.grads.every((g) => g.some((v) => v !== 0))).toBe(true); // every variable is exercised
    bb.dispose();
  });
});

describe('RnnBackbone.forward memory', () => {
  it('should not leak tensors with or without a gradient tape, nor when its gradient is not needed', () => {
    const bb = new RnnBackbone(OBS, D, 100, { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 }, new Rng(1));
    lossAndGrads(bb, false, 1);
    const before = tf.memory().numTensors;
    lossAndGrads(bb, false, 2);
    expect(tf.memory().numTensors).toBe(before);
    tf.tidy(() => void bb.forward(bb.encode(tf.ones([B, OBS])), tf.ones([B, T, D]), tf.zeros([B, T], 'int32')));
    expect(tf.memory().numTensors).toBe(before);
    // On the tape but not connected to the differentiated value: its kept activations must still be released.
    const probe = tf.tidy(() => tf.variable(tf.scalar(2)));
    const { value, grads } = tf.variableGrads(() => {
      bb.forward(bb.encode(tf.ones([B, OBS])), tf.ones([B, T, D]), tf.zeros([B, T], 'int32'));
      return tf.square(probe) as tf.Scalar;
    }, [probe]);
    tf.dispose([value, probe, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    bb.dispose();
  });
});

describe('RnnBackbone.forward on the cpu backend', () => {
  afterAll(() => initBackend('wasm'));

  it('should also give the reference outputs and gradients there (cpu fused kernels)', async () => {
    await initBackend('cpu');
    const bb = new RnnBackbone(OBS, D, 100, { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 }, new Rng(4));
    const fast = lossAndGrads(bb, false, 5);
    const ref = lossAndGrads(bb, true, 5);
    expect(maxAbsDiff(fast.out, ref.out)).toBeLessThan(1e-5);
    expect(Math.max(...fast.grads.map((g, i) => relDiff(g, ref.grads[i])))).toBeLessThan(1e-4);
    bb.dispose();
  });
});

describe('RnnBackbone.planSession', () => {
  const LEVELS = [99, 50, 10];

  /** A loss of the chain outputs and latents, its value and gradients w.r.t. z and the tokens. */
  function chainGrads(run: (z: tf.Tensor2D, xs: tf.Tensor3D) => { out: tf.Tensor3D; z: tf.Tensor3D }): Float32Array[] {
    const res = tf.tidy(() => {
      const z = tf.randomNormal([B, 8], 0, 1, 'float32', 21) as tf.Tensor2D;
      const xs = tf.randomNormal([3, B, D], 0, 1, 'float32', 22) as tf.Tensor3D;
      const w = tf.randomNormal([3, B, D], 0, 1, 'float32', 23);
      const f = (zz: tf.Tensor, xx: tf.Tensor) => {
        const r = run(zz as tf.Tensor2D, xx as tf.Tensor3D);
        return tf.add(tf.sum(tf.mul(r.out, w)), tf.sum(tf.square(r.z)));
      };
      const { value, grads } = tf.valueAndGrads(f)([z, xs]);
      const r = run(z, xs);
      return [value, ...grads, r.out, r.z];
    });
    const out = res.map((t) => t.dataSync() as Float32Array);
    tf.dispose(res);
    return out;
  }

  it('should equal step() token by token, with the same gradients w.r.t. the latent and the tokens', () => {
    const bb = new RnnBackbone(OBS, D, 100, { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 }, new Rng(6));
    const session = bb.planSession([...LEVELS, 7]);
    const viaSession = chainGrads((z, xs) => session.chain(z, xs, LEVELS));
    const viaStep = chainGrads((z, xs) => {
      const outs: tf.Tensor2D[] = [];
      const zs: tf.Tensor2D[] = [];
      let zt = z;
      tf.unstack(xs).forEach((x, t) => {
        const r = bb.step(zt, x as tf.Tensor2D, tf.fill([B], LEVELS[t], 'int32') as tf.Tensor1D);
        outs.push(r.out);
        zs.push((zt = r.z));
      });
      return { out: tf.stack(outs) as tf.Tensor3D, z: tf.stack(zs) as tf.Tensor3D };
    });
    viaSession.forEach((a, i) => expect(relDiff(a, viaStep[i])).toBeLessThan(1e-4));
    // cell(): independent rows, one level per block of rows.
    const [cellOut, stepOut] = tf.tidy(() => {
      const z = tf.randomNormal([2 * B, 8], 0, 1, 'float32', 31) as tf.Tensor2D;
      const x = tf.randomNormal([2 * B, D], 0, 1, 'float32', 32) as tf.Tensor2D;
      return [session.cell(z, x, [50, 7]), bb.step(z, x, tf.tensor1d([50, 50, 50, 7, 7, 7], 'int32')).out];
    });
    expect(maxAbsDiff(cellOut.dataSync(), stepOut.dataSync())).toBeLessThan(1e-5);
    expect(() => tf.tidy(() => session.chain(tf.zeros([B, 8]), tf.zeros([1, B, D]), [42]))).toThrow(/level 42 was not among the levels/);
    tf.dispose([cellOut, stepOut]);
    const before = tf.memory().numTensors;
    session.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    bb.dispose();
  });
});
