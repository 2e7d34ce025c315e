import { ddimTimes } from '../src/ddim-step';
import { pyramidMatrix } from '../src/schedule';
import { planRow, stabilizationLevel } from '../src/stabilization';

describe('stabilizationLevel', () => {
  it('should default to the level of the last DDIM index (19 of 1000 for S = 50)', () => {
    expect(stabilizationLevel(ddimTimes(1000, 50))).toBe(19);
  });

  it('should accept any level in [0, K-1] and reject others', () => {
    const times = ddimTimes(100, 10);
    expect(stabilizationLevel(times, 0)).toBe(0);
    expect(stabilizationLevel(times, 99)).toBe(99);
    expect(() => stabilizationLevel(times, 100)).toThrow(/integer noise level in \[0, 99\], received 100/);
    expect(() => stabilizationLevel(times, 1.5)).toThrow(/received 1.5/);
  });
});

describe('planRow', () => {
  const S = 3;
  const times = ddimTimes(30, S); // 29, 19, 9, -1
  const matrix = pyramidMatrix(4, S); // p = m - t

  it('should feed finished tokens at the stabilization level and count them as the frozen prefix', () => {
    // Row 4: p = [4, 3, 2, 1] -> tokens 0, 1 finished; 2, 3 denoising.
    const r = planRow(matrix, 4, times, 9, 'step');
    expect(Array.from(r.levels)).toEqual([9, 9, times[2], times[1]]);
    expect(Array.from(r.steps)).toEqual([-1, -1, 2, 1]);
    expect(r.frozenPrefix).toBe(2);
    expect(r.stepEnd).toBe(4);
  });

  it("should step unstarted tokens at index 0 in 'step' mode and leave them in 'hold' mode", () => {
    // Row 0: p = [0, -1, -2, -3]
    const step = planRow(matrix, 0, times, 9, 'step');
    expect(Array.from(step.steps)).toEqual([0, 0, 0, 0]);
    expect(step.stepEnd).toBe(4);
    const hold = planRow(matrix, 0, times, 9, 'hold');
    expect(Array.from(hold.steps)).toEqual([0, -1, -1, -1]);
    expect(Array.from(hold.levels)).toEqual([29, 29, 29, 29]);
    expect(hold.stepEnd).toBe(1);
  });

  it('should not count finished tokens after a noisy one as frozen', () => {
    const r = planRow([[3, 0, 3]], 0, times, 9, 'step');
    expect(r.frozenPrefix).toBe(1);
    expect(Array.from(r.steps)).toEqual([-1, 0, -1]);
    expect(r.stepEnd).toBe(2);
  });

  it('should report no stepping token in the final all-finished row', () => {
    const r = planRow(matrix, matrix.length - 1, times, 9, 'step');
    expect(r.stepEnd).toBe(0);
    expect(r.frozenPrefix).toBe(4);
  });
});
