import { DfpArgumentError } from '@dfp/envs';
import {
  autoregressiveMatrix,
  fullSequenceMatrix,
  pyramidMatrix,
  schedulingMatrix,
  tokenPhase,
  validateSchedulingMatrix,
} from '../src/schedule';

describe('schedulingMatrix', () => {
  it('should build the pyramid of the reference code (p[m][t] = m - t, S + H rows)', () => {
    // Arrange / Act
    const m = schedulingMatrix({ kind: 'pyramid', horizon: 3, samplingSteps: 2 });
    // Assert
    expect(m).toEqual([
      [0, -1, -2],
      [1, 0, -1],
      [2, 1, 0],
      [3, 2, 1],
      [4, 3, 2],
    ]);
  });

  it('should build full-sequence sampling as S identical-level rows', () => {
    expect(schedulingMatrix({ kind: 'full_sequence', horizon: 2, samplingSteps: 3 })).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('should start a token only when the previous one is finished in autoregressive mode', () => {
    const m = schedulingMatrix({ kind: 'autoregressive', horizon: 2, samplingSteps: 2 });
    expect(m).toEqual([
      [0, -2],
      [1, -1],
      [2, 0],
      [3, 1],
      [4, 2],
      [5, 3],
    ]);
  });

  it('should floor t·u for a fractional uncertainty scale', () => {
    expect(pyramidMatrix(3, 1, 0.5)).toEqual([
      [0, 0, -1],
      [1, 1, 0],
    ]);
  });

  it('should match the named builders', () => {
    expect(schedulingMatrix({ kind: 'full_sequence', horizon: 4, samplingSteps: 5 })).toEqual(fullSequenceMatrix(4, 5));
    expect(schedulingMatrix({ kind: 'autoregressive', horizon: 4, samplingSteps: 5 })).toEqual(autoregressiveMatrix(4, 5));
  });

  it('should reject bad sizes, unknown kinds and a misplaced uncertaintyScale', () => {
    expect(() => schedulingMatrix({ kind: 'pyramid', horizon: 0, samplingSteps: 5 })).toThrow(/horizon must be an integer >= 1, received 0/);
    expect(() => schedulingMatrix({ kind: 'pyramid', horizon: 2, samplingSteps: 2.5 })).toThrow(/samplingSteps/);
    expect(() => schedulingMatrix({ kind: 'pyramid', horizon: 2, samplingSteps: 2, uncertaintyScale: -1 })).toThrow(/uncertaintyScale/);
    expect(() => schedulingMatrix({ kind: 'pyramid', horizon: 2, samplingSteps: 2, uncertaintyScale: NaN })).toThrow(/received NaN/);
    expect(() => schedulingMatrix({ kind: 'zigzag' as 'pyramid', horizon: 2, samplingSteps: 2 })).toThrow(DfpArgumentError);
    expect(() => schedulingMatrix({ kind: 'full_sequence', horizon: 2, samplingSteps: 2, uncertaintyScale: 1 })).toThrow(/only to kind 'pyramid'/);
  });
});

describe('tokenPhase', () => {
  it('should classify entries by the sign convention of the paper branch', () => {
    expect(tokenPhase(-1, 50)).toBe('unstarted');
    expect(tokenPhase(0, 50)).toBe('denoising');
    expect(tokenPhase(49, 50)).toBe('denoising');
    expect(tokenPhase(50, 50)).toBe('finished');
  });
});

describe('validateSchedulingMatrix', () => {
  it('should accept the built-in matrices and return a copy', () => {
    const m = pyramidMatrix(4, 3);
    const v = validateSchedulingMatrix(m, 3, 4);
    expect(v).toEqual(m);
    expect(v).not.toBe(m);
  });

  it('should accept a custom matrix where later tokens finish first', () => {
    expect(() => validateSchedulingMatrix([[-1, 0], [0, 1], [1, 2]], 2)).not.toThrow();
  });

  it('should reject a decreasing index', () => {
    expect(() => validateSchedulingMatrix([[0, 0], [1, 1], [3, 0]], 2)).toThrow(/token 1 goes from index 1 \(row 1\) down to 0 \(row 2\)/);
  });

  it('should reject a paused or skipped denoising step', () => {
    expect(() => validateSchedulingMatrix([[0], [0], [1], [2]], 3)).toThrow(/advance by exactly 1/);
    expect(() => validateSchedulingMatrix([[0], [2]], 3)).toThrow(/advance by exactly 1/);
  });

  it('should reject a token that starts mid-way', () => {
    expect(() => validateSchedulingMatrix([[1], [2]], 3)).toThrow(/first index >= 0 must be 0/);
  });

  it('should reject a matrix whose tokens do not end fully denoised', () => {
    expect(() => validateSchedulingMatrix([[0, -1], [1, 0]], 2)).toThrow(/token 1 ends at DDIM index 0 < S-1 = 1/);
  });

  it('should reject ragged rows, non-integers, a wrong horizon and empty input', () => {
    expect(() => validateSchedulingMatrix([[0, 0], [1]], 2)).toThrow(/row 1 must have 2 entries/);
    expect(() => validateSchedulingMatrix([[0.5]], 2)).toThrow(/entry \[0\]\[0\] must be an integer/);
    expect(() => validateSchedulingMatrix([[0], [1]], 2, 3)).toThrow(/expected horizon 3/);
    expect(() => validateSchedulingMatrix([], 2)).toThrow(/non-empty array of rows/);
  });
});
