import { DfpArgumentError, Rng, WaypointController, makeMaze2dEnv, mazeLayout } from '@dfp/envs';
import type { Maze2dEnvId } from '@dfp/envs';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

describe('WaypointController', () => {
  it.each<Maze2dEnvId>(['maze2d-umaze-v1', 'maze2d-medium-v1', 'maze2d-large-v1'])(
    'should reach the goal from every free cell of %s within the episode limit and stay there',
    (id) => {
      const env = makeMaze2dEnv(id);
      const action = new Float64Array(2);
      const failures: string[] = [];
      env.layout.emptyAndGoalCells.forEach((cell, i) => {
        let obs = env.reset({ seed: i, options: { startCell: cell } }).observation;
        const controller = new WaypointController(env.layout, new Rng(i));
        let firstReward = -1;
        let last = 0;
        for (let t = 0; t < env.maxEpisodeSteps; t++) {
          controller.control(obs, env.getTarget(), action);
          const r = env.step(action);
          obs = r.observation;
          last = r.reward;
          if (r.reward === 1 && firstReward < 0) firstReward = t;
        }
        if (firstReward < 0 || last !== 1) failures.push(`start ${cell.join(',')}: first reward at ${firstReward}, last reward ${last}`);
      });
      expect(failures).toEqual([]);
    },
  );

  it("should jitter intermediate waypoints by -U(0,1)·0.2 and end on the exact goal cell", () => {
    const controller = new WaypointController(mazeLayout('large'), new Rng(0));
    controller.control([7, 1, 0, 0], [7, 9], new Float64Array(2));
    const wps = controller.waypoints;
    expect(wps).toHaveLength(18); // the longest shortest path of the large maze
    expect(Array.from(wps[wps.length - 1])).toEqual([7, 9]);
    for (const [x, y] of wps.slice(0, -1)) {
      expect(x - Math.round(x + 0.1)).toBeGreaterThanOrEqual(-0.2);
      expect(x - Math.round(x + 0.1)).toBeLessThanOrEqual(0);
      expect(y - Math.round(y + 0.1)).toBeGreaterThanOrEqual(-0.2);
    }
  });

  it('should aim at the rounded goal cell and replan only when it changes', () => {
    const rng = new Rng(0);
    const controller = new WaypointController(mazeLayout('umaze'), rng);
    const out = new Float64Array(2);
    controller.control([3, 1, 0, 0], [1.05, 0.95], out);
    const plan = controller.waypoints;
    const state = JSON.stringify(rng.getState());
    controller.control([3, 1.01, 0, 0], [0.96, 1.08], out); // same rounded goal (1, 1)
    expect(controller.waypoints).toEqual(plan);
    expect(JSON.stringify(rng.getState())).toBe(state); // no new jitter drawn
    controller.control([3, 1.02, 0, 0], [3, 3], out);
    expect(Array.from(controller.waypoints.at(-1) as Float64Array)).toEqual([3, 3]);
  });

  it("should round halves to even like Python's round (2.5 -> 2)", () => {
    const controller = new WaypointController(mazeLayout('umaze'), new Rng(0));
    controller.control([1, 3, 0, 0], [3, 2.5], new Float64Array(2));
    expect(Array.from(controller.waypoints.at(-1) as Float64Array)).toEqual([3, 2]);
  });

  it('should apply clip(10·(waypoint − xy) − v, ±1) and report done on the goal cell', () => {
    const controller = new WaypointController(mazeLayout('umaze'), new Rng(0));
    const out = new Float64Array(2);
    // 0.12 from the goal cell: not solved; the only waypoint is the goal itself.
    expect(controller.control([1.12, 1, -0.5, 0], [1, 1], out)).toBe(false);
    expect(out[0]).toBeCloseTo(10 * (1 - 1.12) + 0.5, 12);
    expect(controller.control([1.2, 1, 0.5, 0], [1, 1], out)).toBe(false);
    expect(out[0]).toBe(-1); // clipped from -2.5
    // Within 0.1 of the goal cell, having moved less than 0.1: done.
    expect(controller.control([1.1, 1.02, 0.2, -0.5], [1, 1], out)).toBe(false);
    expect(controller.control([1.04, 1, 0.2, -0.5], [1, 1], out)).toBe(true);
    expect(Array.from(out).map((v) => Number(v.toFixed(12)))).toEqual([-0.6, 0.5]);
  });

  it('should be deterministic given the generator', () => {
    assertSameGivenSeed((seed) => {
      const controller = new WaypointController(mazeLayout('medium'), new Rng(seed));
      controller.control([1, 1, 0, 0], [6, 6], new Float64Array(2));
      return controller.waypoints.map((w) => Array.from(w));
    }, 1, 2);
  });

  it('should reject non-finite gains', () => {
    assertThrowsWith(() => new WaypointController(mazeLayout('umaze'), new Rng(0), { pGain: Number.NaN }), DfpArgumentError, /pGain/);
  });
});
