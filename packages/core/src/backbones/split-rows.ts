import * as tf from '@tensorflow/tfjs';

/**
 * Splits `x [n·rows, f]` into `n` blocks of `rows` rows by recursive halving. Why: a wasm slice reads its whole
 * source, so `tf.split(x, n)` costs O(n·size) while halving costs O(size·log n) (measured for [1920, 256] into
 * 30 blocks: 51 ms vs 17 ms forward).
 */
export function splitRows(x: tf.Tensor2D, n: number): tf.Tensor2D[] {
  if (n === 1) return [x];
  const rows = x.shape[0] / n;
  const left = Math.floor(n / 2);
  const [a, b] = tf.split(x, [left * rows, (n - left) * rows], 0) as [tf.Tensor2D, tf.Tensor2D];
  return [...splitRows(a, left), ...splitRows(b, n - left)];
}
