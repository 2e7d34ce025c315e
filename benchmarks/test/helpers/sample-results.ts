import { paperScore } from '@dfp/benchmarks';
import type { Maze2dCellResult, Maze2dResults } from '@dfp/benchmarks';

/** A measured cell with `n` episodes of the given scores (returns = scores, for simplicity). */
export function okCell(env: string, goal: 'single' | 'multi', column: string, label: string, scores: number[]): Maze2dCellResult {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return {
    env, goal, column, label, status: 'ok', reason: null,
    paper: paperScore(goal, env as 'maze2d-umaze-v1', column),
    checkpoint: null,
    settings: { scale: 10 },
    summary: { episodes: scores.length, meanScore: mean, stderrScore: 1.5, meanReturn: mean, stderrReturn: 1, successRate: 0.5, meanFirstReach: 42, wallMs: 1234, replans: 3, msPerReplan: 12.5, envSteps: 300 * scores.length },
    episodes: scores.map((s, i) => ({ index: i, seed: i, return: s, normalizedScore: s, success: i % 2 === 0, firstReach: i % 2 === 0 ? 42 : null, steps: 300, start: [1, 1], goal: [1, 1] })),
    figures: [`maze2d-2026-01-01/${env}-${goal}-${column}-ep0.svg`],
  };
}

/** A cell without a measurement. */
export function naCell(env: string, goal: 'single' | 'multi', column: string, label: string, reason: string, status: Maze2dCellResult['status'] = 'unavailable'): Maze2dCellResult {
  return { env, goal, column, label, status, reason, paper: paperScore(goal, env as 'maze2d-umaze-v1', column), checkpoint: null, settings: null, summary: null, episodes: [], figures: [] };
}

/** A valid results object with the given cells. */
export function sampleResults(cells: Maze2dCellResult[], extra: Partial<Maze2dResults> = {}): Maze2dResults {
  return {
    format: 'dfp-bench-maze2d',
    version: 1,
    date: '2026-01-01T12:00:00.000Z',
    command: 'dfp bench maze2d --quick',
    machine: { cpu: 'test cpu', cores: 2, platform: 'linux', node: 'v20', loadAverage1m: 1, backend: 'wasm' },
    preset: 'quick',
    presetDescription: 'a small run',
    deviations: ['episodes per cell: 2 (full protocol: 32)'],
    protocol: { episodes: 2, evalSeeds: [0, 1], maxEpisodeSteps: null, episodeSteps: { 'maze2d-umaze-v1': 300 }, goalRadius: 0.5, score: 'D4RL-normalized return x100' },
    settings: {},
    cells,
    totalWallMs: 5000,
    interrupted: false,
    ...extra,
  };
}
