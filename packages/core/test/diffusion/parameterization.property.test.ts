import fc from 'fast-check';
import {
  convertPrediction, convertPredictions, epsFromV, epsFromX0, targetFor, vFromEps, vFromX0, x0FromEps, x0FromV, type Objective,
} from '@dfp/core';

const value = fc.double({ min: -10, max: 10, noNaN: true });
const ab = fc.double({ min: 1e-4, max: 0.9999, noNaN: true });
const objective = fc.constantFrom<Objective>('x0', 'eps', 'v');
const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

describe('x0 / eps / v conversions', () => {
  it('should make epsFromX0 and x0FromEps inverse', () => {
    fc.assert(fc.property(value, value, ab, (xk, x0, a) => close(x0FromEps(xk, epsFromX0(xk, x0, a), a), x0, 1e-5)));
  });

  it('should make vFromX0 and x0FromV inverse', () => {
    fc.assert(fc.property(value, value, ab, (xk, x0, a) => close(x0FromV(xk, vFromX0(xk, x0, a), a), x0, 1e-6)));
  });

  it('should make vFromEps and epsFromV inverse', () => {
    fc.assert(fc.property(value, value, ab, (xk, eps, a) => close(epsFromV(xk, vFromEps(xk, eps, a), a), eps, 1e-5)));
  });

  it('should recover x0, eps and v of a noisy sample from each other', () => {
    fc.assert(
      fc.property(value, value, ab, objective, objective, (x0, eps, a, from, to) => {
        const xk = Math.sqrt(a) * x0 + Math.sqrt(1 - a) * eps;
        return close(convertPrediction(from, to, xk, targetFor(from, x0, eps, a), a), targetFor(to, x0, eps, a), 1e-4);
      }),
    );
  });

  it('should round-trip whole arrays with one ᾱ per token', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 6, maxLength: 6 }), fc.array(value, { minLength: 6, maxLength: 6 }), fc.array(ab, { minLength: 2, maxLength: 2 }), objective, (xk, pred, abs, from) => {
        const eps = convertPredictions(from, 'eps', xk, pred, abs, 3);
        const back = convertPredictions('eps', from, xk, eps, abs, 3);
        return back.every((v, i) => close(v, Math.fround(pred[i]), 1e-3));
      }),
    );
  });

  it('should reject ᾱ outside (0, 1) and mismatched lengths', () => {
    expect(() => epsFromX0(0, 0, 1)).toThrow(/alphaBar must be in \(0, 1\)/);
    expect(() => x0FromV(0, 0, 0)).toThrow(/alphaBar/);
    expect(() => convertPredictions('x0', 'eps', [1, 2], [1, 2], [0.5], 1)).toThrow(/convertPredictions/);
  });
});
