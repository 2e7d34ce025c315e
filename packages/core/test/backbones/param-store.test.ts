import { Rng } from '@dfp/envs';
import { DfpArgumentError, initBackend, tf } from '@dfp/core';
import { ParamStore } from '../../src/backbones/param-store';

beforeAll(() => initBackend('wasm'));

describe('ParamStore', () => {
  it('should keep stable names in creation order and unique tfjs names across stores', () => {
    const a = new ParamStore(new Rng(1));
    const b = new ParamStore(new Rng(1));
    a.linear('layer', 3, 2);
    b.linear('layer', 3, 2);
    expect(a.names).toEqual(['layer/w', 'layer/b']);
    expect(a.get('layer/w').name).not.toBe(b.get('layer/w').name);
    expect(Array.from(a.get('layer/w').dataSync())).toEqual(Array.from(b.get('layer/w').dataSync()));
    expect(a.size).toBe(8);
    a.dispose();
    b.dispose();
  });

  it('should use the PyTorch nn.Linear bound 1/√fanIn', () => {
    const s = new ParamStore(new Rng(1));
    const { w, b } = s.linear('l', 100, 50);
    const values = [...Array.from(w.dataSync()), ...Array.from(b!.dataSync())];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.1);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.09);
    s.dispose();
  });

  it('should reject duplicate and unknown names', () => {
    const s = new ParamStore(new Rng(1));
    s.constant('c', [2], 1);
    expect(() => s.constant('c', [2], 1)).toThrow(DfpArgumentError);
    expect(() => s.get('nope')).toThrow(/unknown parameter 'nope'/);
    s.dispose();
  });

  it('should free its variables on dispose', () => {
    const before = tf.memory().numTensors;
    const s = new ParamStore(new Rng(1));
    s.linear('l', 4, 4);
    expect(tf.memory().numTensors).toBe(before + 2);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
