import { DfpArgumentError } from '@dfp/envs';
import { MAZE2D_COLUMNS, MAZE2D_COLUMN_IDS, maze2dColumn } from '@dfp/benchmarks';

describe('maze2dColumn', () => {
  it('should describe every column with the model kind it needs', () => {
    expect(maze2dColumn('df').model).toBe('df');
    expect(maze2dColumn('df-full-seq').model).toBe('df');
    expect(maze2dColumn('diffuser-diffused').model).toBe('diffuser');
    expect(maze2dColumn('mppi').model).toBeNull();
    expect(MAZE2D_COLUMNS.filter((c) => c.unavailable !== null).map((c) => c.id)).toEqual(['cql', 'iql']);
    expect(new Set(MAZE2D_COLUMN_IDS).size).toBe(MAZE2D_COLUMNS.length);
  });

  it('should reject an unknown id, listing the known ones', () => {
    expect(() => maze2dColumn('ours')).toThrow(DfpArgumentError);
    expect(() => maze2dColumn('ours')).toThrow(/unknown Maze2D bench column "ours"; known columns: mppi, cql, iql, diffuser-pd/);
  });
});
