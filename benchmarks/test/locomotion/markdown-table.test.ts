import { locomotionDetailTable, locomotionMarkdown, locomotionSummaryTable } from '@dfp/benchmarks';
import { naCell, okCell, sampleLocomotionResults } from './sample-locomotion-results';

describe('locomotion markdown', () => {
  const results = sampleLocomotionResults([
    { ...okCell('hopper-v4', 'behaviour', 'Behaviour data', [6, 7]), summary: { ...okCell('hopper-v4', 'behaviour', 'B', [6, 7]).summary!, wallMs: 0, msPerReplan: null, replans: 0 } },
    okCell('hopper-v4', 'mppi', 'MPPI (true sim.)', [9, 10]),
    naCell('hopper-v4', 'df', 'DF + reward guidance', 'no checkpoint: dfp bench locomotion --train --envs hopper --checkpoints checkpoints'),
    okCell('walker2d-v4', 'mppi', 'MPPI (true sim.)', [4, 4]),
    naCell('walker2d-v4', 'df', 'DF + reward guidance', 'interrupted', 'skipped'),
  ]);

  it('should print one row per env and one column per method with mean ± standard error', () => {
    expect(locomotionSummaryTable(results).split('\n')).toEqual([
      '| Task | Behaviour data | MPPI (true sim.) | DF + reward guidance |',
      '| --- | --- | --- | --- |',
      '| hopper (medium data) | 6.5 ± 0.5 | 9.5 ± 0.5 | n/a (no checkpoint) |',
      '| walker2d (medium data) | – | 4.0 ± 0.5 | not run (interrupted) |',
    ]);
  });

  it('should give the details of each cell and the full reason of a missing one', () => {
    const rows = locomotionDetailTable(results).split('\n');
    expect(rows[2]).toBe('| hopper (medium data) | Behaviour data | 6.5 ± 0.5 | 65.0 ± 5.0 | 150 | 50% | 2 | – | – |');
    expect(rows[3]).toBe('| hopper (medium data) | MPPI (true sim.) | 9.5 ± 0.5 | 95.0 ± 5.0 | 150 | 50% | 2 | 2.5 s | 30 |');
    expect(rows[4]).toMatch(/\| n\/a \(no checkpoint: dfp bench locomotion --train --envs hopper --checkpoints checkpoints\) \|/);
  });

  it('should say what was run, how it departs from the protocol, and how to get the missing cells', () => {
    const md = locomotionMarkdown(results);
    expect(md).toMatch(/^Gym-MuJoCo locomotion .*`quick` run of 2026-01-01/);
    expect(md).toMatch(/Command: `dfp bench locomotion --quick`\. Machine: test cpu, 2 cores/);
    expect(md).toMatch(/over 2 evaluated episodes per cell \(env seeds 0\.\.1\) of at most 200 steps/);
    expect(md).toMatch(/- episodes per cell: 2 \(full protocol: 10\)/);
    expect(md).toMatch(/- hopper \(medium data\), DF \+ reward guidance: n\/a \(no checkpoint: dfp bench locomotion --train/);
    expect(locomotionMarkdown(sampleLocomotionResults([], { deviations: [], interrupted: true }))).toMatch(/INTERRUPTED[\s\S]*Full protocol \(no deviations\)/);
  });
});
