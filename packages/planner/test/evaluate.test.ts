import { initBackend } from '@dfp/core';
import { Box, Maze2dEnv, makeEnv, maze2dStepBatch, mazeLayout } from '@dfp/envs';
import type { Env } from '@dfp/envs';
import { BatchedAgent } from '../src/agents/batched-agent';
import type { EnvSlot, ReplanRequest } from '../src/agents/batched-agent';
import { DiffusionForcingPlanner } from '../src/agents/diffusion-forcing-planner';
import { MPPIPlanner } from '../src/agents/mppi-planner';
import { evaluate } from '../src/evaluate';
import { goalDistance } from '../src/guidance/objectives';
import { CountdownEnv } from './helpers/countdown-env';
import { tinyModel } from './helpers/tiny-model';

/** Acts +1 on even env slots and -1 on odd ones; records what it saw. */
class SignAgent extends BatchedAgent<number> {
  readonly name = 'SignAgent';
  readonly seen: number[][] = [];
  constructor() {
    super(2, 1, 0);
  }
  protected needsReplan(): boolean {
    return true;
  }
  protected async replan(requests: readonly ReplanRequest<number>[]): Promise<number[]> {
    this.seen.push(requests.map((r) => r.index));
    return requests.map((r) => (r.index % 2 === 0 ? 1 : -1));
  }
  protected actionFrom(slot: EnvSlot<number>): number[] {
    return [slot.plan!];
  }
}

describe('evaluate', () => {
  beforeAll(() => initBackend('wasm'));

  it('should run episodes as batches with seeds seed + i, keep stepping envs that are still running, and summarize', async () => {
    const agent = new SignAgent();
    const seen: number[] = [];
    const res = await evaluate(() => new CountdownEnv(), agent, { episodes: 5, seed: 3, batchSize: 3, onEpisode: (e) => seen.push(e.index) });
    // seeds 3..7 -> lifetimes 2 + seed % 3 = 2, 3, 4, 2, 3; env slot j of each batch acts (-1)^j
    expect(res.episodes.map((e) => e.seed)).toEqual([3, 4, 5, 6, 7]);
    expect(res.episodes.map((e) => e.steps)).toEqual([2, 3, 4, 2, 3]);
    expect(res.episodes.map((e) => e.return)).toEqual([2, -3, 4, 2, -3]);
    expect(res.episodes.map((e) => e.success)).toEqual([true, false, true, true, false]);
    expect(res.episodes.map((e) => e.firstReach)).toEqual([1, null, 1, 1, null]);
    expect(res.episodes.map((e) => e.normalizedScore)).toEqual([null, null, null, null, null]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(agent.seen[0]).toEqual([0, 1, 2]);
    expect(agent.seen.at(-1)).toEqual([1]); // only the longest episode of the second batch (seed 7) is still running
    expect(res.meanReturn).toBeCloseTo(0.4, 10);
    expect(res.successRate).toBeCloseTo(0.6, 10);
    expect(res.meanFirstReach).toBe(1);
    expect(res.timings.envSteps).toBe(14);
    expect(res.timings.replans).toBe(agent.stats.replans);
  });

  it('should cut episodes at maxSteps, read multi-goal targets and give D4RL normalized scores', async () => {
    const grid = mazeLayout('umaze');
    const agent = new MPPIPlanner({ dynamics: (s, a, out) => maze2dStepBatch(s, a, grid, out), obsDim: 4, actDim: 2, horizon: 5, samples: 8 });
    const envs = [new Maze2dEnv('maze2d-umaze-v1', { goal: 'random' }), new Maze2dEnv('maze2d-umaze-v1', { goal: 'random' })];
    const run = () => evaluate(envs, agent, { episodes: 3, maxSteps: 4, seed: 10 });
    const a = await run();
    expect(a.episodes.map((e) => e.steps)).toEqual([4, 4, 4]);
    const ref = { min: 23.85, max: 161.86 };
    a.episodes.forEach((e) => expect(e.normalizedScore).toBeCloseTo((100 * (e.return - ref.min)) / (ref.max - ref.min), 8));
    expect(a.episodes.every((e) => e.success !== null)).toBe(true);
    const b = await run();
    expect(b.episodes.map((e) => e.return)).toEqual(a.episodes.map((e) => e.return));
    expect(a.timings.msPerReplan).not.toBeNull();
  });

  it('should evaluate the Diffusion Forcing planner through actBatch', async () => {
    const model = tinyModel({ layout: { obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 2 } });
    try {
      const agent = new DiffusionForcingPlanner({ model, samplingSteps: 2, maxHorizon: 2, guidance: goalDistance(), scale: 1 });
      const res = await evaluate(() => makeEnv('maze2d-umaze-v1'), agent, { episodes: 2, maxSteps: 3 });
      expect(res.episodes).toHaveLength(2);
      expect(agent.stats.replans).toBe(2); // frameStack 2: steps 0 and 2, both envs in one call
      expect(agent.stats.plannedEnvs).toBe(4);
    } finally {
      model.dispose();
    }
  });

  it('should run the Diffusion Forcing planner on any registered-style env (other dims, early termination)', async () => {
    const model = tinyModel(); // obsDim 2, actDim 1: the CountdownEnv's spaces
    try {
      const agent = new DiffusionForcingPlanner({ model, samplingSteps: 2, horizon: 1, openLoopHorizon: 1 });
      const res = await evaluate(() => new CountdownEnv(), agent, { episodes: 3, seed: 0 });
      expect(res.episodes.map((e) => e.steps)).toEqual([2, 3, 4]);
      expect(agent.stats.plannedEnvs).toBe(9); // one plan per env per step, finished envs are not planned for
    } finally {
      model.dispose();
    }
  });

  it('should reject bad options and mismatched envs', async () => {
    const agent = new SignAgent();
    await expect(evaluate(new CountdownEnv(), agent, { episodes: 0 })).rejects.toThrow(/episodes: expected an integer in \[1/);
    await expect(evaluate([], agent, { episodes: 1 })).rejects.toThrow(/envs must not be empty/);
    await expect(evaluate(new CountdownEnv(), agent, { episodes: 1, goalRadius: 0 })).rejects.toThrow(/goalRadius must be > 0/);
    const other: Env = { id: 'x', observationSpace: new Box(0, 1, [3]), actionSpace: new Box(0, 1, [1]), maxEpisodeSteps: 5, reset: () => ({ observation: new Float64Array(3), info: {} }), step: () => { throw new Error('unused'); }, close: () => {} };
    await expect(evaluate([new CountdownEnv(), other], agent, { episodes: 1 })).rejects.toThrow(/env 1 \('x'\) has different space sizes/);
  });
});
