import { DfpArgumentError, MAZE2D_GENERATOR_VERSION, generateMaze2dDataset, mazeLayout, maze2dReward, maze2dStep } from '@dfp/envs';
import { assertSameGivenSeed, assertThrowsWith } from '../../../../test/helpers/assertions';

const umaze = mazeLayout('umaze');

describe('generateMaze2dDataset', () => {
  const ds = generateMaze2dDataset('maze2d-umaze-v1', { steps: 5000, seed: 0 });

  it('should be deterministic given the seed', () => {
    assertSameGivenSeed((seed) => generateMaze2dDataset('maze2d-medium-v1', { steps: 800, seed }), 3, 4);
  });

  it('should have D4RL fields with row-major shapes and provenance metadata', () => {
    expect(ds.size).toBe(5000);
    expect(ds.observations).toBeInstanceOf(Float32Array);
    expect([ds.observations.length, ds.actions.length, ds.rewards.length, ds.goals.length]).toEqual([20000, 10000, 5000, 10000]);
    expect([ds.terminals.length, ds.timeouts.length]).toEqual([5000, 5000]);
    expect(ds.metadata).toEqual({ envId: 'maze2d-umaze-v1', seed: 0, generatorVersion: MAZE2D_GENERATOR_VERSION, actionNoise: 0, rewardTiming: 'post-step' });
    expect(ds.terminals.every((t) => t === 0)).toBe(true); // Maze2D has no terminal states
    expect(ds.actions.every((a) => a >= -1 && a <= 1)).toBe(true);
  });

  it('should store one continuous trajectory: each next observation is the step of the previous row', () => {
    let worst = 0;
    for (let t = 0; t + 1 < ds.size; t++) {
      const next = maze2dStep(ds.observations.subarray(4 * t, 4 * t + 4), ds.actions.subarray(2 * t, 2 * t + 2), umaze);
      for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(next[i] - ds.observations[4 * (t + 1) + i]));
    }
    expect(worst).toBeLessThan(1e-5); // float32 storage
  });

  it('should flag timeouts where the goal is reached or capped, and draw a new random goal right after', () => {
    let switches = 0;
    let reached = 0;
    let run = 0;
    let longestRun = 0;
    const mismatches: number[] = [];
    for (let t = 0; t + 1 < ds.size; t++) {
      const changed = ds.goals[2 * t] !== ds.goals[2 * t + 2] || ds.goals[2 * t + 1] !== ds.goals[2 * t + 3];
      if (changed !== (ds.timeouts[t] === 1)) mismatches.push(t);
      run = changed ? 0 : run + 1;
      longestRun = Math.max(longestRun, run);
      if (ds.timeouts[t] === 1) {
        switches++;
        const [x, y] = [ds.observations[4 * t], ds.observations[4 * t + 1]];
        if (Math.hypot(x - Math.round(ds.goals[2 * t]), y - Math.round(ds.goals[2 * t + 1])) < 0.1) reached++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(longestRun).toBeLessThanOrEqual(300); // a goal is chased for at most maxEpisodeSteps + 1 rows
    expect(switches).toBeGreaterThan(20);
    expect(reached / switches).toBeGreaterThan(0.95); // the controller reaches nearly every goal
    const cells = new Set<string>();
    for (let t = 0; t < ds.size; t++) cells.add(`${Math.round(ds.goals[2 * t])},${Math.round(ds.goals[2 * t + 1])}`);
    expect([...cells].sort()).toEqual(umaze.emptyAndGoalCells.map((c) => c.join(',')).sort());
  });

  it('should reward the post-step position w.r.t. the fixed G goal, or the pre-step one on request', () => {
    const post = generateMaze2dDataset('maze2d-umaze-dense-v1', { steps: 500, seed: 1 });
    const pre = generateMaze2dDataset('maze2d-umaze-dense-v1', { steps: 500, seed: 1, rewardTiming: 'pre-step' });
    let worstPost = 0;
    let worstPre = 0;
    const o = post.observations;
    for (let t = 0; t + 1 < 500; t++) {
      worstPost = Math.max(worstPost, Math.abs(post.rewards[t] - maze2dReward('dense', o[4 * (t + 1)], o[4 * (t + 1) + 1], 1, 1)));
      worstPre = Math.max(worstPre, Math.abs(pre.rewards[t] - maze2dReward('dense', o[4 * t], o[4 * t + 1], 1, 1)));
    }
    expect(worstPost).toBeLessThan(1e-5);
    expect(worstPre).toBeLessThan(1e-5);
    expect(Array.from(pre.observations)).toEqual(Array.from(post.observations));
  });

  it('should add Gaussian action noise when asked, keeping actions in [-1, 1]', () => {
    const noisy = generateMaze2dDataset('maze2d-umaze-v1', { steps: 2000, seed: 0, actionNoise: 0.5 });
    expect(noisy.actions.every((a) => a >= -1 && a <= 1)).toBe(true);
    expect(Array.from(noisy.actions.subarray(0, 20))).not.toEqual(Array.from(ds.actions.subarray(0, 20)));
  });

  it('should report progress and generate 1M steps in seconds', () => {
    const calls: number[] = [];
    const start = Date.now();
    const big = generateMaze2dDataset('maze2d-large-v1', { steps: 1_000_000, seed: 0, onProgress: (done) => calls.push(done) });
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(big.size).toBe(1_000_000);
    expect(calls).toHaveLength(100);
    expect(calls.at(-1)).toBe(1_000_000);
  });

  it.each([
    ['an unknown env', 'maze2d-huge-v1', { steps: 10, seed: 0 }, /unknown Maze2D env id "maze2d-huge-v1"; known ids: maze2d-umaze-v1/],
    ['zero steps', 'maze2d-umaze-v1', { steps: 0, seed: 0 }, /steps: expected an integer in \[1, 50000000\], received 0/],
    ['a fractional seed', 'maze2d-umaze-v1', { steps: 10, seed: 0.5 }, /seed: expected an integer/],
    ['negative noise', 'maze2d-umaze-v1', { steps: 10, seed: 0, actionNoise: -1 }, /actionNoise must be a finite number >= 0, received -1/],
    ['a bad reward timing', 'maze2d-umaze-v1', { steps: 10, seed: 0, rewardTiming: 'later' as never }, /rewardTiming must be/],
  ])('should reject %s', (_, id, options, pattern) => {
    assertThrowsWith(() => generateMaze2dDataset(id, options), DfpArgumentError, pattern);
  });
});
