import { Rng } from '@dfp/envs';
import { custom, goalDistance } from '../../src/guidance/objectives';
import { contiguousParts, fromPartRequest, sliceSampleOptions, toPartRequest } from '../../src/parallel/sample-part';
import type { SampleOptions } from '../../src/sample';

describe('contiguousParts', () => {
  it('should cover the batch with contiguous ranges whose sizes differ by at most one', () => {
    expect(contiguousParts(5, 2)).toEqual([{ from: 0, to: 3 }, { from: 3, to: 5 }]);
    expect(contiguousParts(32, 2)).toEqual([{ from: 0, to: 16 }, { from: 16, to: 32 }]);
    expect(contiguousParts(2, 4)).toEqual([{ from: 0, to: 1 }, { from: 1, to: 2 }]);
    for (let b = 1; b <= 9; b++) {
      for (let p = 1; p <= 4; p++) {
        const r = contiguousParts(b, p);
        const sizes = r.map((x) => x.to - x.from);
        expect([r[0].from, r.at(-1)!.to, Math.max(...sizes) - Math.min(...sizes) <= 1, r.every((x, i) => i === 0 || x.from === r[i - 1].to)]).toEqual([0, b, true, true]);
      }
    }
  });

  it('should reject non-positive sizes', () => {
    expect(() => contiguousParts(0, 2)).toThrow(/batch and parts must be positive integers, received 0 and 2/);
  });
});

describe('sliceSampleOptions', () => {
  const rngs = [new Rng(1), new Rng(2), new Rng(3)];
  const options: SampleOptions = {
    horizon: 2, rng: rngs,
    guidance: { objective: goalDistance(), scale: 10, goals: [[0, 0], [1, 1], [2, 2]], frameWeights: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    inpaint: { mask: Float32Array.from([1, 1, 0, 0, 1, 0]), values: Float32Array.from([9, 8, 7, 6, 5, 4]) },
  };

  it('should slice every per-row input and share the rest', () => {
    const part = sliceSampleOptions(options, 3, { from: 1, to: 3 });
    expect(part.rng).toEqual([rngs[1], rngs[2]]);
    expect(part.guidance!.goals).toEqual([[1, 1], [2, 2]]);
    expect(Array.from(part.guidance!.frameWeights!)).toEqual([3, 4, 5, 6]);
    expect(Array.from(part.inpaint!.mask)).toEqual([0, 0, 1, 0]);
    expect(Array.from(part.inpaint!.values)).toEqual([7, 6, 5, 4]);
    expect([part.horizon, part.guidance!.scale]).toEqual([2, 10]);
  });

  it('should require one Rng per row', () => {
    expect(() => sliceSampleOptions({ horizon: 2, rng: new Rng(0) }, 3, { from: 0, to: 1 })).toThrow(/needs one Rng per batch row \(3\)/);
  });
});

describe('toPartRequest / fromPartRequest', () => {
  it('should carry a part through plain data: same objective values, Rngs that continue the same streams', () => {
    // Arrange
    const rng = [new Rng(4), new Rng(5)];
    rng[0].normal(); // a cached spare normal must survive the trip
    const req = toPartRequest([[1, 2], [3, 4]], { horizon: 3, rng, guidance: { objective: goalDistance([1, 2], { horizonFactor: true }), scale: 7, goals: null, episodeLength: 9 } });
    // Act: a structured clone, as postMessage does
    const back = fromPartRequest(structuredClone(req));
    // Assert
    expect(req.observations.map((o) => Array.from(o))).toEqual([[1, 2], [3, 4]]);
    expect(back.rng.map((r) => r.normal())).toEqual(rng.map((r) => r.normal()));
    expect(back.guidance!.objective.objectiveName).toBe('goalDistance');
    expect(back.guidance!.objective.spec).toEqual({ kind: 'goalDistance', goal: [1, 2], dims: null, horizonFactor: true });
    expect([back.guidance!.scale, back.guidance!.episodeLength, back.horizon]).toEqual([7, 9, 3]);
  });

  it('should refuse a custom objective, which cannot cross threads', () => {
    const objective = custom((pred) => pred.obs.sum([1, 2]), 'mine');
    expect(() => toPartRequest([[0, 0]], { horizon: 1, rng: [new Rng(0)], guidance: { objective, scale: 1 } })).toThrow(/objective 'mine' cannot be rebuilt in a worker thread/);
  });
});
