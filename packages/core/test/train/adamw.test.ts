import { AdamW, initBackend, tf } from '@dfp/core';

afterAll(() => initBackend('wasm'));

/** torch.optim.AdamW for one scalar parameter, in plain JS. */
function referenceAdamW(p0: number, grads: number[], lr: number, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number {
  let p = p0;
  let m = 0;
  let v = 0;
  grads.forEach((g, i) => {
    const t = i + 1;
    p *= 1 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= ((lr / (1 - b1 ** t)) * m) / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps);
  });
  return p;
}

/** Runs `f` with the fused update kernel unregistered on the current backend (the tfjs-ops path of AdamW). */
function withoutFusedKernel(f: () => void): void {
  const backendName = tf.getBackend();
  const config = tf.getKernel('DfpAdamW', backendName)!;
  tf.unregisterKernel('DfpAdamW', backendName);
  try {
    f();
  } finally {
    tf.registerKernel(config);
  }
}

describe.each([
  ['wasm', true],
  ['cpu', true],
  ['cpu', false],
] as const)('AdamW on %s (fused kernel: %s)', (backend, fused) => {
  beforeAll(() => initBackend(backend));

  it('should follow torch.optim.AdamW', () => {
    const w = tf.variable(tf.tensor1d([1.5, -0.5]));
    const opt = new AdamW(new Map([['w', w]]), { weightDecay: 0.1 });
    expect(tf.getKernel('DfpAdamW', backend)).toBeDefined();
    const g1 = [0.3, -1, 2, 0.01, -0.5];
    const g2 = [1, 1, -1, 0, 4];
    const before = tf.memory().numTensors;
    const run = () => {
      for (let i = 0; i < 5; i++) {
        const g = tf.tensor1d([g1[i], g2[i]]);
        opt.apply({ w: g }, 0.01);
        g.dispose();
      }
    };
    if (fused) run();
    else withoutFusedKernel(run);
    expect(tf.memory().numTensors).toBe(before);
    const got = w.dataSync();
    expect(got[0]).toBeCloseTo(referenceAdamW(1.5, g1, 0.01, 0.1), 5);
    expect(got[1]).toBeCloseTo(referenceAdamW(-0.5, g2, 0.01, 0.1), 5);
    expect(opt.step).toBe(5);
    opt.dispose();
    w.dispose();
  });

  it('should give the same update with and without the fused kernel (float32 rounding apart)', () => {
    const shape = [7, 33];
    const init = tf.randomNormal(shape, 0, 1, 'float32', 3);
    const [a, b] = [tf.variable(init.clone()), tf.variable(init.clone())];
    const [optA, optB] = [new AdamW(new Map([['p', a]])), new AdamW(new Map([['p', b]]))];
    for (let i = 0; i < 4; i++) {
      const g = tf.randomNormal(shape, 0, 0.1 * (i + 1), 'float32', 10 + i);
      optA.apply({ p: g }, 1e-2);
      if (fused) withoutFusedKernel(() => optB.apply({ p: g }, 1e-2));
      else optB.apply({ p: g }, 1e-2);
      g.dispose();
    }
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-6);
    expect(diff).toBeGreaterThanOrEqual(0);
    const [sa, sb] = [optA.getState(), optB.getState()];
    for (const k of ['m/p', 'v/p']) {
      const d = sa[k].data.reduce((mx, x, i) => Math.max(mx, Math.abs(x - sb[k].data[i])), 0);
      expect(d).toBeLessThan(1e-6);
    }
    tf.dispose([init, a, b]);
    optA.dispose();
    optB.dispose();
  });

  it('should restore its state exactly (same next update as the original)', () => {
    const mk = () => tf.variable(tf.tensor1d([0.2, 0.4, -1]));
    const a = mk();
    const optA = new AdamW(new Map([['a', a]]));
    const g = tf.tensor1d([0.5, -0.25, 1]);
    optA.apply({ a: g }, 1e-2);
    optA.apply({ a: g }, 1e-2);
    const b = tf.variable(a.clone());
    const optB = new AdamW(new Map([['a', b]]));
    optB.setState(optA.getState(), optA.step);
    optA.apply({ a: g }, 1e-2);
    optB.apply({ a: g }, 1e-2);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, g]);
    optA.dispose();
    optB.dispose();
  });

  it('should reject a missing gradient or moment', () => {
    const a = tf.variable(tf.zeros([2]));
    const opt = new AdamW(new Map([['a', a]]));
    expect(() => opt.apply({}, 0.1)).toThrow(/no gradient for parameter 'a'/);
    expect(() => opt.setState({}, 1)).toThrow(/moment 'm\/a' is missing/);
    opt.dispose();
    a.dispose();
  });
});
