import { initBackend } from '@dfp/core';
import { makeMaze2dEnv } from '@dfp/envs';
import { BenchInterruptedError, DEFAULT_METHOD_SETTINGS, buildAgent, runCell } from '@dfp/benchmarks';
import type { BuiltAgent } from '@dfp/benchmarks';

const SETTINGS = { ...DEFAULT_METHOD_SETTINGS, mppi: { ...DEFAULT_METHOD_SETTINGS.mppi, horizon: 10, samples: 16 } };

function mppi(seed = 0): BuiltAgent {
  return buildAgent('mppi', { envId: 'maze2d-umaze-v1', env: makeMaze2dEnv('maze2d-umaze-v1'), settings: SETTINGS, model: null, seed, episodeLength: null });
}

describe('runCell', () => {
  beforeAll(() => initBackend('wasm'));

  it('should run every episode of a cell as one batch and return well-formed records, summary and traces', async () => {
    let steps = 0;
    const out = await runCell({ envId: 'maze2d-umaze-v1', goal: 'single', agent: mppi(), episodes: 3, seed: 5, maxSteps: 40, traces: 2, onStep: () => steps++ });
    expect(steps).toBe(3 * 40);
    expect(out.episodes.map((e) => e.seed)).toEqual([5, 6, 7]);
    expect(out.episodes.every((e) => e.steps === 40 && e.goal[0] === 1 && e.goal[1] === 1)).toBe(true);
    expect(out.summary).toMatchObject({ episodes: 3, envSteps: 120, replans: 40 });
    const mean = out.episodes.reduce((a, e) => a + e.normalizedScore, 0) / 3;
    expect(out.summary.meanScore).toBeCloseTo(mean, 10);
    expect(out.summary.successRate).toBe(out.episodes.filter((e) => e.success).length / 3);
    expect(out.traces).toHaveLength(2);
    expect(out.traces[0].positions).toHaveLength(2 * 41);
    expect(out.traces[0].positions.slice(0, 2)).toEqual(out.episodes[0].start);
    expect(out.traces[0].lastPlanStep).toBe(39);
    expect(out.traces[0].lastPlan).toHaveLength(11);
  });

  it('should be deterministic given the seed, and draw a goal per episode in Multi2D', async () => {
    const run = async (seed: number) => (await runCell({ envId: 'maze2d-umaze-v1', goal: 'multi', agent: mppi(seed), episodes: 2, seed, maxSteps: 15 })).episodes;
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(a[0].goal).not.toEqual(a[1].goal);
    expect(await run(2)).not.toEqual(a);
  });

  it('should stop at the next step when the signal is aborted', async () => {
    const controller = new AbortController();
    let steps = 0;
    const pending = runCell({ envId: 'maze2d-umaze-v1', goal: 'single', agent: mppi(), episodes: 2, seed: 0, maxSteps: 100, signal: controller.signal, onStep: () => ++steps === 10 && controller.abort() });
    await expect(pending).rejects.toThrow(BenchInterruptedError);
    expect(steps).toBe(10);
  });
});
