import { initBackend, tf } from '@dfp/core';
import { createGuidanceSetup, gradientAndOutput, guidanceValue, predictedFrames } from '../../src/guidance/apply-guidance';
import { custom, goalDistance, rewardSum } from '../../src/guidance/objectives';
import { TINY_LAYOUT } from '../helpers/tiny-model';

// TINY_LAYOUT: frame [x, y, a], frameStack 2 -> token of 6.
const NORM = { mean: Float32Array.from([1, -1, 0]), std: Float32Array.from([2, 0.5, 1]) };
const H = 2;
const B = 2;

/** Token-major [H, B, 6] with value 100·h + 10·b + i. */
function tokens(offset = 0): tf.Tensor3D {
  const data = new Float32Array(H * B * 6);
  for (let h = 0; h < H; h++) for (let b = 0; b < B; b++) for (let i = 0; i < 6; i++) data[(h * B + b) * 6 + i] = 100 * h + 10 * b + i + offset;
  return tf.tensor3d(data, [H, B, 6]);
}

describe('predictedFrames', () => {
  beforeAll(() => initBackend('wasm'));

  it('should unstack tokens into un-normalized frames, batch-major, sample-major', () => {
    const setup = createGuidanceSetup({ objective: goalDistance([0, 0]), scale: 1, mcgSamples: 2 }, B, H, TINY_LAYOUT, NORM)!;
    const p = predictedFrames(setup, [tokens(), tokens(1000)]);
    expect(p.obs.shape).toEqual([4, 4, 2]);
    expect(p.act.shape).toEqual([4, 4, 1]);
    expect(p.reward).toBeNull();
    const obs = p.obs.arraySync();
    // sample 0, env 1, frame 3 = token 1, second frame: normalized [113, 114] -> [113·2+1, 114·0.5-1]
    expect(obs[1][3]).toEqual([227, 56]);
    // sample 1, env 0, frame 0: [1000, 1001] -> [2001, 499.5]
    expect(obs[2][0]).toEqual([2001, 499.5]);
    setup.dispose();
  });
});

describe('guidanceValue', () => {
  it('should sum over the batch the mean over samples of the objective', () => {
    const obj = custom((p) => tf.sum(p.act, [1, 2]));
    const setup = createGuidanceSetup({ objective: obj, scale: 1, mcgSamples: 2 }, B, H, TINY_LAYOUT, NORM)!;
    const v = guidanceValue(setup, [tokens(), tokens(1)]).dataSync()[0];
    // action of frame = token[2] and token[5]: env b, token h: (100h+10b+2) + (100h+10b+5)
    let expected = 0;
    for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) expected += 2 * (100 * h + 10 * b) + 7 + 1; // mean of offsets 0 and 1 over 2 actions
    expect(v).toBeCloseTo(expected, 3);
    expect(() => guidanceValue(setup, [tokens()])).toThrow(/expected 2 samples, received 1/);
    setup.dispose();
  });
});

describe('createGuidanceSetup', () => {
  it('should switch guidance off for no options and for scale 0', () => {
    expect(createGuidanceSetup(null, B, H, TINY_LAYOUT, NORM)).toBeNull();
    expect(createGuidanceSetup({ objective: goalDistance([0, 0]), scale: 0 }, B, H, TINY_LAYOUT, NORM)).toBeNull();
  });

  it('should reject bad scales, MCG counts, weights, goals and objectives the model cannot serve', () => {
    const g = goalDistance([0, 0]);
    expect(() => createGuidanceSetup({ objective: g, scale: NaN }, B, H, TINY_LAYOUT, NORM)).toThrow(/guidance.scale must be a finite number, received NaN/);
    expect(() => createGuidanceSetup({ objective: g, scale: 1, mcgSamples: 1.5 }, B, H, TINY_LAYOUT, NORM)).toThrow(/mcgSamples must be an integer >= 1/);
    expect(() => createGuidanceSetup({ objective: g, scale: 1, frameWeights: new Float32Array(3) }, B, H, TINY_LAYOUT, NORM)).toThrow(/2·4 = 8 entries, received 3/);
    expect(() => createGuidanceSetup({ objective: rewardSum(), scale: 1 }, B, H, TINY_LAYOUT, NORM)).toThrow(/needs a reward channel/);
    expect(() => createGuidanceSetup({ objective: goalDistance(), scale: 1, goals: [[1, 2], undefined] }, B, H, TINY_LAYOUT, NORM)).toThrow(/goals\[1\] is missing/);
    expect(() => createGuidanceSetup({ objective: 'x' as never, scale: 1 }, B, H, TINY_LAYOUT, NORM)).toThrow(/GuidanceObjective function/);
  });

  it('should not leak its context tensors', () => {
    const before = tf.memory().numTensors;
    createGuidanceSetup({ objective: goalDistance(), scale: 1, goals: [[1, 2], [3, 4]], mcgSamples: 3 }, B, H, TINY_LAYOUT, NORM)!.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradientAndOutput', () => {
  it('should return tf.grad of the value and the output computed on the way', () => {
    const x = tf.tensor3d([[[1, -2]], [[0.5, 3]]]);
    const run = (xi: tf.Tensor3D) => ({ out: tf.mul(xi, 2) as tf.Tensor3D, value: tf.sum(tf.sin(xi)) as tf.Scalar });
    const { grad, out } = gradientAndOutput(x, run);
    expect(Array.from(out.dataSync())).toEqual([2, -4, 1, 6]);
    const expected = tf.grad((xi: tf.Tensor) => tf.sum(tf.sin(xi)))(x);
    expect(Array.from(grad.dataSync())).toEqual(Array.from(expected.dataSync()));
    out.dispose();
  });

  it('should give a zero gradient for a value that ignores the input', () => {
    const x = tf.ones([1, 1, 2]) as tf.Tensor3D;
    const { grad, out } = gradientAndOutput(x, (xi) => ({ out: tf.add(xi, 1) as tf.Tensor3D, value: tf.scalar(3) }));
    expect(Array.from(grad.dataSync())).toEqual([0, 0]);
    out.dispose();
  });
});
