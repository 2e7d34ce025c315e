import { DiffusionModel, initBackend } from '@dfp/core';
import { floorMs, floorShapes, measureMatMulRates, rnnStepMatMulFlops } from '../../src/perf/matmul-floor';
import { PERF_LAYOUT, PERF_RNN } from '../../src/perf/perf-config';

describe('matMul floor of config A', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("should count one multiply-add per weight of every per-token layer (the model's matrices minus the init encoder)", () => {
    for (const rnn of [PERF_RNN, { kind: 'rnn' as const, hidden: 32, zDim: 8, embDim: 16, resBlocks: 2 }]) {
      const model = DiffusionModel.create({ layout: PERF_LAYOUT, backbone: rnn, schedule: { kind: 'linear', K: 1000 } }, { mean: new Float32Array(6), std: new Float32Array(6).fill(1) }, 0);
      let weights = 0;
      for (const [name, v] of model.namedVariables()) if (v.rank === 2 && !name.startsWith('encoder/')) weights += v.size;
      model.dispose();
      const { forward, step } = rnnStepMatMulFlops(rnn, 60, 4, 3);
      expect(forward).toBe(2 * weights * 4 * 3);
      expect(step).toBe(3 * forward);
    }
    expect(rnnStepMatMulFlops(PERF_RNN, 60, 64, 30).step / 1e9).toBeCloseTo(11.86, 2);
  });

  it('should measure the shapes of the step and bound the step time by its FLOPs at the best rate', async () => {
    expect(floorShapes(PERF_RNN, 64, 30)).toEqual([[64, 256, 256], [32, 256, 256], [256, 1920, 256]]);
    const rates = await measureMatMulRates([[16, 64, 32]], 5); // large enough that its rate rounds above 0 on a loaded machine
    expect(rates).toHaveLength(1);
    expect(rates[0]).toMatchObject({ m: 16, k: 64, n: 32 });
    expect(rates[0].gflops).toBeGreaterThan(0);
    expect(floorMs(2e9, [{ m: 1, k: 1, n: 1, ms: 1, gflops: 10 }, { m: 1, k: 1, n: 1, ms: 1, gflops: 20 }])).toBe(100);
    expect(floorMs(2e9, [])).toBeNull();
  });
});
