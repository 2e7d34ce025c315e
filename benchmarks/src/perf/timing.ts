/** Wall-clock and CPU time of repeated runs. */

/** One timed run: wall milliseconds and CPU milliseconds of this process (all its threads). */
export interface TimedRun {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `warmup` times untimed, then `repeats` times timed. */
export async function timeRuns(fn: (i: number) => Promise<void> | void, repeats: number, warmup: number): Promise<TimedRun[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const runs: TimedRun[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn(i);
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    runs.push({ wallMs, cpuMs: (c.user + c.system) / 1000 });
  }
  return runs;
}

/** Rounds to `digits` decimals (results files stay readable). */
export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
