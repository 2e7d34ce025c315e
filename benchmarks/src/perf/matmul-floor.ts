import { tf, type RnnConfig } from '@dfp/core';
import { median, round, timeRuns } from './timing';

/**
 * The matMul floor of config A: how many matMul FLOPs one RNN training step needs, and how fast each side multiplies
 * matrices of the step's shapes. FLOPs / rate is a lower bound on the step time that no amount of op fusion or
 * overhead removal can beat, so it says how much of the gap to PyTorch is the matMul kernel itself (XNNPACK on
 * 128-bit wasm SIMD vs OpenBLAS on AVX2) and how much is everything else.
 */

/** One matMul shape `[m, k] · [k, n]` and its measured speed. */
export interface MatMulRate {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly ms: number;
  readonly gflops: number;
}

/**
 * MatMul FLOPs of one config-A training step of the RNN backbone (research doc §1.5 layer shapes, as core packs them):
 * per token, the first layer with its linear shortcut (token and k-embedding part, plus z_{t-1} with the GRU's hidden
 * gates), the residual blocks before and after the GRU, the GRU input gates, the latent head, plus the noise-level MLP.
 * The backward pass costs two more matMuls of each shape (input gradient and weight gradient), so the step is 3x the
 * forward count. The init encoder (once per sequence) is left out: under 1%.
 */
export function rnnStepMatMulFlops(rnn: RnnConfig, tokenDim: number, batch: number, tokens: number): { forward: number; step: number } {
  const { hidden: H, zDim: Z, embDim: E, resBlocks } = rnn;
  const mac =
    (tokenDim + E) * 2 * H + // first layer + shortcut, token and embedding rows
    Z * (2 * H + 3 * Z) + // z_{t-1}: first layer + shortcut rows, and the GRU's hidden gates
    H * H + 2 * (resBlocks - 1) * H * H + H * Z + // before-GRU: block 0's fc2, blocks 1.., output layer
    Z * 3 * Z + // GRU input gates
    Z * 2 * H + H * H + 2 * (resBlocks - 1) * H * H + H * Z + // after-GRU: fc1 + shortcut, fc2, blocks 1.., output layer
    Z * tokenDim + // x0 head
    2 * E * E; // noise-level embedding MLP
  const forward = 2 * mac * batch * tokens;
  return { forward, step: 3 * forward };
}

/** The step's dominant shapes: a hidden layer at batch B (one thread), at B/2 (each of two workers), and a weight gradient over all B·T rows. */
export function floorShapes(rnn: RnnConfig, batch: number, tokens: number): [number, number, number][] {
  const H = rnn.hidden;
  return [[batch, H, H], [Math.max(1, Math.floor(batch / 2)), H, H], [H, batch * tokens, H]];
}

/**
 * Median speed of `tf.matMul` for each shape on the current backend (read-back included, like a step's ops): five
 * timed rounds of about `roundMs` each, after a warm-up round.
 */
export async function measureMatMulRates(shapes: readonly [number, number, number][], roundMs = 80): Promise<MatMulRate[]> {
  const rates: MatMulRate[] = [];
  for (const [m, k, n] of shapes) {
    const a = tf.randomNormal([m, k], 0, 1, 'float32', 1);
    const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
    const run = (): void => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
    run();
    const t = performance.now();
    run();
    const reps = Math.min(100000, Math.max(3, Math.round(roundMs / Math.max(performance.now() - t, 1e-3))));
    const rounds = await timeRuns(() => {
      for (let i = 0; i < reps; i++) run();
    }, 5, 1);
    tf.dispose([a, b]);
    const ms = median(rounds.map((r) => r.wallMs)) / reps;
    rates.push({ m, k, n, ms: round(ms, 4), gflops: round((2 * m * k * n) / ms / 1e6, 2) });
  }
  return rates;
}

/** Lower bound on the step time in ms: its matMul FLOPs at the best measured rate. */
export function floorMs(stepFlops: number, rates: readonly MatMulRate[]): number | null {
  if (rates.length === 0) return null;
  const best = Math.max(...rates.map((r) => r.gflops));
  return round(stepFlops / best / 1e6, 0);
}
