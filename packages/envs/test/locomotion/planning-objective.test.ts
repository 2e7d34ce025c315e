import { DfpArgumentError } from '@dfp/envs';
import { type PlanningShaping, shapedReward, validatePlanningShaping } from '../../src/locomotion';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

describe('shapedReward', () => {
  const shaping: PlanningShaping = { anglePenalty: 50, angleFree: 0.1, heightPenalty: 20, minHeight: 1.1, velocityCap: 1 };

  it.each<[string, number, number, number, number]>([
    ['a healthy, slow step unchanged', 1.2, 0.05, 0.5, 2],
    ['a tilted torso penalized beyond the free angle', 1.2, -0.3, 0.5, 2 - 50 * 0.2],
    ['a low torso penalized below the minimum height', 0.9, 0, 0.5, 2 - 20 * 0.2],
    ['speed above the cap removed', 1.2, 0, 3, 2 - 2],
  ])('should leave %s', (_name, z, theta, v, expected) => {
    expect(shapedReward(2, z, theta, v, shaping)).toBeCloseTo(expected, 12);
  });

  it('should be the env reward without shaping', () => {
    expect(shapedReward(-1.5, 0.1, 3, 100, {})).toBe(-1.5);
  });
});

describe('validatePlanningShaping', () => {
  it.each<[keyof PlanningShaping, unknown]>([
    ['anglePenalty', -1],
    ['minHeight', Number.NaN],
    ['velocityCap', '1'],
  ])('should reject %s = %p', (key, value) => {
    assertThrowsWith(() => validatePlanningShaping({ [key]: value } as PlanningShaping), DfpArgumentError, new RegExp(`PlanningShaping\\.${key}: expected a finite number >= 0`));
  });
});
