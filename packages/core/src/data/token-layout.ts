import type { TokenLayout } from '../api';
import { DfpArgumentError, describeValue } from '../errors';

/**
 * Token layout helpers. A frame is `[o_{t+1} (obsDim), a_t (actDim), r_t (rewardDim)]`: next observation,
 * then action, then reward when modelled (DF §3.4 writes the token as [a_t, r_t, o_{t+1}]; the code and dfp
 * put the observation first). `frameStack` consecutive frames, flattened row-major, form one token, so a
 * `[frames, frameDim]` array and a `[frames / frameStack, tokenDim]` array are the same memory.
 */

/** Numbers per frame: obsDim + actDim + rewardDim. */
export function frameDim(layout: TokenLayout): number {
  return layout.obsDim + layout.actDim + layout.rewardDim;
}

/** Numbers per token: frameDim · frameStack. */
export function tokenDim(layout: TokenLayout): number {
  return frameDim(layout) * layout.frameStack;
}

/** Offsets of the parts inside a frame: `[start, end)` of observation, action and reward (empty when rewardDim = 0). */
export function frameParts(layout: TokenLayout): { obs: [number, number]; action: [number, number]; reward: [number, number] } {
  const a = layout.obsDim;
  const r = a + layout.actDim;
  return { obs: [0, a], action: [a, r], reward: [r, r + layout.rewardDim] };
}

/**
 * Validates a layout and returns it as a plain object.
 * @throws DfpArgumentError naming the field, the expected range and the value received.
 */
export function checkTokenLayout(layout: TokenLayout, what = 'TokenLayout'): TokenLayout {
  if (layout === null || typeof layout !== 'object') throw new DfpArgumentError(`${what}: expected {obsDim, actDim, rewardDim, frameStack}, received ${describeValue(layout)}`);
  const int = (field: keyof TokenLayout, min: number, max: number): number => {
    const v = layout[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new DfpArgumentError(`${what}.${field}: expected an integer in [${min}, ${max}], received ${describeValue(v)}`);
    }
    return v;
  };
  return {
    obsDim: int('obsDim', 1, 4096),
    actDim: int('actDim', 0, 4096),
    rewardDim: int('rewardDim', 0, 1) as 0 | 1,
    frameStack: int('frameStack', 1, 1024),
  };
}
