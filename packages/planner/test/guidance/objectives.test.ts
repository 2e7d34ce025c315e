import { initBackend, tf } from '@dfp/core';
import { custom, goalDistance, objectiveFromSpec, rewardSum } from '../../src/guidance/objectives';
import type { GuidanceContext, PredictedFrames } from '../../src/guidance/objectives';

// Two trajectories of three frames, obsDim 3, actDim 1, reward 1.
const OBS = [
  [[0, 0, 9], [1, 2, 9], [3, 4, 9]],
  [[1, 1, 9], [1, 2, 9], [-2, 2, 9]],
];
const REW = [[1, 2, 3], [0.5, 0, -1]];

function frames(withReward = true): PredictedFrames {
  return {
    obs: tf.tensor3d(OBS),
    act: tf.zeros([2, 3, 1]) as tf.Tensor3D,
    reward: withReward ? (tf.tensor3d(REW.map((r) => r.map((v) => [v])))) : null,
  };
}

function ctx(over: Partial<GuidanceContext> = {}): GuidanceContext {
  return { goal: null, frameWeight: tf.tensor2d([[1, 1, 1], [1, 1, 0]]), episodeLength: null, frames: 3, ...over };
}

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('goalDistance', () => {
  beforeAll(() => initBackend('wasm'));

  it('should return minus the weighted sum of Euclidean distances of (x, y) to the goal', () => {
    const j = goalDistance([1, 2])(frames(), ctx());
    const d = (p: number[]): number => Math.hypot(p[0] - 1, p[1] - 2);
    expect(values(j)[0]).toBeCloseTo(-(d(OBS[0][0]) + d(OBS[0][1]) + d(OBS[0][2])), 5);
    expect(values(j)[1]).toBeCloseTo(-(d(OBS[1][0]) + d(OBS[1][1])), 5); // frame 2 has weight 0
  });

  it('should read per-trajectory goals from the context and use the requested dims', () => {
    const goal = tf.tensor2d([[9, 0], [9, 0]]);
    const j = goalDistance(undefined, { dims: [2, 0] })(frames(), ctx({ goal }));
    expect(values(j)[0]).toBeCloseTo(-(0 + 1 + 3), 5);
    expect(goalDistance().needsGoal).toBe(true);
    expect(goalDistance([0, 0]).needsGoal).toBe(false);
  });

  it('should multiply by N/F with horizonFactor', () => {
    const plain = values(goalDistance([1, 2])(frames(), ctx()));
    const scaled = values(goalDistance([1, 2], { horizonFactor: true })(frames(), ctx({ episodeLength: 12 })));
    expect(scaled[0]).toBeCloseTo(plain[0] * 4, 4);
    expect(() => goalDistance([1, 2], { horizonFactor: true })(frames(), ctx())).toThrow(/horizonFactor needs the planned episode length/);
  });

  it('should have a finite gradient when a frame sits exactly on the goal', () => {
    const g = tf.grad((o: tf.Tensor) => tf.sum(goalDistance([1, 2])({ ...frames(), obs: o as tf.Tensor3D }, ctx())))(tf.tensor3d(OBS));
    expect(values(g).every(Number.isFinite)).toBe(true);
  });

  it('should reject a missing goal, bad dims and a goal of the wrong size', () => {
    expect(() => goalDistance()(frames(), ctx())).toThrow(/no goal/);
    expect(() => goalDistance([1, 2], { dims: [0] })).toThrow(/dims must be 2 non-negative integers/);
    expect(() => goalDistance([1, 2], { dims: [0, 5] })(frames(), ctx())).toThrow(/dim 5 is out of range for obsDim 3/);
    expect(() => goalDistance([1, NaN])).toThrow(/goalDistance: goal: expected finite numbers/);
    expect(() => goalDistance()(frames(), ctx({ goal: tf.tensor2d([[1, 2, 3], [1, 2, 3]]) }))).toThrow(/goals must have 2 entries/);
  });
});

describe('rewardSum', () => {
  it('should sum the weighted, discounted predicted rewards', () => {
    const j = values(rewardSum({ discount: 0.5 })(frames(), ctx()));
    expect(j[0]).toBeCloseTo(1 + 2 * 0.5 + 3 * 0.25, 5);
    expect(j[1]).toBeCloseTo(0.5, 5);
  });

  it('should require a reward channel and a discount in (0, 1]', () => {
    expect(() => rewardSum()(frames(false), ctx())).toThrow(/no reward channel/);
    expect(() => rewardSum({ discount: 1.5 })).toThrow(/discount must be in \(0, 1\]/);
    expect(rewardSum().needsReward).toBe(true);
  });
});

describe('custom', () => {
  it('should pass through a user function of the predictions', () => {
    const j = custom((p) => tf.sum(p.obs, [1, 2]), 'sum')(frames(), ctx());
    expect(values(j)).toEqual([37, 32]);
  });

  it('should reject results that are not one value per trajectory, and non-functions', () => {
    expect(() => custom((p) => tf.sum(p.obs), 'bad')(frames(), ctx())).toThrow(/custom objective 'bad': must return a Tensor1D of shape \[2\]/);
    expect(() => custom(42 as unknown as () => tf.Tensor)).toThrow(/expected a function/);
  });
});

describe('objectiveFromSpec', () => {
  beforeAll(() => initBackend('wasm'));

  it('should rebuild built-in objectives from their plain-data spec, with the same values', () => {
    const goal = tf.tensor2d([[9, 0], [9, 0]]);
    for (const original of [goalDistance([1, 2], { horizonFactor: true }), goalDistance(undefined, { dims: [2, 0] }), rewardSum({ discount: 0.5 })]) {
      const rebuilt = objectiveFromSpec(JSON.parse(JSON.stringify(original.spec)));
      const c = ctx({ goal, episodeLength: 6 });
      expect([rebuilt.objectiveName, rebuilt.spec, values(rebuilt(frames(), c))]).toEqual([original.objectiveName, original.spec, values(original(frames(), c))]);
    }
  });

  it('should have no spec for custom objectives and reject unknown specs', () => {
    expect(custom((p) => p.obs.sum([1, 2])).spec).toBeUndefined();
    expect(() => objectiveFromSpec({ kind: 'nope' } as never)).toThrow(/objectiveFromSpec: expected \{kind: 'goalDistance' \| 'rewardSum', ...\}, received/);
  });
});
