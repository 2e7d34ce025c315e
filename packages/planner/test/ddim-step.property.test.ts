import { NoiseSchedule } from '@dfp/core';
import fc from 'fast-check';
import { ddimTimes, stepCoefficients } from '../src/ddim-step';

const alphaBar = new NoiseSchedule('linear', 1000).alphaBar;
const levelPair = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 998 }))
  .filter(([k, kn]) => kn < k)
  .map(([k, kn]) => ({ k, kNext: kn }));

describe('stepCoefficients (properties)', () => {
  it('should make DDPM equal DDIM with eta = 1 (same mean coefficients and noise std)', () => {
    fc.assert(
      fc.property(levelPair, fc.constantFrom('x0' as const, 'eps' as const, 'v' as const), ({ k, kNext }, objective) => {
        const ddpm = stepCoefficients({ alphaBar, objective, k, kNext, sampler: 'ddpm' });
        const ddim = stepCoefficients({ alphaBar, objective, k, kNext, sampler: 'ddim', eta: 1 });
        for (const key of ['nextFromX', 'nextFromOut', 'sigma', 'guidance'] as const) {
          expect(ddpm[key]).toBeCloseTo(ddim[key], 8);
        }
      }),
    );
  });

  it('should be a fixed point on a perfect prediction: x = q(x0, eps) steps to q(x0_next, eps)', () => {
    // With eta = 0, a correct x0 prediction moves x_k = √ᾱ x0 + √(1-ᾱ) ε exactly to √ᾱ' x0 + √(1-ᾱ') ε.
    fc.assert(
      fc.property(levelPair, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), ({ k, kNext }, x0, eps) => {
        const a = alphaBar[k];
        const an = alphaBar[kNext];
        const x = Math.sqrt(a) * x0 + Math.sqrt(1 - a) * eps;
        const c = stepCoefficients({ alphaBar, objective: 'x0', k, kNext });
        const next = c.nextFromX * x + c.nextFromOut * x0;
        expect(next).toBeCloseTo(Math.sqrt(an) * x0 + Math.sqrt(1 - an) * eps, 7);
      }),
    );
  });

  it('should have the same x0 and next prediction whatever the parameterization for a consistent network', () => {
    fc.assert(
      fc.property(levelPair, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), ({ k, kNext }, x0, eps) => {
        const a = alphaBar[k];
        const x = Math.sqrt(a) * x0 + Math.sqrt(1 - a) * eps;
        const outs = { x0, eps, v: Math.sqrt(a) * eps - Math.sqrt(1 - a) * x0 };
        const nexts = (['x0', 'eps', 'v'] as const).map((objective) => {
          const c = stepCoefficients({ alphaBar, objective, k, kNext });
          return c.nextFromX * x + c.nextFromOut * outs[objective];
        });
        expect(nexts[1]).toBeCloseTo(nexts[0], 5);
        expect(nexts[2]).toBeCloseTo(nexts[0], 6);
      }),
    );
  });

  it('should give strictly decreasing integer grids that start at K-1 and end at -1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (K, S) => {
        fc.pre(S <= K);
        const t = ddimTimes(K, S);
        expect(t[0]).toBe(K - 1);
        expect(t[S]).toBe(-1);
        for (let i = 1; i <= S; i++) expect(t[i]).toBeLessThan(t[i - 1]);
      }),
    );
  });
});
