import fc from 'fast-check';
import { DfpArgumentError } from '@dfp/envs';
import { MAZE2D_BENCH_ENVS, assertSeedsDisjoint, resolveRunPlan, tuningSeedRange } from '@dfp/benchmarks';
import type { BenchMaze2dConfig } from '@dfp/benchmarks';

const CONFIG: BenchMaze2dConfig = {
  df: { scale: 8 },
  envs: { 'maze2d-large-v1': { df: { scale: 12, mcgSamples: 8 } } },
  presets: { quick: { description: 'small', envs: ['maze2d-umaze-v1'], goals: ['single'], episodes: 4, df: { samplingSteps: 10 } } },
};

describe('resolveRunPlan', () => {
  it('should run the full protocol with no deviations under --full', () => {
    const plan = resolveRunPlan(CONFIG, { preset: 'full' });
    expect(plan).toMatchObject({ envs: MAZE2D_BENCH_ENVS, goals: ['single', 'multi'], episodes: 32, evalSeed: 0, maxEpisodeSteps: null, deviations: [] });
    expect(plan.columns).toHaveLength(8);
    expect(plan.settings['maze2d-umaze-v1'].df.scale).toBe(8);
    expect(plan.settings['maze2d-large-v1'].df).toMatchObject({ scale: 12, mcgSamples: 8, samplingSteps: 50 });
  });

  it('should pass --workers to the DF settings without calling it a deviation (it changes speed only)', () => {
    const plan = resolveRunPlan(CONFIG, { preset: 'full', workers: 2 });
    expect(plan.settings['maze2d-medium-v1'].df.workers).toBe(2);
    expect(plan.deviations).toEqual([]);
    expect(resolveRunPlan(CONFIG, { preset: 'full' }).settings['maze2d-medium-v1'].df.workers).toBe(1);
    expect(() => resolveRunPlan(CONFIG, { preset: 'full', workers: 0 })).toThrow(/--workers/);
  });

  it('should apply the quick preset and list every reduction', () => {
    const plan = resolveRunPlan(CONFIG);
    expect(plan).toMatchObject({ preset: 'quick', presetDescription: 'small', envs: ['maze2d-umaze-v1'], goals: ['single'], episodes: 4 });
    expect(plan.deviations).toEqual([
      'envs: maze2d-umaze-v1 (full protocol: maze2d-umaze-v1, maze2d-medium-v1, maze2d-large-v1)',
      'goals: single (full protocol: single, multi)',
      'episodes per cell: 4 (full protocol: 32)',
      'df.samplingSteps = 10 (full protocol: 50)',
    ]);
  });

  it('should let flags win over the preset, order lists as the table and flag test-only cuts', () => {
    const plan = resolveRunPlan(CONFIG, { envs: ['maze2d-large-v1', 'maze2d-umaze-v1'], columns: ['df', 'mppi'], samplingSteps: 5, mcgSamples: 1, maxEpisodeSteps: 20, seed: 7 });
    expect(plan.envs).toEqual(['maze2d-umaze-v1', 'maze2d-large-v1']);
    expect(plan.columns).toEqual(['mppi', 'df']);
    expect(plan.settings['maze2d-large-v1'].df).toMatchObject({ samplingSteps: 5, mcgSamples: 1, scale: 12 });
    expect(plan.settings['maze2d-large-v1'].diffuser.samplingSteps).toBe(5);
    expect(plan.deviations).toContain('evaluation seeds start at 7 (full protocol: 0)');
    expect(plan.deviations.join('\n')).toMatch(/episodes cut at 20 steps \(NOT the protocol/);
    expect(plan.deviations).toContain('df.mcgSamples = 1 (full protocol: 4) [maze2d-umaze-v1]');
    expect(plan.deviations).toContain('df.mcgSamples = 1 (full protocol: 8) [maze2d-large-v1]');
  });

  it('should reject unknown envs, goals and columns and bad numbers, naming the flag', () => {
    expect(() => resolveRunPlan({}, { envs: ['maze2d-huge-v1'] })).toThrow(/--envs: unknown value "maze2d-huge-v1"; expected some of maze2d-umaze-v1/);
    expect(() => resolveRunPlan({}, { goals: ['both'] })).toThrow(/--goals: unknown value "both"/);
    expect(() => resolveRunPlan({}, { columns: ['cql', 'ours'] })).toThrow(/unknown Maze2D bench column "ours"/);
    expect(() => resolveRunPlan({}, { episodes: 0 })).toThrow(DfpArgumentError);
    expect(() => resolveRunPlan({}, { envs: [] })).toThrow(/--envs: expected a non-empty list/);
    expect(() => resolveRunPlan({}, { preset: 'medium' as 'full' })).toThrow(/preset must be 'quick' or 'full'/);
  });

  it('should report an env-subset deviation exactly when the subset is not all envs', () => {
    fc.assert(
      fc.property(fc.subarray([...MAZE2D_BENCH_ENVS], { minLength: 1 }), (envs) => {
        const plan = resolveRunPlan({}, { preset: 'full', envs });
        expect(plan.deviations.some((d) => d.startsWith('envs:'))).toBe(envs.length < MAZE2D_BENCH_ENVS.length);
      }),
    );
  });
});

describe('assertSeedsDisjoint', () => {
  it('should accept disjoint evaluation and tuning seeds and reject overlaps', () => {
    expect(tuningSeedRange({})).toEqual([1_000_000, 1_000_007]);
    expect(() => assertSeedsDisjoint(0, 32, {})).not.toThrow();
    expect(() => assertSeedsDisjoint(999_990, 32, {})).toThrow(/evaluation seeds 999990\.\.1000021 overlap the tuning seeds 1000000\.\.1000007/);
    expect(() => assertSeedsDisjoint(0, 32, { tuning: { seed: 31, episodes: 4 } })).toThrow(DfpArgumentError);
    expect(() => assertSeedsDisjoint(0, 32, { tuning: { seed: 32, episodes: 4 } })).not.toThrow();
  });
});
