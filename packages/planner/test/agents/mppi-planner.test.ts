import { Box, mazeLayout, maze2dStepBatch } from '@dfp/envs';
import { MPPIPlanner } from '../../src/agents/mppi-planner';
import type { BatchDynamics } from '../../src/agents/mppi-planner';

/** Double integrator: state [x, v], action u; v' = v + 0.1u, x' = x + 0.1v'. */
const integrator: BatchDynamics = (s, a, out) => {
  for (let k = 0; k < a.length; k++) {
    const v = s[2 * k + 1] + 0.1 * a[k];
    out[2 * k] = s[2 * k] + 0.1 * v;
    out[2 * k + 1] = v;
  }
};
const integratorEnv = { id: 'integrator', observationSpace: new Box(-Infinity, Infinity, [2]), actionSpace: new Box(-1, 1, [1]), maxEpisodeSteps: 100 };

async function drive(agent: MPPIPlanner, start: number[], goal: number[], steps: number): Promise<number[]> {
  let s = Float64Array.from(start);
  for (let t = 0; t < steps; t++) {
    const a = await agent.act(s, { goal });
    const next = new Float64Array(2);
    integrator(s, a, next);
    s = next;
  }
  return Array.from(s);
}

describe('MPPIPlanner', () => {
  it('should drive a double integrator to the goal', async () => {
    const agent = new MPPIPlanner({ dynamics: integrator, obsDim: 2, actDim: 1, horizon: 20, samples: 64, temperature: 0.1, env: integratorEnv });
    agent.reset();
    const [x] = await drive(agent, [0, 0], [1], 60);
    expect(Math.abs(x - 1)).toBeLessThan(0.15);
  });

  it('should be deterministic given the seed and differ across seeds', async () => {
    const run = (seed: number) => drive(new MPPIPlanner({ dynamics: integrator, obsDim: 2, actDim: 1, horizon: 10, samples: 16, seed }), [0, 0], [1], 5);
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('should plan for a batch of Maze2D envs with the true dynamics', async () => {
    const grid = mazeLayout('umaze');
    const agent = new MPPIPlanner({ dynamics: (s, a, out) => maze2dStepBatch(s, a, grid, out), obsDim: 4, actDim: 2, horizon: 20, samples: 32, temperature: 0.1 });
    agent.reset({ numEnvs: 2 });
    // Both corridors of the U are straight along y: (1,1)->(1,3) and (3,3)->(3,1).
    const actions = await agent.actBatch([[1, 1, 0, 0], [3, 3, 0, 0]], { goals: [[1, 3], [3, 1]] });
    expect(actions).toHaveLength(2);
    expect(actions[0][1]).toBeGreaterThan(0.3);
    expect(actions[1][1]).toBeLessThan(-0.3);
    expect(agent.stats.replans).toBe(1);
  });

  it('should reject bad options and a missing goal', async () => {
    expect(() => new MPPIPlanner({ dynamics: 3 as never, obsDim: 2, actDim: 1 })).toThrow(/dynamics must be a function/);
    expect(() => new MPPIPlanner({ dynamics: integrator, obsDim: 2, actDim: 1, temperature: 0 })).toThrow(/temperature must be a finite number > 0/);
    expect(() => new MPPIPlanner({ dynamics: integrator, obsDim: 2, actDim: 1, samples: 0 })).toThrow(/samples/);
    await expect(new MPPIPlanner({ dynamics: integrator, obsDim: 2, actDim: 1 }).act([0, 0])).rejects.toThrow(/needs a goal/);
  });
});
