import type { LocomotionCellResult, LocomotionResults } from '@dfp/benchmarks';

/** Shared fixtures of the locomotion bench tests: results objects that pass the schema. */

/** A measured planning cell with the given normalized scores (returns = 10 x scores). */
export function okCell(env: string, column: string, label: string, scores: number[]): LocomotionCellResult {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return {
    env: env as LocomotionCellResult['env'], column, label, status: 'ok', reason: null, checkpoint: null, dataset: null, settings: { samples: 8 },
    summary: { episodes: scores.length, meanScore: mean, stderrScore: 0.5, meanReturn: 10 * mean, stderrReturn: 5, meanSteps: 150, terminatedRate: 0.5, wallMs: 2500, replans: 12, msPerReplan: 30.25, envSteps: 150 * scores.length },
    episodes: scores.map((s, i) => ({ index: i, seed: i, datasetRow: null, return: 10 * s, normalizedScore: s, steps: 150, terminated: i % 2 === 0 })),
  };
}

/** A cell without a measurement. */
export function naCell(env: string, column: string, label: string, reason: string, status: LocomotionCellResult['status'] = 'unavailable'): LocomotionCellResult {
  return { env: env as LocomotionCellResult['env'], column, label, status, reason, checkpoint: null, dataset: null, settings: null, summary: null, episodes: [] };
}

/** A valid results object with the given cells. */
export function sampleLocomotionResults(cells: LocomotionCellResult[], extra: Partial<LocomotionResults> = {}): LocomotionResults {
  return {
    format: 'dfp-bench-locomotion',
    version: 1,
    date: '2026-01-01T12:00:00.000Z',
    command: 'dfp bench locomotion --quick',
    machine: { cpu: 'test cpu', cores: 2, platform: 'linux', node: 'v20', loadAverage1m: 1, backend: 'wasm' },
    preset: 'quick',
    presetDescription: 'a small run',
    deviations: ['episodes per cell: 2 (full protocol: 10)'],
    protocol: { episodes: 2, evalSeeds: [0, 1], episodeSteps: 200, dataset: 'medium', behaviourRows: 5000, score: 'D4RL-normalized return x100' },
    settings: {},
    cells,
    totalWallMs: 5000,
    interrupted: false,
    ...extra,
  };
}
