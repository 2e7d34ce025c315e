import fc from 'fast-check';
import { locomotionObservation, locomotionReward, squaredNorm } from '../../src/locomotion';

const HOPPER_WEIGHTS = { forwardRewardWeight: 1, ctrlCostWeight: 1e-3, healthyReward: 1 };

describe('locomotionReward', () => {
  it("should give Gym's hopper reward Δx/dt + 1 - 1e-3·‖a‖² on a hand-made step", () => {
    // Arrange: the torso moves 0.02 m in one 0.008 s step with action [0.5, -1, 0.2].
    const action = [0.5, -1, 0.2];
    // Act
    const r = locomotionReward(1.0, 1.02, 0.008, action, HOPPER_WEIGHTS);
    // Assert
    expect(r.xVelocity).toBeCloseTo(2.5, 12);
    expect(r.rewardForward).toBeCloseTo(2.5, 12);
    expect(r.rewardCtrl).toBeCloseTo(-1e-3 * 1.29, 15);
    expect(r.rewardSurvive).toBe(1);
    expect(r.reward).toBeCloseTo(2.5 + 1 - 1.29e-3, 12);
  });

  it("should give Gym's half-cheetah reward Δx/dt - 0.1·‖a‖² (no healthy bonus)", () => {
    const r = locomotionReward(0, -0.05, 0.05, [1, 1, 1, 1, 1, 1], { forwardRewardWeight: 1, ctrlCostWeight: 0.1, healthyReward: 0 });
    expect(r.reward).toBeCloseTo(-1 - 0.6, 12);
    expect(r.rewardSurvive).toBe(0);
  });

  it('should always equal the sum of its terms, with a non-positive control term', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (x0, x1, a) => {
          const r = locomotionReward(x0, x1, 0.008, a, HOPPER_WEIGHTS);
          return Math.abs(r.reward - (r.rewardForward + r.rewardCtrl + r.rewardSurvive)) < 1e-9 && r.rewardCtrl <= 0;
        },
      ),
    );
  });
});

describe('squaredNorm', () => {
  it('should sum the squares', () => {
    expect(squaredNorm([3, -4])).toBe(25);
    expect(squaredNorm([])).toBe(0);
  });
});

describe('locomotionObservation', () => {
  it('should drop qpos[0] and clip velocities to ±c', () => {
    // Arrange
    const qpos = [5, 1.25, 0.1, -0.2, 0.3, 0.4];
    const qvel = [12, -11, 0.5, 9.99, -10, 100];
    // Act
    const obs = locomotionObservation(qpos, qvel, 10);
    // Assert
    expect(Array.from(obs)).toEqual([1.25, 0.1, -0.2, 0.3, 0.4, 10, -10, 0.5, 9.99, -10, 10]);
  });

  it('should leave velocities unclipped when c is null (half-cheetah)', () => {
    expect(Array.from(locomotionObservation([0, 1], [50, -50], null))).toEqual([1, 50, -50]);
  });

  it('should have length nq - 1 + nv and never exceed the clip', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 9 }),
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 9 }),
        (qpos, qvel) => {
          const obs = locomotionObservation(qpos, qvel, 10);
          return obs.length === qpos.length - 1 + qvel.length && obs.subarray(qpos.length - 1).every((v) => Math.abs(v) <= 10);
        },
      ),
    );
  });
});
