import { DfpArgumentError } from '@dfp/envs';
import { LOCOMOTION_BENCH_ENVS, LOCOMOTION_COLUMN_IDS, resolveLocomotionPlan } from '@dfp/benchmarks';

const QUICK = { presets: { quick: { description: 'small', episodes: 2, episodeSteps: 100, behaviourRows: 500, columns: ['behaviour' as const, 'mppi' as const], df: { samplingSteps: 5 } } } };

describe('resolveLocomotionPlan', () => {
  it('should run the full protocol with no deviations', () => {
    const plan = resolveLocomotionPlan({}, { preset: 'full' });
    expect(plan).toMatchObject({ envs: LOCOMOTION_BENCH_ENVS, columns: LOCOMOTION_COLUMN_IDS, episodes: 10, evalSeed: 0, episodeSteps: 1000, behaviourRows: null, dataset: 'medium', datasetDir: 'data/locomotion' });
    expect(plan.checkpointNames).toEqual({ name: '{task}-{dataset}', config: 'configs/{task}-{dataset}.json' });
    expect(plan.deviations).toEqual([]);
  });

  it('should apply the quick preset and list every reduction', () => {
    const plan = resolveLocomotionPlan(QUICK);
    expect(plan).toMatchObject({ preset: 'quick', presetDescription: 'small', episodes: 2, episodeSteps: 100, behaviourRows: 500, columns: ['behaviour', 'mppi'] });
    expect(plan.settings['hopper-v4'].df.samplingSteps).toBe(5);
    expect(plan.deviations).toEqual([
      'columns: behaviour, mppi (full protocol: behaviour, mppi, df-unguided, df)',
      'episodes per cell: 2 (full protocol: 10)',
      expect.stringMatching(/^episodes cut at 100 steps, behaviour episodes scored on their first 100 steps \(full protocol: 1000;/),
      'behaviour column from the complete episodes in the first 500 dataset rows (full protocol: the whole training dataset)',
      'df.samplingSteps = 5 (full protocol: 20)',
    ]);
  });

  it('should let the CLI pick envs (by task name), columns, episodes, seed and cost knobs, in table order', () => {
    const plan = resolveLocomotionPlan({ envs: { 'walker2d-v4': { df: { scale: 2 } } } }, { preset: 'full', envs: ['walker2d', 'hopper'], columns: ['df', 'mppi'], episodes: 3, seed: 7, samplingSteps: 4, mcgSamples: 1 });
    expect(plan.envs).toEqual(['hopper-v4', 'walker2d-v4']);
    expect(plan.columns).toEqual(['mppi', 'df']);
    expect(plan.settings['walker2d-v4'].df).toMatchObject({ scale: 2, samplingSteps: 4, mcgSamples: 1 });
    expect(plan.settings['hopper-v4'].df.scale).toBe(10);
    expect(plan.deviations).toContain('df.samplingSteps = 4 (full protocol: 20)');
    expect(plan.deviations).toContain('evaluation seeds start at 7 (full protocol: 0)');
  });

  it('should reject unknown envs and columns, empty lists and bad numbers, naming the flag', () => {
    expect(() => resolveLocomotionPlan({}, { columns: ['cql'] })).toThrow(/unknown locomotion bench column "cql"/);
    expect(() => resolveLocomotionPlan({}, { envs: [] })).toThrow(/--envs: expected a non-empty list/);
    expect(() => resolveLocomotionPlan({}, { episodes: 0 })).toThrow(DfpArgumentError);
    expect(() => resolveLocomotionPlan({}, { mcgSamples: 65 })).toThrow(/--mcg-samples/);
    expect(() => resolveLocomotionPlan({}, { preset: 'medium' as 'quick' })).toThrow(/preset must be 'quick' or 'full'/);
  });
});
