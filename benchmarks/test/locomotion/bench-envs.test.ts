import { LOCOMOTION_BENCH_ENVS, resolveBenchEnv, taskName } from '@dfp/benchmarks';

describe('resolveBenchEnv / taskName', () => {
  it('should accept task names and env ids and name tasks', () => {
    expect(resolveBenchEnv('hopper')).toBe('hopper-v4');
    expect(resolveBenchEnv('walker2d-v4')).toBe('walker2d-v4');
    expect(LOCOMOTION_BENCH_ENVS.map(taskName)).toEqual(['hopper', 'halfcheetah', 'walker2d']);
    expect(() => resolveBenchEnv('ant')).toThrow(/unknown env "ant".*hopper \(hopper-v4\)/);
  });
});
