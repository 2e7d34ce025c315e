import { LOCOMOTION_COLUMNS, LOCOMOTION_COLUMN_IDS, locomotionColumn } from '@dfp/benchmarks';

describe('locomotionColumn', () => {
  it('should list the columns in table order, the DF ones needing a checkpoint', () => {
    expect(LOCOMOTION_COLUMN_IDS).toEqual(['behaviour', 'mppi', 'df-unguided', 'df']);
    expect(LOCOMOTION_COLUMNS.filter((c) => c.needsCheckpoint).map((c) => c.id)).toEqual(['df-unguided', 'df']);
    expect(locomotionColumn('df').label).toBe('DF + reward guidance');
  });

  it('should name the known columns for an unknown id', () => {
    expect(() => locomotionColumn('iql')).toThrow(/unknown locomotion bench column "iql"; known columns: behaviour, mppi, df-unguided, df/);
  });
});
