import * as tf from '@tensorflow/tfjs';
import { hasKernel, registerLoopKernels, type LoopKernel } from './loop-kernels';

/**
 * The AdamW update of one parameter as one kernel, `DfpAdamW` (inputs a = θ, b = g, c = m, d = v; outputs θ', m',
 * v'). The formula as tfjs ops is 12 element-wise kernels, each a pass over memory: config A's update (1.07M
 * parameters, wasm) took 11.5 ms that way, 8.6 ms as this JS loop (float64 arithmetic rounded once to float32), and
 * less on dfp's wasm module (`wasm/adamw-wat.ts`, float32 SIMD), which replaces the loop on wasm.
 */

/** Constants of one update: `θ' = θ·decay - stepSize·m' / (√v' / c2 + eps)`. */
export interface AdamWStep {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** 1 - lr·λ (decoupled weight decay). */
  readonly decay: number;
  /** lr / (1 - β1^t). */
  readonly stepSize: number;
  /** √(1 - β2^t). */
  readonly c2: number;
}

const ADAMW_KERNEL: LoopKernel = {
  outShapes: (s) => [s[0], s[0], s[0]],
  loop: ({ ins: [p, g, m, v], outs: [p1, m1, v1] }, a) => {
    const [b1, b2, eps, decay, stepSize] = [a.beta1, a.beta2, a.eps, a.decay, a.stepSize] as number[];
    const [ib1, ib2, ic2] = [1 - b1, 1 - b2, 1 / (a.c2 as number)];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = b1 * m[i] + ib1 * gi;
      const vi = b2 * v[i] + ib2 * gi * gi;
      m1[i] = mi;
      v1[i] = vi;
      p1[i] = p[i] * decay - (stepSize * mi) / (Math.sqrt(vi) * ic2 + eps);
    }
  },
};

/** Registers `DfpAdamW` on `wasm` and `cpu` (idempotent). */
export function registerAdamWKernel(): void {
  registerLoopKernels({ DfpAdamW: ADAMW_KERNEL });
}

/**
 * `[θ', m', v']` of one AdamW update of parameter `p` with gradient `g` and moments `m`, `v` (new tensors; the
 * caller assigns them). One kernel on wasm and cpu, tfjs ops elsewhere.
 */
export function adamwUpdate(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, step: AdamWStep): [tf.Tensor, tf.Tensor, tf.Tensor] {
  if (hasKernel('DfpAdamW')) {
    return tf.engine().runKernel('DfpAdamW', { a: p, b: g, c: m, d: v }, { ...step }) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return tf.tidy(() => {
    const m1 = tf.add(tf.mul(m, step.beta1), tf.mul(g, 1 - step.beta1));
    const v1 = tf.add(tf.mul(v, step.beta2), tf.mul(tf.square(g), 1 - step.beta2));
    const denom = tf.add(tf.div(tf.sqrt(v1), step.c2), step.eps);
    return [tf.sub(tf.mul(p, step.decay), tf.mul(tf.div(m1, denom), step.stepSize)), m1, v1] as [tf.Tensor, tf.Tensor, tf.Tensor];
  });
}
