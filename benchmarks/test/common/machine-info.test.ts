import { machineInfo } from '@dfp/benchmarks';

describe('machineInfo', () => {
  it('should describe this machine and the backend', () => {
    const m = machineInfo('wasm');
    expect(m.backend).toBe('wasm');
    expect(m.cores).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(Number.isFinite(m.loadAverage1m)).toBe(true);
  });
});
