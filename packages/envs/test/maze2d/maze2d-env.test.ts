import { DfpArgumentError, Maze2dEnv, makeMaze2dEnv, maze2dReward, maze2dStep } from '@dfp/envs';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

describe('Maze2dEnv', () => {
  describe('reset', () => {
    it('should start near a uniform free cell with N(0, 0.1²) velocity', () => {
      const env = new Maze2dEnv('maze2d-medium-v1');
      const counts = new Map<string, number>();
      const vs: number[] = [];
      let worstOffset = 0;
      env.reset({ seed: 1 });
      for (let i = 0; i < 5200; i++) {
        const [x, y, vx, vy] = env.reset().observation;
        const cell = [Math.round(x), Math.round(y)];
        worstOffset = Math.max(worstOffset, Math.abs(x - cell[0]), Math.abs(y - cell[1]));
        counts.set(cell.join(','), (counts.get(cell.join(',')) ?? 0) + 1);
        vs.push(vx, vy);
      }
      expect(worstOffset).toBeLessThanOrEqual(0.1);
      expect([...counts.keys()].sort()).toEqual(env.layout.emptyAndGoalCells.map((c) => c.join(',')).sort()); // every O cell and G
      for (const n of counts.values()) expect(Math.abs(n - 200)).toBeLessThan(75); // ~5 s.d.
      const std = Math.sqrt(vs.reduce((a, v) => a + v * v, 0) / vs.length);
      expect(Math.abs(std - 0.1)).toBeLessThan(0.005);
      expect(Math.max(...vs.map(Math.abs))).toBeLessThan(0.6);
    });

    it('should be deterministic given the seed', () => {
      assertSameGivenSeed((seed) => Array.from(new Maze2dEnv('maze2d-large-v1').reset({ seed }).observation), 5, 6);
    });

    it('should start in a requested cell (D4RL reset_to_location) and reject walls', () => {
      const env = new Maze2dEnv('maze2d-large-v1');
      const [x, y] = env.reset({ seed: 0, options: { startCell: [7, 1] } }).observation;
      expect([Math.round(x), Math.round(y)]).toEqual([7, 1]);
      assertThrowsWith(() => env.reset({ options: { startCell: [0, 0] } }), DfpArgumentError, /startCell: cell \(0, 0\) is a wall/);
      assertThrowsWith(() => env.reset({ options: { startCell: [1.5, 1] } }), DfpArgumentError, /expected a cell \[row, column\] of integers/);
    });
  });

  describe('step', () => {
    it('should apply maze2dStep to the state and reward the post-step position', () => {
      const env = new Maze2dEnv('maze2d-umaze-v1');
      const obs = env.reset({ seed: 0 }).observation;
      const r = env.step([0.3, -0.8]);
      expect(Array.from(r.observation)).toEqual(Array.from(maze2dStep(obs, [0.3, -0.8], env.layout)));
      expect(r.reward).toBe(maze2dReward('sparse', r.observation[0], r.observation[1], 1, 1));
      expect(r).toMatchObject({ terminated: false, truncated: false, info: {} });
    });

    it('should truncate at 300 steps in umaze and never terminate', () => {
      const env = new Maze2dEnv('maze2d-umaze-v1');
      env.reset({ seed: 0 });
      let last;
      for (let t = 0; t < 300; t++) {
        last = env.step([1, 1]);
        expect(last.terminated).toBe(false);
        expect(last.truncated).toBe(t === 299);
      }
    });
  });

  describe('maze2dReward', () => {
    it('should be 1 within distance 0.5 (inclusive) for sparse, exp(-d) for dense', () => {
      expect(maze2dReward('sparse', 1.5, 1, 1, 1)).toBe(1);
      expect(maze2dReward('sparse', 1.5000001, 1, 1, 1)).toBe(0);
      expect(maze2dReward('dense', 1.3, 1.4, 1, 1)).toBeCloseTo(Math.exp(-0.5), 15);
    });
  });

  describe('goals', () => {
    it('should fix the goal at the exact G cell by default', () => {
      const env = new Maze2dEnv('maze2d-large-v1');
      env.reset({ seed: 0 });
      env.reset();
      expect(Array.from(env.getTarget())).toEqual([7, 9]);
    });

    it("should draw a random free cell + U(-0.1, 0.1) after each reset with goal: 'random' (Multi2D)", () => {
      const env = makeMaze2dEnv('maze2d-umaze-v1', { goal: 'random' });
      const goals = new Set<string>();
      env.reset({ seed: 0 });
      for (let i = 0; i < 200; i++) {
        env.reset();
        const [gx, gy] = env.getTarget();
        const cell = [Math.round(gx), Math.round(gy)];
        expect(env.layout.emptyAndGoalCells).toContainEqual(cell);
        expect(Math.max(Math.abs(gx - cell[0]), Math.abs(gy - cell[1]))).toBeLessThanOrEqual(0.1);
        goals.add(cell.join(','));
      }
      expect(goals.size).toBe(7);
    });

    it('should reward w.r.t. the target set with setTarget, and validate it', () => {
      const env = makeMaze2dEnv('maze2d-umaze-dense-v1');
      env.reset({ seed: 0 });
      env.setTarget([3, 3]);
      const r = env.step([0, 0]);
      expect(r.reward).toBeCloseTo(Math.exp(-Math.hypot(r.observation[0] - 3, r.observation[1] - 3)), 15);
      env.setTarget(); // random, D4RL's set_target()
      expect(Array.from(env.getTarget())).not.toEqual([3, 3]);
      assertThrowsWith(() => env.setTarget([1, Number.NaN]), DfpArgumentError, /setTarget: xy: expected finite numbers/);
    });
  });

  describe('setState / getState', () => {
    it('should set the ball state, which the next step starts from', () => {
      const env = makeMaze2dEnv('maze2d-large-v1');
      env.reset({ seed: 0 });
      env.setState([3, 5], [1, -1]);
      expect(env.getState()).toEqual({ qpos: Float64Array.of(3, 5), qvel: Float64Array.of(1, -1) });
      expect(Array.from(env.step([0, 0]).observation)).toEqual(Array.from(maze2dStep([3, 5, 1, -1], [0, 0], env.layout)));
    });

    it('should allow stepping after setState without reset, starting the step counter at 0', () => {
      const env = makeMaze2dEnv('maze2d-umaze-v1');
      env.setState([1, 2], [0, 0]);
      expect(env.step([0, 0]).truncated).toBe(false);
      expect(env.elapsedSteps).toBe(1);
    });

    it.each([
      [[0, 0], [0, 0], /qpos \(0, 0\) lies in wall or outside cell \(0, 0\)/],
      [[2, 1], [0, 0], /lies in wall/], // (2, 1) is a wall in umaze
      [[1, 1], [Number.NaN, 0], /qvel: expected finite numbers/],
      [[1], [0, 0], /qpos: expected length 2/],
    ])('should reject qpos %j, qvel %j', (qpos, qvel, pattern) => {
      assertThrowsWith(() => makeMaze2dEnv('maze2d-umaze-v1').setState(qpos, qvel), DfpArgumentError, pattern);
    });
  });
});
