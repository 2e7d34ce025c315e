import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError } from '../errors';

/**
 * Exponential moving average of the weights: `θ_ema ← d·θ_ema + (1-d)·θ` after each update, with the usual
 * warm-up `d = min(decay, (1 + n)/(10 + n))` over the first updates n (so early averages are not dominated by
 * the random initialisation).
 */
export class Ema {
  /** Number of EMA updates so far. */
  updates = 0;
  private readonly shadow = new Map<string, tf.Variable>();

  constructor(private readonly params: Map<string, tf.Variable>, readonly decay: number) {
    if (!(decay > 0 && decay < 1)) throw new DfpArgumentError(`Ema: decay must be in (0, 1), received ${decay}`);
    for (const [name, p] of params) this.shadow.set(name, tf.tidy(() => tf.variable(p.clone(), false)));
  }

  /** Decay used for update number `n` (0-based). */
  decayAt(n: number): number {
    return Math.min(this.decay, (1 + n) / (10 + n));
  }

  update(): void {
    const d = this.decayAt(this.updates);
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const s = this.shadow.get(name)!;
        s.assign(tf.add(tf.mul(s, d), tf.mul(p, 1 - d)));
      }
    });
    this.updates += 1;
  }

  /** Averaged weights as plain arrays, keyed by parameter name. */
  getWeights(): Record<string, { data: Float32Array; shape: number[] }> {
    const out: Record<string, { data: Float32Array; shape: number[] }> = {};
    for (const [name, t] of this.shadow) out[name] = { data: t.dataSync() as Float32Array, shape: [...t.shape] };
    return out;
  }

  /** Restores averaged weights and the update count. @throws DfpArgumentError for a missing or mis-shaped entry. */
  setWeights(weights: Record<string, { data: ArrayLike<number>; shape: readonly number[] }>, updates: number, source = 'Ema.setWeights'): void {
    for (const [name, t] of this.shadow) {
      const w = weights[name];
      if (!w || w.data.length !== t.size) throw new DfpArgumentError(`${source}: EMA weight '${name}' is missing or has the wrong size (expected [${t.shape.join(', ')}])`);
    }
    tf.tidy(() => {
      for (const [name, t] of this.shadow) t.assign(tf.tensor(Float32Array.from(weights[name].data), t.shape));
    });
    this.updates = updates;
  }

  dispose(): void {
    for (const t of this.shadow.values()) t.dispose();
    this.shadow.clear();
  }
}
