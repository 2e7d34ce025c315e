import * as tf from '@tensorflow/tfjs';
import type { StepwiseBackbone, StepwisePlanSession } from '../api';
import { DfpArgumentError } from '../errors';

/**
 * A {@link StepwisePlanSession} for any {@link StepwiseBackbone}, made of its `step` calls (tfjs autodiff). The
 * fallback when a backbone has no faster session of its own.
 */
export class StepPlanSession implements StepwisePlanSession {
  constructor(private readonly backbone: StepwiseBackbone) {}

  chain(z: tf.Tensor2D, xs: tf.Tensor3D, levels: ArrayLike<number>): { out: tf.Tensor3D; z: tf.Tensor3D } {
    const [T, B] = xs.shape;
    if (levels.length !== T) throw new DfpArgumentError(`StepPlanSession.chain: expected ${T} levels (one per token), received ${levels.length}`);
    return tf.tidy(() => {
      const tokens = T === 1 ? [tf.reshape(xs, [B, xs.shape[2]]) as tf.Tensor2D] : (tf.unstack(xs) as tf.Tensor2D[]);
      const outs: tf.Tensor2D[] = [];
      const zs: tf.Tensor2D[] = [];
      let zt = z;
      tokens.forEach((x, t) => {
        const r = this.backbone.step(zt, x, tf.fill([B], levels[t], 'int32') as tf.Tensor1D);
        outs.push(r.out);
        zs.push((zt = r.z));
      });
      return { out: tf.stack(outs) as tf.Tensor3D, z: tf.stack(zs) as tf.Tensor3D };
    });
  }

  cell(zPrev: tf.Tensor2D, x: tf.Tensor2D, levels: ArrayLike<number>): tf.Tensor2D {
    const N = x.shape[0];
    if (levels.length < 1 || N % levels.length !== 0) throw new DfpArgumentError(`StepPlanSession.cell: ${levels.length} levels do not split ${N} rows into equal blocks`);
    const per = N / levels.length;
    const rows = Int32Array.from({ length: N }, (_, i) => levels[Math.floor(i / per)]);
    return tf.tidy(() => this.backbone.step(zPrev, x, tf.tensor1d(rows, 'int32')).out);
  }

  dispose(): void {}
}
