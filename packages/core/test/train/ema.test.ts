import { Ema, initBackend, tf } from '@dfp/core';

beforeAll(() => initBackend('wasm'));

describe('Ema', () => {
  it('should average with the warm-up decay min(decay, (1 + n)/(10 + n))', () => {
    const p = tf.variable(tf.tensor1d([0]));
    const ema = new Ema(new Map([['p', p]]), 0.5);
    expect(ema.decayAt(0)).toBeCloseTo(0.1, 12);
    expect(ema.decayAt(100)).toBe(0.5);
    p.assign(tf.tensor1d([10]));
    ema.update(); // d = 0.1: 0.1·0 + 0.9·10
    expect(ema.getWeights().p.data[0]).toBeCloseTo(9, 5);
    ema.update(); // d = 2/11
    expect(ema.getWeights().p.data[0]).toBeCloseTo((2 / 11) * 9 + (9 / 11) * 10, 4);
    expect(ema.updates).toBe(2);
    ema.dispose();
    p.dispose();
  });

  it('should reject a decay outside (0, 1)', () => {
    expect(() => new Ema(new Map(), 1)).toThrow(/decay must be in \(0, 1\)/);
  });
});
