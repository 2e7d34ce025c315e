import { DfpArgumentError } from '@dfp/envs';
import { type GenerateLocomotionOptions, type LocomotionDataset, generateLocomotionDataset, loadMujoco } from '../../src/locomotion';

/** Tiny MPPI so that tests take milliseconds. */
const TINY_MPPI = { samples: 3, horizon: 3 };

/** Row indices where an episode ends (terminal or timeout). */
function episodeEnds(ds: LocomotionDataset): number[] {
  const ends: number[] = [];
  for (let t = 0; t < ds.size; t++) if (ds.terminals[t] === 1 || ds.timeouts[t] === 1) ends.push(t);
  return ends;
}

function row(a: Float32Array, t: number, dim: number): number[] {
  return Array.from(a.subarray(t * dim, (t + 1) * dim));
}

describe('generateLocomotionDataset', () => {
  beforeAll(() => loadMujoco());

  it('should be a pure function of its options (same seed, same bytes; another seed, other data)', async () => {
    // Arrange
    const opts = (seed: number): GenerateLocomotionOptions => ({ envId: 'hopper-v4', policy: 'medium', steps: 24, seed, mppi: TINY_MPPI });
    // Act
    const [a, b, c] = await Promise.all([generateLocomotionDataset(opts(5)), generateLocomotionDataset(opts(5)), generateLocomotionDataset(opts(6))]);
    // Assert
    expect(b).toEqual(a);
    expect(c.observations).not.toEqual(a.observations);
  });

  it("should lay out D4RL's fields, chaining next_observations within episodes", async () => {
    // Act: random hopper episodes last ~20 steps and end by falling.
    const ds = await generateLocomotionDataset({ envId: 'hopper-v4', policy: 'random', steps: 200, seed: 1 });
    // Assert
    expect([ds.size, ds.obsDim, ds.actDim]).toEqual([200, 11, 3]);
    expect(ds.observations).toHaveLength(200 * 11);
    expect(ds.nextObservations).toHaveLength(200 * 11);
    expect(ds.actions).toHaveLength(200 * 3);
    expect(ds.infos.qpos.shape).toEqual([200, 6]);
    expect(ds.actions.every((a) => a >= -1 && a <= 1)).toBe(true);
    const ends = new Set(episodeEnds(ds));
    expect(ds.terminals.reduce((s, x) => s + x, 0)).toBeGreaterThan(3);
    for (let t = 0; t + 1 < ds.size; t++) {
      if (!ends.has(t)) expect(row(ds.nextObservations, t, 11)).toEqual(row(ds.observations, t + 1, 11));
    }
    // qpos[1:] of the state before the action is the first part of the observation (Float32 both).
    expect(row(ds.infos.qpos.data, 7, 6).slice(1)).toEqual(row(ds.observations, 7, 11).slice(0, 5));
    // The last, cut episode ends with a timeout.
    expect(ds.terminals[199] + ds.timeouts[199]).toBe(1);
  });

  it('should mark time-limit cuts as timeouts and summarize complete episodes only', async () => {
    // Act: the cheetah never terminates, so episodes end every 5 steps; the last one is cut at row 11.
    const ds = await generateLocomotionDataset({ envId: 'halfcheetah-v4', policy: 'expert', steps: 12, seed: 2, maxEpisodeSteps: 5, mppi: TINY_MPPI });
    // Assert
    expect(Array.from(ds.timeouts)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(ds.terminals.every((x) => x === 0)).toBe(true);
    const m = ds.metadata;
    expect(m.episodes).toBe(2);
    const sum = (from: number, to: number): number => ds.rewards.subarray(from, to).reduce((s, r) => s + r, 0);
    expect(m.meanReturn).toBeCloseTo((sum(0, 5) + sum(5, 10)) / 2, 3);
    expect(m.meanNormalizedScore).toBeCloseTo((100 * (m.meanReturn + 280.178953)) / (12135 + 280.178953), 6);
    expect(m.preset.mppi).toMatchObject(TINY_MPPI);
    expect(m.generatorVersion).toBe('dfp-locomotion-1');
  });

  it('should report NaN summary values when no episode completed', async () => {
    const ds = await generateLocomotionDataset({ envId: 'halfcheetah-v4', policy: 'random', steps: 3, seed: 0 });
    expect(ds.metadata.episodes).toBe(0);
    expect(ds.metadata.meanReturn).toBeNaN();
  });

  it('should report progress and stop when aborted', async () => {
    // Arrange
    const seen: number[] = [];
    const ctrl = new AbortController();
    // Act
    const run = generateLocomotionDataset({
      envId: 'halfcheetah-v4', policy: 'random', steps: 5000, seed: 0, progressEvery: 256,
      onProgress: (done, total) => {
        seen.push(done);
        expect(total).toBe(5000);
        if (done >= 512) ctrl.abort(new Error('stopped by the test'));
      },
      signal: ctrl.signal,
    });
    // Assert
    await expect(run).rejects.toThrow('stopped by the test');
    expect(seen).toEqual([256, 512]);
  });

  it.each<[string, Partial<GenerateLocomotionOptions>, RegExp]>([
    ['an unknown env', { envId: 'ant-v4' }, /unknown locomotion env id "ant-v4"/],
    ['an unknown policy', { policy: 'replay' as never }, /unknown policy "replay"/],
    ['zero steps', { steps: 0 }, /steps: expected an integer in \[1, /],
    ['negative action noise', { actionNoise: -0.1 }, /actionNoise must be a finite number >= 0, received -0.1/],
    ['bad MPPI overrides', { mppi: { samples: 0 } }, /MppiOptions\.samples/],
  ])('should reject %s', async (_name, patch, pattern) => {
    const run = generateLocomotionDataset({ envId: 'hopper-v4', policy: 'medium', steps: 10, seed: 0, ...patch });
    await expect(run).rejects.toThrow(DfpArgumentError);
    await expect(generateLocomotionDataset({ envId: 'hopper-v4', policy: 'medium', steps: 10, seed: 0, ...patch })).rejects.toThrow(pattern);
  });
});
