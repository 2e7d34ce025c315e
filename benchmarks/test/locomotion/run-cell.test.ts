import { initBackend, tf } from '@dfp/core';
import { normalizedScore } from '@dfp/envs';
import { behaviourRecords, defaultMethodSettings, meanAndStderr, runPlanningCell, summarize } from '@dfp/benchmarks';

describe('meanAndStderr', () => {
  it('should give the mean and the sample standard error, 0 for one value', () => {
    expect(meanAndStderr([1, 2, 3, 6])).toEqual([3, Math.sqrt(14 / 3 / 4)]);
    expect(meanAndStderr([5])).toEqual([5, 0]);
  });
});

describe('behaviourRecords / summarize', () => {
  it('should score dataset episodes like evaluated ones, a fall counting only within the scored steps', () => {
    const records = behaviourRecords('hopper-v4', [
      { start: 0, length: 30, scoredSteps: 30, return: 100, terminated: true },
      { start: 30, length: 80, scoredSteps: 50, return: 200, terminated: true },
    ]);
    expect(records).toEqual([
      { index: 0, seed: null, datasetRow: 0, return: 100, normalizedScore: normalizedScore('hopper-v4', 100), steps: 30, terminated: true },
      { index: 1, seed: null, datasetRow: 30, return: 200, normalizedScore: normalizedScore('hopper-v4', 200), steps: 50, terminated: false },
    ]);
    const s = summarize(records, { wallMs: 0, replans: 0, msPerReplan: null, envSteps: 0 });
    expect(s).toMatchObject({ episodes: 2, meanReturn: 150, stderrReturn: 50, meanSteps: 40, terminatedRate: 0.5 });
    expect(s.meanScore).toBeCloseTo((normalizedScore('hopper-v4', 100) + normalizedScore('hopper-v4', 200)) / 2, 10);
  });
});

describe('runPlanningCell', () => {
  beforeAll(() => initBackend('wasm'));

  it('should run seeded MPPI episodes with the time limit and give the same results again', async () => {
    const settings = { ...defaultMethodSettings('halfcheetah-v4'), mppi: { ...defaultMethodSettings('halfcheetah-v4').mppi, samples: 3, horizon: 3 } };
    const run = () => runPlanningCell({ env: 'halfcheetah-v4', column: 'mppi', settings, checkpoint: null, episodes: 2, seed: 4, episodeSteps: 6 });
    const before = tf.memory().numTensors;
    const a = await run();
    const b = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.episodes.map((e) => [e.seed, e.steps, e.terminated])).toEqual([[4, 6, false], [5, 6, false]]);
    expect(a.summary).toMatchObject({ episodes: 2, envSteps: 12, replans: 6, terminatedRate: 0 });
    expect(a.episodes).toEqual(b.episodes);
    expect(a.settings).toMatchObject({ samples: 3, horizon: 3 });
  });
});
