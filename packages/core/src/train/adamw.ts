import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError } from '../errors';
import { adamwUpdate } from '../ops/adamw-kernel';

/** Hyper-parameters of {@link AdamW} (PyTorch names and defaults, except the weight decay). */
export interface AdamWOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** Decoupled weight decay λ (DF: 1e-4). @defaultValue 1e-4 */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter 2019) as `torch.optim.AdamW`, over named tf.Variables, with its moments held as
 * tf.Variables so that its whole state can be saved and restored exactly:
 * ```
 * θ ← θ·(1 - lr·λ)
 * m ← β1·m + (1-β1)·g ;  v ← β2·v + (1-β2)·g²
 * θ ← θ - lr · (m / (1-β1^t)) / (√(v / (1-β2^t)) + ε)
 * ```
 * (tfjs' built-in optimizers keep state that cannot be serialized faithfully.) Each parameter's update is one
 * kernel (`ops/adamw-kernel.ts`).
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Number of updates applied (t). */
  step = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(private readonly params: Map<string, tf.Variable>, options: AdamWOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 1e-4;
    for (const [name, p] of params) {
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  /**
   * Applies one update with learning rate `lr`. `grads` maps every parameter name to its gradient; the caller
   * keeps ownership of `grads`.
   * @throws DfpArgumentError when a gradient is missing.
   */
  apply(grads: Record<string, tf.Tensor>, lr: number): void {
    for (const name of this.params.keys()) if (!grads[name]) throw new DfpArgumentError(`AdamW.apply: no gradient for parameter '${name}'`);
    this.step += 1;
    const c1 = 1 - this.beta1 ** this.step;
    const c2 = Math.sqrt(1 - this.beta2 ** this.step);
    const step = { beta1: this.beta1, beta2: this.beta2, eps: this.eps, decay: 1 - lr * this.weightDecay, stepSize: lr / c1, c2 };
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const [p1, m1, v1] = adamwUpdate(p, grads[name], m, v, step);
        p.assign(p1);
        m.assign(m1);
        v.assign(v1);
      }
    });
  }

  /** Moments as plain arrays (`m/<name>`, `v/<name>`), for checkpoints. */
  getState(): Record<string, { data: Float32Array; shape: number[] }> {
    const out: Record<string, { data: Float32Array; shape: number[] }> = {};
    for (const [prefix, map] of [['m', this.m], ['v', this.v]] as const) {
      for (const [name, t] of map) out[`${prefix}/${name}`] = { data: t.dataSync() as Float32Array, shape: [...t.shape] };
    }
    return out;
  }

  /**
   * Restores moments and the step count.
   * @throws DfpArgumentError naming a missing or mis-shaped moment.
   */
  setState(state: Record<string, { data: ArrayLike<number>; shape: readonly number[] }>, step: number, source = 'AdamW.setState'): void {
    for (const [prefix, map] of [['m', this.m], ['v', this.v]] as const) {
      for (const [name, t] of map) {
        const s = state[`${prefix}/${name}`];
        if (!s) throw new DfpArgumentError(`${source}: optimizer moment '${prefix}/${name}' is missing`);
        if (s.data.length !== t.size || s.shape.some((d, i) => d !== t.shape[i])) {
          throw new DfpArgumentError(`${source}: optimizer moment '${prefix}/${name}' has shape [${s.shape.join(', ')}], expected [${t.shape.join(', ')}]`);
        }
      }
    }
    tf.tidy(() => {
      for (const [prefix, map] of [['m', this.m], ['v', this.v]] as const) {
        for (const [name, t] of map) t.assign(tf.tensor(Float32Array.from(state[`${prefix}/${name}`].data), t.shape));
      }
    });
    this.step = step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
