import { DfpArgumentError, Rng } from '@dfp/envs';
import { MppiController, type MppiOptions, type RolloutModel, validateMppiOptions } from '../../src/locomotion';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

interface PointState {
  readonly x: number;
  readonly v: number;
}

/** A 1-D point mass (`v += 0.1·a`, `x += 0.1·v`) rewarded for being at `target`; leaving |x| < 3 terminates. */
class PointMass implements RolloutModel<PointState> {
  readonly spec = { actDim: 1 };
  x = 0;
  v = 0;
  constructor(readonly target = 1) {}
  setState(s: PointState): void {
    this.x = s.x;
    this.v = s.v;
  }
  advance(a: ArrayLike<number>): { reward: number; terminated: boolean } {
    this.v += 0.1 * a[0];
    this.x += 0.1 * this.v;
    return { reward: -((this.x - this.target) ** 2), terminated: Math.abs(this.x) >= 3 };
  }
}

/** One-step bandit whose reward `a²` is maximal at a = ±1 and minimal at their average 0. */
class TwoPeaks implements RolloutModel<number> {
  readonly spec = { actDim: 1 };
  setState(): void {}
  advance(a: ArrayLike<number>): { reward: number; terminated: boolean } {
    return { reward: a[0] * a[0], terminated: false };
  }
}

const OPTIONS: MppiOptions = { samples: 16, horizon: 15, noiseStd: 0.5, temperature: 0.2 };

/** Runs MPPI in closed loop on the point mass; returns the visited x. */
function closedLoop(seed: number, steps: number, options: MppiOptions = OPTIONS): number[] {
  const real = new PointMass();
  const ctl = new MppiController(new PointMass(), options, new Rng(seed));
  const xs: number[] = [];
  for (let t = 0; t < steps; t++) {
    const a = ctl.act({ x: real.x, v: real.v });
    real.advance(a);
    xs.push(real.x);
  }
  return xs;
}

describe('MppiController', () => {
  it('should drive a point mass to its target and keep it there', () => {
    // Act
    const xs = closedLoop(1, 120);
    // Assert: zero actions would leave it at x = 0 forever.
    expect(Math.abs(xs[xs.length - 1] - 1)).toBeLessThan(0.15);
    expect(Math.max(...xs.slice(80).map((x) => Math.abs(x - 1)))).toBeLessThan(0.25);
  });

  it('should be deterministic given the seed of its Rng', () => {
    assertSameGivenSeed((seed) => closedLoop(seed, 20), 7, 8);
  });

  it('should return actions inside [-1, 1] and keep a plan of shape [H, actDim]', () => {
    const ctl = new MppiController(new PointMass(), { ...OPTIONS, noiseStd: 5 }, new Rng(0));
    for (let t = 0; t < 10; t++) {
      const a = ctl.act({ x: -2, v: 0 });
      expect(a).toHaveLength(1);
      expect(Math.abs(a[0])).toBeLessThanOrEqual(1);
    }
    expect(ctl.getPlan()).toHaveLength(15);
    ctl.reset();
    expect(Array.from(ctl.getPlan()).every((u) => u === 0)).toBe(true);
  });

  it('should keep the best sample when the weighted mean of two good modes is bad (safeguard)', () => {
    // Arrange: high temperature averages +1 and -1 samples towards 0.
    const options: MppiOptions = { samples: 32, horizon: 1, noiseStd: 1, temperature: 50 };
    // Act
    const guarded = new MppiController(new TwoPeaks(), options, new Rng(3)).act(0)[0];
    const plain = new MppiController(new TwoPeaks(), { ...options, safeguard: false }, new Rng(3)).act(0)[0];
    // Assert
    expect(Math.abs(guarded)).toBeGreaterThan(0.8);
    expect(Math.abs(plain)).toBeLessThan(Math.abs(guarded));
  });

  it('should avoid terminating plans when they carry a penalty', () => {
    // Arrange: the target x = -5 lies beyond the cliff at x = -3; ending early stops the negative rewards, so
    // without a penalty falling off pays, with one MPPI brakes.
    const start = { x: -2.5, v: -0.5 };
    const options = { ...OPTIONS, samples: 32 };
    // Act
    const reckless = new MppiController(new PointMass(-5), options, new Rng(0)).act(start)[0];
    const careful = new MppiController(new PointMass(-5), { ...options, terminationPenalty: 1e6 }, new Rng(0)).act(start)[0];
    // Assert
    expect(reckless).toBeLessThan(0);
    expect(careful).toBeGreaterThan(0.1);
  });
});

describe('validateMppiOptions', () => {
  it.each<[string, Partial<MppiOptions>, RegExp]>([
    ['zero samples', { samples: 0 }, /samples: expected an integer in \[1/],
    ['a fractional horizon', { horizon: 2.5 }, /horizon: expected an integer/],
    ['a negative noise std', { noiseStd: -1 }, /noiseStd: expected a finite number >= 0, received -1/],
    ['a zero temperature', { temperature: 0 }, /temperature: expected a finite number > 0, received 0/],
    ['a NaN termination penalty', { terminationPenalty: Number.NaN }, /terminationPenalty: .* received NaN/],
    ['a non-boolean safeguard', { safeguard: 1 as unknown as boolean }, /safeguard: expected a boolean, received 1/],
  ])('should reject %s, naming the field', (_name, patch, pattern) => {
    assertThrowsWith(() => validateMppiOptions({ ...OPTIONS, ...patch }), DfpArgumentError, /MppiOptions\./, pattern);
  });

  it('should accept the defaults of every preset field', () => {
    expect(validateMppiOptions(OPTIONS)).toBe(OPTIONS);
  });
});
