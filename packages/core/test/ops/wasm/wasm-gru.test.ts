import * as fc from 'fast-check';
import { initBackend, tf } from '@dfp/core';
import { gruFused, gruGradFused } from '../../../src/ops/fused-kernels';
import { useWasmGemm } from '../../../src/ops/wasm/wasm-kernels';

beforeAll(() => initBackend('wasm'));
afterAll(() => useWasmGemm('auto'));

type Arrays = { gi: Float32Array; gh: Float32Array; h: Float32Array; dh: Float32Array };

/**
 * Forward (`h'`, cache) and backward (`dgi`, `dgh`, direct `dh`) of the fused GRU kernels on plain arrays. The
 * backward pass starts from `cache` when given (so that each kernel is compared on the same inputs: near saturation,
 * 1 - n² turns an ulp of n into a large relative change of the gradient).
 */
function runGru({ gi, gh, h, dh }: Arrays, rows: number, z: number, cache?: Float32Array): Float32Array[] {
  const out: Float32Array[] = [];
  tf.tidy(() => {
    const t = (a: Float32Array, w: number) => tf.tensor2d(a, [rows, w]);
    const f = gruFused(t(gi, 3 * z), t(gh, 3 * z), t(h, z), true);
    const b = gruGradFused(t(dh, z), cache ? t(cache, 4 * z) : f.cache!, t(h, z));
    for (const x of [f.h, f.cache!, b.dgi, b.dgh, b.dh]) out.push(x.dataSync() as Float32Array);
  });
  return out;
}

/** The same on the JS loops (module off). */
function runGruLoops(arrays: Arrays, rows: number, z: number, cache?: Float32Array): Float32Array[] {
  useWasmGemm('off');
  try {
    return runGru(arrays, rows, z, cache);
  } finally {
    useWasmGemm('auto');
  }
}

const randomArrays = (rows: number, z: number, seed: number, scale: number): Arrays =>
  tf.tidy(() => {
    const r = (w: number, s: number) => tf.randomNormal([rows * w], 0, scale, 'float32', seed + s).dataSync() as Float32Array;
    return { gi: r(3 * z, 0), gh: r(3 * z, 1), h: r(z, 2), dh: r(z, 3) };
  });

/** Every element within `tol` relative to max(1, |want|). */
const expectClose = (got: Float32Array[], want: Float32Array[], tol: number) =>
  got.forEach((g, j) => {
    expect(g.length).toBe(want[j].length);
    g.forEach((x, i) => {
      if (!(Math.abs(x - want[j][i]) <= tol * Math.max(1, Math.abs(want[j][i])))) throw new Error(`output ${j}, element ${i}: ${x} vs ${want[j][i]}`);
    });
  });

describe.each(['fma', 'simd'] as const)("dfp wasm module's GRU gates, %s build", (build) => {
  beforeAll(() => expect(useWasmGemm(build)).toBe(build));
  afterEach(() => useWasmGemm(build));

  it('should equal the JS loops (float64 arithmetic) for any rows, widths that are multiples of 4, and input scales', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0.1, 1, 10, 100), (rows, z4, seed, scale) => {
        const z = 4 * z4;
        const arrays = randomArrays(rows, z, seed, scale);
        const want = runGruLoops(arrays, rows, z);
        useWasmGemm(build);
        const got = runGru(arrays, rows, z, want[1]);
        // float32 rounding of r and u, scaled by gh_n and h (~scale), against the loops' float64 intermediates
        expectClose(got, want, 1e-6 * Math.max(1, scale));
      }),
      { numRuns: 40 },
    );
  });

  it('should keep NaN and saturate exactly at extreme gate inputs', () => {
    const rows = 1;
    const z = 4;
    const arrays: Arrays = {
      gi: Float32Array.from([1e30, -1e30, NaN, 0, 0, 0, 0, 0, 1e30, -1e30, 0, 0]),
      gh: new Float32Array(12),
      h: Float32Array.from([0.5, 0.5, 0.5, 0.5]),
      dh: Float32Array.from([1, 1, 1, 1]),
    };
    const [h1] = runGru(arrays, rows, z);
    // lane 0: r = 1, u = 0.5, n = tanh(1e30) = 1 -> 1 + 0.5·(0.5 - 1); lane 1: r = 0, n = tanh(-1e30) = -1
    expect(h1[0]).toBeCloseTo(0.75, 6);
    expect(h1[1]).toBeCloseTo(-0.25, 6);
    expect(Number.isNaN(h1[2])).toBe(true);
    expect(h1[3]).toBeCloseTo(0.25, 6); // r = u = 0.5, n = 0
  });

  it('should leave widths that are not multiples of 4 to the JS loops (same results)', () => {
    const arrays = randomArrays(3, 5, 7, 1);
    const ours = runGru(arrays, 3, 5);
    expectClose(ours, runGruLoops(arrays, 3, 5), 0);
  });
});
