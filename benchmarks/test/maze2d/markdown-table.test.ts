import { atGoalAfterFirstReach, detailTable, formatScore, maze2dMarkdown, resultsHeader, summaryTable, taskLabel } from '@dfp/benchmarks';
import { naCell, okCell, sampleResults } from '../helpers/sample-results';

const ENVS = ['maze2d-umaze-v1', 'maze2d-medium-v1', 'maze2d-large-v1'];

describe('summaryTable', () => {
  it('should put ours beside the paper, labelled, and say why a cell has no number', () => {
    const r = sampleResults([
      okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [100, 110]),
      naCell('maze2d-umaze-v1', 'single', 'diffuser-pd', 'Diffuser*', 'no checkpoint: dfp train --env maze2d-umaze-v1 --config c.json --out d'),
      naCell('maze2d-umaze-v1', 'multi', 'cql', 'CQL', 'not implemented in dfp: offline RL baseline'),
      okCell('maze2d-umaze-v1', 'multi', 'df-full-seq', 'Ours w/ full-seq (ablation)', [5]),
    ]);
    const t = summaryTable(r);
    expect(t.split('\n')[0]).toBe('| Task | Ours | Diffuser* | CQL | Ours w/ full-seq (ablation) |');
    expect(t).toContain('| Maze2D U-Maze | 105.0 ± 1.5 (paper 116.7 ± 2.0) | n/a (no checkpoint) (paper 113.9 ± 3.1) | – | – |');
    expect(t).toContain('| Multi2D U-Maze | – | – | n/a (not implemented in dfp) (paper –) | 5.0 ± 1.5 (not in paper) |');
    expect(t).not.toMatch(/average/);
  });

  it('should add the average rows (ours only when all three mazes were measured) when every maze ran', () => {
    const cells = ENVS.map((env, i) => okCell(env, 'single', 'df', 'Ours', [90 + 10 * i]));
    cells.push(...ENVS.map((env, i) => (i === 2 ? naCell(env, 'single', 'mppi', 'MPPI', 'error x', 'error') : okCell(env, 'single', 'mppi', 'MPPI', [10]))));
    const t = summaryTable(sampleResults(cells));
    expect(t).toContain('| Single-task average | 100.0 (paper 141.7) | n/a (paper 16.2) |');
  });
});

describe('detailTable', () => {
  it('should give raw return, success, first reach, time at the goal after it, episodes, wall time and ms per replan', () => {
    const t = detailTable(sampleResults([okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [100, 110]), naCell('maze2d-umaze-v1', 'single', 'df-no-mcg', 'Ours wo/ MCG', 'interrupted', 'skipped')]));
    // episode 0 reaches at step 42 of 300 with return 100: 100 of the 259 steps from then on
    expect(t).toContain('| Maze2D U-Maze | Ours | 105.0 ± 1.5 | paper 116.7 ± 2.0 | 105.0 ± 1.0 | 50% | 42 | 39% | 2 | 1.2 s | 13 |');
    expect(t).toContain('| Maze2D U-Maze | Ours wo/ MCG | not run (interrupted) | paper 110.1 ± 3.9 |');
  });
});

describe('atGoalAfterFirstReach', () => {
  it('should average return / steps-from-first-reach over the episodes that reached, and be 1 for an agent that stays', () => {
    const ep = (ret: number, firstReach: number | null, steps = 300) => ({ index: 0, seed: 0, return: ret, normalizedScore: 0, success: firstReach !== null, firstReach, steps, start: [0, 0] as [number, number], goal: [1, 1] as [number, number] });
    expect(atGoalAfterFirstReach([ep(300, 1), ep(100, 201)])).toBe(1);
    expect(atGoalAfterFirstReach([ep(50, 201), ep(0, null)])).toBe(0.5);
    expect(atGoalAfterFirstReach([ep(0, null)])).toBeNull();
  });
});

describe('resultsHeader / maze2dMarkdown', () => {
  it('should state command, machine, seeds and every deviation from the protocol', () => {
    const r = sampleResults([naCell('maze2d-umaze-v1', 'single', 'diffuser-pd', 'Diffuser*', 'no checkpoint: dfp train --env maze2d-umaze-v1')]);
    const h = resultsHeader(r);
    expect(h).toMatch(/`quick` run of 2026-01-01/);
    expect(h).toMatch(/Command: `dfp bench maze2d --quick`\. Machine: test cpu, 2 cores/);
    expect(h).toMatch(/over 2 episodes per cell \(env seeds 0\.\.1/);
    expect(h).toMatch(/- episodes per cell: 2 \(full protocol: 32\)/);
    expect(resultsHeader(sampleResults([], { deviations: [], preset: 'full' }))).toMatch(/Full protocol \(no deviations\)/);
    expect(maze2dMarkdown(r)).toMatch(/- n\/a \(no checkpoint: dfp train --env maze2d-umaze-v1\)/);
  });
});

describe('formatScore / taskLabel', () => {
  it('should format like the paper', () => {
    expect(formatScore(116.66, 2)).toBe('116.7 ± 2.0');
    expect(formatScore(5.1, null)).toBe('5.1');
    expect(taskLabel('maze2d-large-v1', 'multi')).toBe('Multi2D Large');
  });
});
