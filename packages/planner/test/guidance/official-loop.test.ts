import { DiffusionModel, initBackend, tf } from '@dfp/core';
import type { StepwiseBackbone } from '@dfp/core';
import { Rng } from '@dfp/envs';
import { goalDistance } from '../../src/guidance/objectives';
import { sample } from '../../src/sample';

/**
 * The guided pyramid sampler against an independent transcription of the reference planning loop
 * (research doc §2.4, `df_planning.py::interact`): every row recomputes the whole chain from z0 with the
 * backbone's plain `step`, J = −Σ_frames ||x0Hat_xy − g|| is differentiated by tfjs autodiff with respect to
 * the tokens as they were at the start of the row, and each token gets `DDIM step + s·λ·∂J/∂x`. Nothing of
 * the planner (coefficients, schedule, caches, planning session, objectives) is reused here, so a wrong
 * gradient path into the early tokens would show up as a different plan.
 */

const LAYOUT = { obsDim: 2, actDim: 1, rewardDim: 0 as const, frameStack: 2 };
const NORM = { mean: Float32Array.from([0.2, -0.1, 0]), std: Float32Array.from([1.5, 0.8, 1]) };
const K = 100;
const S = 5;
const H = 4;
const OBS = [[0.1, 0.2], [-0.5, 1]];
const GOAL = [1.5, -1];
const SEEDS = [11, 12];

/** DDIM times of the reference: linspace(-1, K-1, S+1) reversed (exact integers for K = 100, S = 5). */
const TIMES = Array.from({ length: S + 1 }, (_, j) => -1 + (j * K) / S).reverse();

function referencePlan(model: DiffusionModel, scale: number): Float64Array {
  const { alphaBar } = model;
  const backbone = model.backbone as StepwiseBackbone;
  const B = OBS.length;
  const fd = LAYOUT.obsDim + LAYOUT.actDim;
  const D = fd * LAYOUT.frameStack;
  // plan[t] ~ N(0, I), row b drawn from its own stream in token order (what `rng: Rng[]` means).
  const streams = SEEDS.map((s) => new Rng(s));
  const init = new Float32Array(H * B * D);
  for (let t = 0; t < H; t++) for (let b = 0; b < B; b++) for (let d = 0; d < D; d++) init[(t * B + b) * D + d] = streams[b].normal();
  let plan = tf.tensor3d(init, [H, B, D]);
  const obsN = OBS.flat().map((v, i) => (v - NORM.mean[i % 2]) / NORM.std[i % 2]);
  const z0 = backbone.encode(tf.tensor2d(obsN, [B, 2]));
  const level = (m: number, t: number): { p: number; k: number } => {
    const p = m - t;
    return { p, k: TIMES[Math.min(Math.max(p, 0), S - 1)] };
  };
  const chain = (m: number, x: tf.Tensor3D): tf.Tensor[] => {
    let z = z0;
    return tf.unstack(x).map((xt, t) => {
      const r = backbone.step(z, xt as tf.Tensor2D, tf.fill([B], level(m, t).k, 'int32') as tf.Tensor1D);
      z = r.z;
      return r.out; // x0 objective: the output is x0Hat
    });
  };
  const J = (m: number, x: tf.Tensor3D): tf.Scalar => {
    const x0 = tf.stack(chain(m, x)); // [H, B, D]
    const frames = tf.reshape(x0, [H, B, LAYOUT.frameStack, fd]);
    const xy = tf.add(tf.mul(tf.slice(frames, [0, 0, 0, 0], [H, B, LAYOUT.frameStack, 2]), tf.tensor1d(NORM.std.slice(0, 2))), tf.tensor1d(NORM.mean.slice(0, 2)));
    return tf.neg(tf.sum(tf.sqrt(tf.sum(tf.square(tf.sub(xy, tf.tensor1d(GOAL))), -1)))) as tf.Scalar;
  };
  for (let m = 0; m < S + H; m++) {
    const next = tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => J(m, x as tf.Tensor3D))(plan);
      const x0 = chain(m, plan);
      const tokens = tf.unstack(plan).map((xt, t) => {
        const { p, k } = level(m, t);
        if (p >= S) return xt; // finished: left unchanged, never guided
        const kn = TIMES[Math.max(p, 0) + 1];
        if (kn < 0) return x0[t]; // last DDIM index returns x0Hat, λ = 0
        const a = alphaBar[k];
        const an = alphaBar[kn];
        const eps = tf.div(tf.sub(xt, tf.mul(Math.sqrt(a), x0[t])), Math.sqrt(1 - a));
        const stepped = tf.add(tf.mul(Math.sqrt(an), x0[t]), tf.mul(Math.sqrt(1 - an), eps));
        const lambda = 1 - a - Math.sqrt(1 - an) * Math.sqrt(1 - a);
        return tf.add(stepped, tf.mul(scale * lambda, tf.squeeze(tf.slice(g, [t, 0, 0], [1, B, D]), [0])));
      });
      return tf.stack(tokens) as tf.Tensor3D;
    });
    plan.dispose();
    plan = next;
  }
  const out = Float64Array.from(tf.tidy(() => tf.transpose(plan, [1, 0, 2])).dataSync()); // [B, H, D] like sample()
  tf.dispose([plan, z0]);
  return out;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('guided sampling against the reference planning loop', () => {
  let model: DiffusionModel;
  beforeAll(async () => {
    await initBackend('wasm');
    model = DiffusionModel.create({ layout: LAYOUT, backbone: { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 2 }, schedule: { kind: 'linear', K } }, NORM, 3);
  });
  afterAll(() => model.dispose());

  const plan = async (scale: number, cachePrefix = true): Promise<Float32Array> =>
    (await sample(model, OBS, {
      horizon: H, samplingSteps: S, rng: SEEDS.map((s) => new Rng(s)), cachePrefix,
      guidance: scale ? { objective: goalDistance(GOAL), scale } : null,
    })).tokens;

  it('should give the reference plan unguided and guided, with and without the prefix cache', async () => {
    for (const scale of [0, 20000]) {
      const ref = referencePlan(model, scale);
      expect(maxAbs(await plan(scale), ref)).toBeLessThan(1e-5);
      expect(maxAbs(await plan(scale, false), ref)).toBeLessThan(1e-5);
    }
    // The comparison is only meaningful if guidance moves the plan, including each env's first token (an
    // untrained x0 model barely depends on its input, hence the large scale).
    const [unguided, guided] = [referencePlan(model, 0), referencePlan(model, 20000)];
    const D = 6;
    for (const at of [0, H * D]) expect(maxAbs(guided.subarray(at, at + D), unguided.subarray(at, at + D))).toBeGreaterThan(1e-2);
  });
});
