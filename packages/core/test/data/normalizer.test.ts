import { DfpArgumentError, Normalizer, initBackend, tf, trajectoryDataset } from '@dfp/core';
import { maxAbsDiff } from '../helpers/tiny';

describe('Normalizer.fit', () => {
  it('should fit population mean and std per frame dimension [o, a, r]', () => {
    const d = trajectoryDataset({ observations: [0, 10, 2, 10, 4, 10], actions: [1, 3, 5], rewards: [0, 0, 1], obsDim: 2, actDim: 1 });
    const n = Normalizer.fit(d, { obsDim: 2, actDim: 1, rewardDim: 1, frameStack: 1 });
    expect(Array.from(n.mean)).toEqual([2, 10, 3, Math.fround(1 / 3)]);
    expect(n.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(n.std[1]).toBe(1); // constant dimension
    expect(n.std[3]).toBeCloseTo(Math.sqrt(2 / 9), 6);
  });

  it('should reject a dataset that does not match the layout', () => {
    const d = trajectoryDataset({ observations: [0, 1], actions: [1, 3], obsDim: 1, actDim: 1 });
    expect(() => Normalizer.fit(d, { obsDim: 2, actDim: 1, rewardDim: 0, frameStack: 1 })).toThrow(/obsDim 1, actDim 1 but the layout expects 2, 1/);
    expect(() => Normalizer.fit(d, { obsDim: 1, actDim: 1, rewardDim: 1, frameStack: 1 })).toThrow(/no rewards/);
  });

  it('should use a fixed action std when given (the reference code\'s dataset.action_std) and keep the fitted rest', () => {
    const d = trajectoryDataset({ observations: [0, 10, 2, 10, 4, 10], actions: [1, -1, 3, 1, 5, 3], rewards: [0, 0, 1], obsDim: 2, actDim: 2 });
    const layout = { obsDim: 2, actDim: 2, rewardDim: 1 as const, frameStack: 1 };
    const fitted = Normalizer.fit(d, layout);
    const fixed = Normalizer.fit(d, layout, { actionStd: [2, 2] });
    expect(Array.from(fixed.std)).toEqual([fitted.std[0], fitted.std[1], 2, 2, fitted.std[4]]);
    expect(Array.from(fixed.mean)).toEqual(Array.from(fitted.mean));
    expect(Array.from(Normalizer.fit(d, layout, { actionStd: null }).std)).toEqual(Array.from(fitted.std));
  });

  it('should reject an action std of the wrong length or with values <= 0 or not finite, naming the config field', () => {
    const d = trajectoryDataset({ observations: [0, 1], actions: [1, 3, 2, 2], obsDim: 1, actDim: 2 });
    const layout = { obsDim: 1, actDim: 2, rewardDim: 0 as const, frameStack: 1 };
    expect(() => Normalizer.fit(d, layout, { actionStd: [2] })).toThrow(/data\.actionStd .* must hold 2 finite numbers > 0 .* received \[2\]/);
    expect(() => Normalizer.fit(d, layout, { actionStd: [2, 0] })).toThrow(DfpArgumentError);
    expect(() => Normalizer.fit(d, layout, { actionStd: [2, NaN] })).toThrow(DfpArgumentError);
    expect(() => Normalizer.fit(d, layout, { actionStd: [Infinity, 1] })).toThrow(DfpArgumentError);
  });
});

describe('Normalizer', () => {
  it('should normalize whole tokens (several frames)', () => {
    const n = new Normalizer([1, 2], [2, 4]);
    expect(Array.from(n.normalize([3, 6, 1, 2]))).toEqual([1, 1, 0, 0]);
    expect(() => n.normalize([1, 2, 3])).toThrow(/not a multiple of the frame size 2/);
  });

  it('should reject non-positive std and mismatched lengths', () => {
    expect(() => new Normalizer([0], [0])).toThrow(DfpArgumentError);
    expect(() => new Normalizer([0, 1], [1])).toThrow(/equal length/);
    expect(() => new Normalizer([Number.NaN], [1])).toThrow(/mean\[0\] must be finite/);
  });

  it('should have tensor versions equal to the array ones', async () => {
    await initBackend('wasm');
    const n = new Normalizer([1, -2, 0.5], [2, 0.5, 3]);
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const [a, b] = tf.tidy(() => {
      const t = tf.tensor3d(values, [2, 1, 6]);
      return [n.normalizeTensor(t), n.unnormalizeTensor(n.normalizeTensor(t))];
    });
    expect(a.shape).toEqual([2, 1, 6]);
    expect(maxAbsDiff(a.dataSync(), n.normalize(values))).toBeLessThan(1e-6);
    expect(maxAbsDiff(b.dataSync(), values)).toBeLessThan(1e-5);
    tf.dispose([a, b]);
  });
});
