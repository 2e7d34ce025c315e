import { DfpArgumentError } from '@dfp/envs';
import { LOCOMOTION_ENV_IDS, LOCOMOTION_POLICIES, locomotionPreset, validateMppiOptions, validatePlanningShaping } from '../../src/locomotion';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

describe('locomotionPreset', () => {
  it.each(LOCOMOTION_ENV_IDS)('should define valid random, medium and expert policies for %s', (id) => {
    const [random, medium, expert] = LOCOMOTION_POLICIES.map((p) => locomotionPreset(id, p));
    expect(random.mppi).toBeNull();
    for (const p of [medium, expert]) {
      expect(validateMppiOptions(p.mppi!)).toBe(p.mppi);
      expect(validatePlanningShaping(p.shaping)).toBe(p.shaping);
    }
    // "expert" plans with at least as much compute as "medium" and without extra action noise.
    expect(expert.mppi!.samples * expert.mppi!.horizon).toBeGreaterThanOrEqual(medium.mppi!.samples * medium.mppi!.horizon);
    expect(expert.actionNoise).toBeLessThanOrEqual(medium.actionNoise);
  });

  it('should reject unknown env ids and policies, listing the known ones', () => {
    assertThrowsWith(() => locomotionPreset('ant-v4', 'expert'), DfpArgumentError, /"ant-v4"/, /hopper-v4/);
    assertThrowsWith(() => locomotionPreset('hopper-v4', 'replay' as never), DfpArgumentError, /"replay"/, /random, medium, expert/);
  });
});
