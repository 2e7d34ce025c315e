import type { DfSettings } from './bench-config';

/** The DF knobs `--tune` searches (DF Table 1 settings the paper leaves open; research doc §3). */
export type TunedKnobs = Pick<DfSettings, 'scale' | 'mcgSamples' | 'openLoopHorizon' | 'stabilizationLevel' | 'horizonFactor'>;

/** The values `--tune` tries for each knob (`horizonFactor` defaults to `[false]`). */
export interface TuningGridSpec {
  readonly scale: readonly number[];
  readonly mcgSamples: readonly number[];
  readonly openLoopHorizon: readonly number[];
  readonly stabilizationLevel: readonly (number | null)[];
  readonly horizonFactor?: readonly boolean[];
}

/**
 * How `--tune` walks the grid:
 * - `'grid'`: every point of the cartesian product;
 * - `'coordinate'`: one pass of coordinate search from the env's current settings: for each knob in
 *   {@link KNOB_ORDER} with several values, try each value with the other knobs at the best point so far and keep
 *   the best. It costs the sum of the value counts instead of their product.
 */
export type TuningSearch = 'grid' | 'coordinate';

/** Order in which coordinate search visits the knobs: the guidance objective first, then the sampler's knobs. */
export const KNOB_ORDER: readonly (keyof TunedKnobs)[] = ['scale', 'horizonFactor', 'mcgSamples', 'openLoopHorizon', 'stabilizationLevel'];

function gridValues(grid: TuningGridSpec): { readonly [K in keyof TunedKnobs]: readonly TunedKnobs[K][] } {
  return { ...grid, horizonFactor: grid.horizonFactor ?? [false] };
}

/** Cartesian product of the grid, in a fixed order (scale slowest, horizonFactor fastest). */
export function tuningGrid(grid: TuningGridSpec): TunedKnobs[] {
  const values = gridValues(grid);
  const out: TunedKnobs[] = [];
  for (const scale of values.scale) {
    for (const mcgSamples of values.mcgSamples) {
      for (const openLoopHorizon of values.openLoopHorizon) {
        for (const stabilizationLevel of values.stabilizationLevel) {
          for (const horizonFactor of values.horizonFactor) out.push({ scale, mcgSamples, openLoopHorizon, stabilizationLevel, horizonFactor });
        }
      }
    }
  }
  return out;
}

/**
 * The knobs of `knobs` that the grid actually searched (more than one value): a single-valued dimension is a fixed
 * setting of the search (e.g. the quick preset's MCG samples), not a choice to write into the config.
 */
export function searchedKnobs(knobs: TunedKnobs, grid: TuningGridSpec): Partial<TunedKnobs> {
  const values = gridValues(grid);
  return Object.fromEntries(Object.entries(knobs).filter(([k]) => values[k as keyof TunedKnobs].length > 1)) as Partial<TunedKnobs>;
}

/**
 * Start point of coordinate search: `current` for the knobs the grid searches, the grid's value for the others
 * (a single-valued dimension is a fixed setting of the search, as in grid mode).
 */
export function coordinateStart(current: TunedKnobs, grid: TuningGridSpec): TunedKnobs {
  const values = gridValues(grid);
  const pick = <K extends keyof TunedKnobs>(k: K): TunedKnobs[K] => (values[k].length > 1 ? current[k] : values[k][0]);
  return { scale: pick('scale'), mcgSamples: pick('mcgSamples'), openLoopHorizon: pick('openLoopHorizon'), stabilizationLevel: pick('stabilizationLevel'), horizonFactor: pick('horizonFactor') };
}

/** Number of distinct points {@link coordinateSearch} evaluates from `start` (for progress totals). */
export function coordinateSearchSize(start: TunedKnobs, grid: TuningGridSpec): number {
  const values = gridValues(grid);
  // Knob i keeps its start value until its own turn, so each turn adds the values other than the start's.
  return KNOB_ORDER.reduce((n, k) => n + (values[k].length > 1 ? new Set(values[k].filter((v) => v !== start[k])).size : 0), 1);
}

/**
 * Every point of the grid ({@link tuningGrid} order) maximizing `score`; on ties the first point stays.
 * @returns the best point (one of the scored objects).
 */
export async function gridSearch(grid: TuningGridSpec, score: (knobs: TunedKnobs) => Promise<number>): Promise<TunedKnobs> {
  const points = tuningGrid(grid);
  let best = points[0];
  let bestScore = await score(best);
  for (const k of points.slice(1)) {
    const s = await score(k);
    if (s > bestScore) [best, bestScore] = [k, s];
  }
  return best;
}

/**
 * One pass of coordinate search (see {@link TuningSearch}) maximizing `score`. Each distinct point is scored once;
 * on ties the incumbent stays.
 * @returns the best point found (one of the scored objects).
 */
export async function coordinateSearch(start: TunedKnobs, grid: TuningGridSpec, score: (knobs: TunedKnobs) => Promise<number>): Promise<TunedKnobs> {
  const values = gridValues(grid);
  const seen = new Map<string, number>();
  const scoreOnce = async (k: TunedKnobs): Promise<number> => {
    const key = JSON.stringify(KNOB_ORDER.map((name) => k[name]));
    if (!seen.has(key)) seen.set(key, await score(k));
    return seen.get(key)!;
  };
  let best = start;
  let bestScore = await scoreOnce(start);
  for (const name of KNOB_ORDER) {
    if (values[name].length < 2) continue;
    for (const v of values[name]) {
      const k = { ...best, [name]: v };
      const s = await scoreOnce(k);
      if (s > bestScore) [best, bestScore] = [k, s];
    }
  }
  return best;
}
