import * as tf from '@tensorflow/tfjs';
import { raw } from '../ops/raw-ops';
import { packRnn, rnnScanVariables, type Affine, type RnnPack, type RnnParts } from './rnn-pack';
import { cacheTensors, scanBackward, scanForward, transposePack, WeightGradRecorder, type TokenCache } from './rnn-scan';

type T2 = tf.Tensor2D;
type T3 = tf.Tensor3D;
type Args = Array<tf.Tensor | tf.GradSaveFunc>;

/**
 * Hands tensors kept for a custom gradient over to the tape node just recorded, so that the engine disposes them
 * when the gradient computation ends, also when this node's gradient is never needed (then its gradient function
 * never runs). Avoids `save()`, which copies every saved tensor. Without a tape they are disposed at once.
 * @internal
 */
export function adoptIntoTape(tensors: readonly tf.Tensor[]): void {
  const tape = (tf.engine().state as unknown as { activeTape: Array<{ saved?: tf.Tensor[] }> | null }).activeTape;
  const node = tape?.[tape.length - 1];
  if (!node) {
    tf.dispose(tensors as tf.Tensor[]);
    return;
  }
  node.saved ??= [];
  node.saved.push(...tensors);
}

/** `x [n, f]` as `[1, n, f]`. */
export const as3 = (x: tf.Tensor2D): T3 => raw.reshape(x, [1, x.shape[0], x.shape[1]]);

/** The first layer's token/embedding part for all rows: `u·W_u + b_u`. */
const preInput = (u: T3, wu: Affine): T3 => raw.affine(u, wu.w, wu.b);

/** Gradients of every scan variable from the recorded `(X, dY)` pairs and the first layer's `dWu`, `dbu`. */
function variableGrads(parts: RnnParts, p: RnnPack, rec: WeightGradRecorder, dWu: T2, dbu: tf.Tensor1D): Map<tf.Tensor, tf.Tensor> {
  const { Z, H } = p;
  const g = new Map<tf.Tensor, tf.Tensor>();
  const cols = (m: tf.Tensor, start: number, size: number): tf.Tensor =>
    m.rank === 1 ? tf.slice(m, [start], [size]) : tf.slice(m, [0, start], [m.shape[0], size]);
  const set = (l: { w: tf.Tensor; b?: tf.Tensor }, key: string) => {
    const r = rec.grads(key);
    g.set(l.w, r.dw);
    g.set(l.b!, r.db);
  };
  const tails = (blocks: RnnParts['before']['blocks'], key: string) =>
    blocks.slice(1).forEach((blk, i) => {
      set(blk.fc1, `${key}/${i + 1}/fc1`);
      set(blk.fc2, `${key}/${i + 1}/fc2`);
    });
  const { before, gru, after, head } = parts;
  // First before-block: z rows from wz, token/embedding rows from wu.
  const wz = rec.grads('wz');
  const b0 = before.blocks[0];
  [b0.fc1, b0.shortcut!].forEach((l, j) => {
    g.set(l.w, tf.concat([cols(wz.dw, j * H, H), cols(dWu, j * H, H)], 0));
    g.set(l.b!, cols(dbu, j * H, H));
  });
  set(b0.fc2, 'before/0/fc2');
  tails(before.blocks, 'before');
  set(before.out, 'before/out');
  const gi = rec.grads('gru/input');
  [gru.hidden.r, gru.hidden.z, gru.hidden.n].forEach((l, j) => {
    g.set(l.w, cols(wz.dw, 2 * H + j * Z, Z));
    g.set(l.b!, cols(wz.db, 2 * H + j * Z, Z));
  });
  [gru.input.r, gru.input.z, gru.input.n].forEach((l, j) => {
    g.set(l.w, cols(gi.dw, j * Z, Z));
    g.set(l.b!, cols(gi.db, j * Z, Z));
  });
  const a0 = after.blocks[0];
  const ain = rec.grads('after/0/in');
  const a0Layers = a0.shortcut ? [a0.fc1, a0.shortcut] : [a0.fc1];
  a0Layers.forEach((l, j) => {
    g.set(l.w, a0Layers.length === 1 ? ain.dw : cols(ain.dw, j * H, H));
    g.set(l.b!, a0Layers.length === 1 ? ain.db : cols(ain.db, j * H, H));
  });
  set(a0.fc2, 'after/0/fc2');
  tails(after.blocks, 'after');
  set(after.out, 'after/out');
  set(head, 'head');
  return g;
}

/**
 * The RNN over a whole sequence with a hand-written backward pass (see `rnn-scan.ts`):
 * `z0 [B, Z]`, token inputs `u [T·B, D + E]` (`[x_t, e_t]`, time-major) -> `[T·B, D + Z]` (head output, then
 * z_t, per token). Under a gradient tape it is one custom-gradient op whose gradients w.r.t. `z0`, `u` and every
 * variable of the before-MLP, GRU, after-MLP and head equal those of the layer-by-layer model up to float
 * rounding; without a tape it is a plain forward pass.
 */
export function rnnSequence(parts: RnnParts, z0: T2, u: T2, T: number): T2 {
  const vars = rnnScanVariables(parts);
  const rows = u.shape[0];
  if (!tf.engine().isTapeOn()) {
    return tf.tidy(() => {
      const p = packRnn(parts);
      return raw.reshape(scanForward(p, as3(z0), preInput(as3(u), p.wu), T, null).value, [rows, p.D + p.Z]);
    });
  }
  let kept: tf.Tensor[] = [];
  const op = tf.customGrad((...args: Args) => {
    const inputs = args.slice(0, -1) as tf.Tensor[];
    // Copies of the inputs: the caller owns (and may dispose) its tensors before the backward pass.
    const z0i = as3(tf.clone(inputs[0]) as T2);
    const ui = as3(tf.clone(inputs[1]) as T2);
    const p = packRnn(parts, inputs.slice(2));
    const caches: TokenCache[] = [];
    const { value, zAll } = scanForward(p, z0i, preInput(ui, p.wu), T, caches);
    kept = [...p.owned, ...caches.flatMap(cacheTensors), zAll, ui];
    kept.forEach((t) => tf.keep(t));
    return {
      value: raw.reshape(value, [rows, p.D + p.Z]),
      gradFunc: (dy: tf.Tensor) => {
        const rec = new WeightGradRecorder();
        const { dz0, dPreU } = scanBackward(p, transposePack(p), caches, zAll, as3(dy as T2), rec);
        const dU = raw.matMul(dPreU, raw.transpose(p.wu.w, [0, 2, 1]));
        const [, n, fin] = ui.shape;
        const dWu = raw.reshape<T2>(raw.matMul(raw.transpose(ui, [0, 2, 1]), dPreU), [fin, 2 * p.H]);
        const dbu = raw.reshape<tf.Tensor1D>(raw.matMul(tf.ones([1, 1, n]), dPreU), [2 * p.H]);
        const grads = variableGrads(parts, p, rec, dWu, dbu);
        tf.dispose(kept); // early release; the tape would dispose them anyway
        return [raw.reshape(dz0, inputs[0].shape), raw.reshape(dU, inputs[1].shape), ...vars.map((v) => grads.get(v)!)];
      },
    };
  });
  const value = op(z0, u, ...vars) as T2;
  adoptIntoTape(kept);
  return value;
}
