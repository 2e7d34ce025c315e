import type { Backbone, DiffusionModelSpec, Objective, StepwiseBackbone, TokenLayout } from '@dfp/core';
import { NoiseSchedule, initBackend, tf } from '@dfp/core';
import { Rng } from '@dfp/envs';

/**
 * Tiny hand-written backbones that satisfy the @dfp/core interfaces, so the planner is tested without core's
 * trained models (and proven to work with any backbone):
 * - `rnn`: a one-layer tanh RNN, `z' = tanh(x·Wx + z·Wz + e(k)·We + b)`, `out = z'·Wo + x·Wskip` (StepwiseBackbone);
 * - `causal-forward`: the same network exposed only through `forward` (no `step`): the whole-sequence path;
 * - `non-causal`: `out_t` also sees the mean of all tokens (a Diffuser-style, non-causal model).
 */
export type TinyKind = 'rnn' | 'causal-forward' | 'non-causal';

export interface TinyModelOptions {
  readonly kind?: TinyKind;
  readonly layout?: TokenLayout;
  readonly K?: number;
  readonly objective?: Objective;
  readonly zDim?: number;
  readonly seed?: number;
}

export interface TinyModel extends DiffusionModelSpec {
  dispose(): void;
}

export const TINY_LAYOUT: TokenLayout = { obsDim: 2, actDim: 1, rewardDim: 0, frameStack: 2 };

let nextId = 0;

class TinyNet {
  readonly vars: tf.Variable[];
  constructor(readonly D: number, readonly obsDim: number, readonly Z: number, readonly K: number, seed: number) {
    const rng = new Rng(seed);
    const v = (rows: number, cols: number, scale: number, name: string): tf.Variable =>
      tf.variable(tf.tensor2d(rng.fillNormal(new Float32Array(rows * cols)).map((x) => x * scale), [rows, cols]), true, `tiny/${name}/${nextId++}`);
    this.vars = [
      v(D, Z, 1 / Math.sqrt(D), 'wx'),
      v(Z, Z, 0.9 / Math.sqrt(Z), 'wz'),
      v(2, Z, 0.5, 'we'),
      v(1, Z, 0.1, 'b'),
      v(Z, D, 1 / Math.sqrt(Z), 'wo'),
      v(D, D, 0.3 / Math.sqrt(D), 'wskip'),
      v(obsDim, Z, 1, 'enc'),
      v(D, Z, 0.5 / Math.sqrt(D), 'wmean'),
    ];
  }
  encode(obs: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.tanh(tf.matMul(obs, this.vars[6])));
  }
  /** Level features [n, 2]: (k/K, cos(k/K·π)). */
  levelFeatures(k: tf.Tensor1D): tf.Tensor2D {
    const kk = tf.div(tf.cast(k, 'float32'), this.K);
    return tf.stack([kk, tf.cos(tf.mul(kk, Math.PI))], 1) as tf.Tensor2D;
  }
  cell(z: tf.Tensor2D, x: tf.Tensor2D, k: tf.Tensor1D, context: tf.Tensor2D | null): { out: tf.Tensor2D; z: tf.Tensor2D } {
    const [wx, wz, we, b, wo, wskip, , wmean] = this.vars;
    let pre = tf.add(tf.add(tf.matMul(x, wx), tf.matMul(z, wz)), tf.add(tf.matMul(this.levelFeatures(k), we), b));
    if (context) pre = tf.add(pre, tf.matMul(context, wmean));
    const zn = tf.tanh(pre) as tf.Tensor2D;
    return { out: tf.add(tf.matMul(zn, wo), tf.matMul(x, wskip)) as tf.Tensor2D, z: zn };
  }
  forward(z0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D, nonCausal: boolean): tf.Tensor3D {
    return tf.tidy(() => {
      const xs = tf.unstack(tokens, 1) as tf.Tensor2D[];
      const ks = tf.unstack(k, 1) as tf.Tensor1D[];
      const ctx = nonCausal ? (tf.mean(tokens, 1) as tf.Tensor2D) : null;
      let z = z0;
      const outs: tf.Tensor2D[] = [];
      xs.forEach((x, t) => {
        const r = this.cell(z, x, ks[t], ctx);
        outs.push(r.out);
        z = r.z;
      });
      return tf.stack(outs, 1) as tf.Tensor3D;
    });
  }
}

class TinyForwardBackbone implements Backbone {
  readonly kind = 'transformer' as const;
  readonly zDim: number;
  constructor(protected readonly net: TinyNet, readonly causal: boolean) {
    this.zDim = net.Z;
  }
  get tokenDim(): number {
    return this.net.D;
  }
  get obsDim(): number {
    return this.net.obsDim;
  }
  get variables(): readonly tf.Variable[] {
    return this.net.vars;
  }
  encode(obs0: tf.Tensor2D): tf.Tensor2D {
    return this.net.encode(obs0);
  }
  forward(z0: tf.Tensor2D, tokens: tf.Tensor3D, k: tf.Tensor2D): tf.Tensor3D {
    return this.net.forward(z0, tokens, k, !this.causal);
  }
  dispose(): void {
    tf.dispose(this.net.vars);
  }
}

class TinyRnnBackbone extends TinyForwardBackbone implements StepwiseBackbone {
  override readonly kind = 'transformer' as const;
  constructor(net: TinyNet) {
    super(net, true);
  }
  step(zPrev: tf.Tensor2D, x: tf.Tensor2D, k: tf.Tensor1D): { out: tf.Tensor2D; z: tf.Tensor2D } {
    return tf.tidy(() => this.net.cell(zPrev, x, k, null));
  }
}

/** A tiny model spec around one of the tiny backbones; K = 100 linear schedule by default. */
export function tinyModel(opts: TinyModelOptions = {}): TinyModel {
  const layout = opts.layout ?? TINY_LAYOUT;
  const K = opts.K ?? 100;
  const fd = layout.obsDim + layout.actDim + layout.rewardDim;
  const D = fd * layout.frameStack;
  const net = new TinyNet(D, layout.obsDim, opts.zDim ?? 8, K, opts.seed ?? 1);
  const kind = opts.kind ?? 'rnn';
  const backbone = kind === 'rnn' ? new TinyRnnBackbone(net) : new TinyForwardBackbone(net, kind === 'causal-forward');
  const mean = Float32Array.from({ length: fd }, (_, i) => 0.5 * i - 0.3);
  const std = Float32Array.from({ length: fd }, (_, i) => 1 + 0.25 * i);
  return {
    layout,
    backbone,
    objective: opts.objective ?? 'x0',
    K,
    alphaBar: new NoiseSchedule('linear', K).alphaBar,
    normalizer: { mean, std },
    dispose: () => backbone.dispose(),
  };
}

/** The tiny models most tests use: the stepwise RNN and the same network behind `forward` only. */
export interface TinyPair {
  readonly rnn: TinyModel;
  readonly fwd: TinyModel;
}

/**
 * Registers `beforeAll` (wasm backend, models built) and `afterAll` (models disposed) in the calling
 * `describe`; read the models from the returned object inside tests.
 */
export function useTinyModels(): TinyPair {
  const pair = {} as { rnn: TinyModel; fwd: TinyModel };
  beforeAll(async () => {
    await initBackend('wasm');
    pair.rnn = tinyModel({ kind: 'rnn' });
    pair.fwd = tinyModel({ kind: 'causal-forward' });
  });
  afterAll(() => {
    pair.rnn.dispose();
    pair.fwd.dispose();
  });
  return pair;
}
