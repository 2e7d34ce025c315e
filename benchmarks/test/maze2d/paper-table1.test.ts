import { GOAL_MODES, MAZE2D_BENCH_ENVS, PAPER_TABLE1, PAPER_TABLE1_AVERAGES, paperScore } from '@dfp/benchmarks';

describe('PAPER_TABLE1', () => {
  it('should agree with the averages row the paper prints (a transcription check)', () => {
    for (const goal of GOAL_MODES) {
      for (const [column, printed] of Object.entries(PAPER_TABLE1_AVERAGES[goal])) {
        const values = MAZE2D_BENCH_ENVS.map((env) => (PAPER_TABLE1[goal][env] as Record<string, { mean: number } | null>)[column]);
        if (printed === null) {
          expect(values.every((v) => v === null)).toBe(true);
          continue;
        }
        const mean = values.reduce((a, v) => a + v!.mean, 0) / values.length;
        expect(Math.abs(mean - printed)).toBeLessThan(0.05);
      }
    }
  });

  it('should give stderr only where the paper prints one (Diffuser* and DF columns)', () => {
    expect(PAPER_TABLE1.single['maze2d-large-v1'].df).toEqual({ mean: 159.0, stderr: 2.7 });
    expect(PAPER_TABLE1.single['maze2d-large-v1'].mppi).toEqual({ mean: 5.1, stderr: null });
  });
});

describe('paperScore', () => {
  it('should return the paper number of a cell, and null for "–" and columns not in the paper', () => {
    expect(paperScore('multi', 'maze2d-umaze-v1', 'diffuser-pd')).toEqual({ mean: 128.9, stderr: 1.8 });
    expect(paperScore('multi', 'maze2d-umaze-v1', 'cql')).toBeNull();
    expect(paperScore('single', 'maze2d-umaze-v1', 'df-full-seq')).toBeNull();
  });
});
