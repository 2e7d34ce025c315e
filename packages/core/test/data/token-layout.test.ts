import { DfpArgumentError, frameDim, frameParts, tokenDim } from '@dfp/core';
import { checkTokenLayout } from '../../src/data/token-layout';

describe('frameDim / tokenDim', () => {
  it('should give 6 and 60 numbers for the Maze2D layout (o 4, a 2, frame stack 10)', () => {
    const maze = { obsDim: 4, actDim: 2, rewardDim: 0 as const, frameStack: 10 };
    expect(frameDim(maze)).toBe(6);
    expect(tokenDim(maze)).toBe(60);
  });

  it('should add the reward dimension last', () => {
    const l = { obsDim: 11, actDim: 3, rewardDim: 1 as const, frameStack: 2 };
    expect(frameDim(l)).toBe(15);
    expect(frameParts(l)).toEqual({ obs: [0, 11], action: [11, 14], reward: [14, 15] });
  });
});

describe('checkTokenLayout', () => {
  it('should accept a valid layout', () => {
    expect(checkTokenLayout({ obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 10 })).toEqual({ obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 10 });
  });

  it('should name the bad field, the range and the value', () => {
    expect(() => checkTokenLayout({ obsDim: 4, actDim: 2, rewardDim: 2 as 0, frameStack: 10 })).toThrow(/rewardDim: expected an integer in \[0, 1\], received 2/);
    expect(() => checkTokenLayout({ obsDim: 0, actDim: 2, rewardDim: 0, frameStack: 10 })).toThrow(DfpArgumentError);
    expect(() => checkTokenLayout({ obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 1.5 })).toThrow(/frameStack/);
  });
});
