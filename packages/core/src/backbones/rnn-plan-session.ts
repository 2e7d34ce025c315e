import * as tf from '@tensorflow/tfjs';
import type { StepwisePlanSession } from '../api';
import { DfpArgumentError } from '../errors';
import type { NoiseLevelEmbedding } from './noise-level-embedding';
import { raw } from '../ops/raw-ops';
import { packRnn, type RnnPack, type RnnParts } from './rnn-pack';
import { cacheTensors, scanBackward, scanForward, transposePack, transposeTensors, type PackTransposes, type TokenCache } from './rnn-scan';
import { adoptIntoTape, as3 } from './rnn-sequence';

type T2 = tf.Tensor2D;
type T3 = tf.Tensor3D;
type Args = Array<tf.Tensor | tf.GradSaveFunc>;

/**
 * Planning with frozen RNN weights (see {@link StepwisePlanSession}). Built once per sampling call, it holds:
 * the packed weights and their transposes, and for every noise level the planner will use, the noise-embedding
 * MLP's contribution to the first layer (`e_k·W_e + b`, one `[2H]` row per level), so that a token's input costs
 * one matMul plus a row lookup instead of the embedding MLP. Its custom gradients flow only into the latent and
 * the tokens: no weight gradient is ever computed. The weights must not change while a session is open (it holds
 * regrouped copies of some of them).
 */
export class RnnPlanSession implements StepwisePlanSession {
  private readonly pack: RnnPack;
  private readonly wT: PackTransposes;
  /** Token rows of the first layer `[1, D, 2H]` and their transpose. */
  private readonly wx: T3;
  private readonly wxT: T3;
  /** `e_k·W_e + b` of each level, `[1, 1, 2H]`. */
  private readonly levelRow = new Map<number, T3>();
  private readonly tensors: tf.Tensor[];

  constructor(parts: RnnParts, kEmb: NoiseLevelEmbedding, levels: readonly number[]) {
    const unique = [...new Set(levels)];
    const D = parts.tokenDim;
    // Everything below is kept until dispose(); the temporaries (embedding inputs, slices) die with the scope.
    tf.engine().startScope();
    try {
      this.pack = packRnn(parts);
      const H2 = 2 * this.pack.H;
      const wu = tf.reshape(this.pack.wu.w, [D + this.pack.E, H2]) as T2;
      this.wx = as3(tf.slice(wu, [0, 0], [D, H2]) as T2);
      this.wxT = raw.transpose(this.wx, [0, 2, 1]);
      const e = kEmb.apply(tf.tensor1d(unique, 'int32'));
      const table = tf.fused.matMul({ a: e, b: tf.slice(wu, [D, 0], [this.pack.E, H2]), bias: this.pack.wu.b });
      tf.split(table, unique.length, 0).forEach((row, i) => this.levelRow.set(unique[i], tf.reshape(row, [1, 1, H2])));
      this.wT = transposePack(this.pack);
      this.tensors = [...this.pack.owned, this.wx, this.wxT, ...this.levelRow.values(), ...transposeTensors(this.wT)];
      this.tensors.forEach((t) => tf.keep(t));
    } finally {
      tf.engine().endScope();
    }
  }

  /** `[L, 1, 2H]`: the level rows of `levels`. */
  private levelRows(levels: ArrayLike<number>): T3 {
    const rows = Array.from(levels, (k) => {
      const row = this.levelRow.get(k);
      if (row === undefined) throw new DfpArgumentError(`RnnPlanSession: level ${k} was not among the levels the session was built for (${[...this.levelRow.keys()].join(', ')})`);
      return row;
    });
    return raw.concat(rows, 0);
  }

  /**
   * `[1, T·B, D + Z]` for `x [T·B, D]` from `z [B, Z]` (`levels`: one per block of `x.rows / levels.length` rows);
   * differentiable w.r.t. `z` and `x` when a tape is on.
   */
  private run(z: T2, x: T2, levels: ArrayLike<number>, T: number): T3 {
    const p = this.pack;
    const [N] = x.shape;
    const L = levels.length;
    const H2 = 2 * p.H;
    // First layer for all rows: x·W_x plus the row e_k·W_e + b of each row's level (broadcast over its block).
    const preU = (xi: T2): T3 =>
      raw.reshape(raw.add(raw.reshape(raw.matMul(as3(xi), this.wx), [L, N / L, H2]), this.levelRows(levels)), [1, N, H2]);
    if (!tf.engine().isTapeOn()) return tf.tidy(() => scanForward(p, as3(z), preU(x), T, null).value);
    let kept: tf.Tensor[] = [];
    const op = tf.customGrad((...args: Args) => {
      const [zi, xi] = args as [T2, T2];
      const caches: TokenCache[] = [];
      const { value, zAll } = scanForward(p, as3(tf.clone(zi)), preU(xi), T, caches); // z copied: the caller owns it
      kept = [...caches.flatMap(cacheTensors), zAll];
      kept.forEach((t) => tf.keep(t));
      return {
        value,
        gradFunc: (dy: tf.Tensor) => {
          const { dz0, dPreU } = scanBackward(p, this.wT, caches, zAll, dy as T3, null);
          const dx = raw.matMul(dPreU, this.wxT);
          tf.dispose(kept);
          return [raw.reshape(dz0, zi.shape), raw.reshape(dx, xi.shape)];
        },
      };
    });
    const value = op(z, x) as T3;
    adoptIntoTape(kept);
    return value;
  }

  chain(z: T2, xs: tf.Tensor3D, levels: ArrayLike<number>): { out: tf.Tensor3D; z: tf.Tensor3D } {
    const [T, B, D] = xs.shape;
    if (levels.length !== T) throw new DfpArgumentError(`RnnPlanSession.chain: expected ${T} levels (one per token), received ${levels.length}`);
    return tf.tidy(() => {
      const v = tf.reshape(this.run(z, tf.reshape(xs, [T * B, D]) as T2, levels, T), [T * B, D + this.pack.Z]);
      const [out, zs] = tf.split(v, [D, this.pack.Z], 1);
      return { out: tf.reshape(out, [T, B, D]) as tf.Tensor3D, z: tf.reshape(zs, [T, B, this.pack.Z]) as tf.Tensor3D };
    });
  }

  cell(zPrev: T2, x: T2, levels: ArrayLike<number>): T2 {
    const [N, D] = x.shape;
    if (levels.length < 1 || N % levels.length !== 0) throw new DfpArgumentError(`RnnPlanSession.cell: ${levels.length} levels do not split ${N} rows into equal blocks`);
    return tf.tidy(() => tf.slice(tf.reshape(this.run(zPrev, x, levels, 1), [N, D + this.pack.Z]), [0, 0], [N, D]) as T2);
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.tensors.length = 0;
  }
}
