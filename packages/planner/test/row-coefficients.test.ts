import { NoiseSchedule } from '@dfp/core';
import { ddimTimes, stepCoefficients, x0Coefficients } from '../src/ddim-step';
import { rowCoefficients } from '../src/row-coefficients';
import { planRow } from '../src/stabilization';

const model = { alphaBar: new NoiseSchedule('linear', 100).alphaBar, objective: 'eps' as const };
const times = ddimTimes(100, 4); // 99, 74, 49, 24, -1

describe('rowCoefficients', () => {
  it('should give each stepping token its step and leave the others unchanged with λ = 0', () => {
    // p = [4, 2, 0, -1] with 'hold': finished, step 2, step 0, unstarted (held)
    const plan = planRow([[4, 2, 0, -1]], 0, times, 5, 'hold');
    const c = rowCoefficients(plan, 0, 4, times, model, 'ddim', 0);
    const s2 = stepCoefficients({ ...model, k: times[2], kNext: times[3] });
    expect(c.nextFromX[1]).toBeCloseTo(s2.nextFromX, 6);
    expect(c.nextFromOut[1]).toBeCloseTo(s2.nextFromOut, 6);
    expect(c.guidance[1]).toBeCloseTo(s2.guidance, 6); // float32
    for (const t of [0, 3]) {
      expect([c.nextFromX[t], c.nextFromOut[t], c.sigma[t], c.guidance[t]]).toEqual([1, 0, 0, 0]);
    }
    // x0 prediction at the level each token is fed at (stabilization level 5 for the finished one)
    expect(c.x0FromX[0]).toBeCloseTo(x0Coefficients(model.alphaBar[5], 'eps').fromX, 5);
    expect(c.renoiseX0[0]).toBeCloseTo(Math.sqrt(model.alphaBar[5]), 6);
    expect(c.renoiseNoise[3]).toBeCloseTo(Math.sqrt(1 - model.alphaBar[99]), 6);
  });

  it('should cover only the requested token range', () => {
    const plan = planRow([[4, 2, 0, -1]], 0, times, 5, 'step');
    const c = rowCoefficients(plan, 2, 4, times, model, 'ddpm', 0);
    expect(c.nextFromX).toHaveLength(2);
    expect(c.sigma[0]).toBeGreaterThan(0); // DDPM adds noise on a non-final step
    expect(c.guidance[1]).toBeGreaterThan(0); // the unstarted token steps at index 0 in 'step' mode
  });
});
