/**
 * Table 1 of the Diffusion Forcing paper (Chen et al., NeurIPS 2024), as printed (research doc
 * `diffusion-forcing.md` §4.1). The MPPI, CQL, IQL and Diffuser* entries are copied from Diffuser's Table 1
 * (D4RL-normalized x100, mean ± standard error). The DF columns may be raw episode rewards: the paper does
 * not say (§4.2 there); they are printed as the paper prints them, labelled as the paper's.
 */

/** The Maze2D tasks of Table 1. */
export type Maze2dBenchEnvId = 'maze2d-umaze-v1' | 'maze2d-medium-v1' | 'maze2d-large-v1';

/** The env ids of Table 1, in the paper's row order. */
export const MAZE2D_BENCH_ENVS: readonly Maze2dBenchEnvId[] = ['maze2d-umaze-v1', 'maze2d-medium-v1', 'maze2d-large-v1'];

/** Single-task (the fixed `G` goal) or Multi2D (a random goal after every reset, Diffuser's protocol). */
export type GoalMode = 'single' | 'multi';

/** The two goal modes, in the paper's row order. */
export const GOAL_MODES: readonly GoalMode[] = ['single', 'multi'];

/** Method columns of Table 1. */
export type PaperColumn = 'mppi' | 'cql' | 'iql' | 'diffuser-pd' | 'diffuser-diffused' | 'df-no-mcg' | 'df';

/** One number of the paper: mean and, where printed, the standard error. */
export interface PaperScore {
  readonly mean: number;
  readonly stderr: number | null;
}

type Row = Readonly<Record<PaperColumn, PaperScore | null>>;

const s = (mean: number, stderr: number | null = null): PaperScore => ({ mean, stderr });

/** Table 1, keyed by goal mode and env; `null` where the paper prints "–". */
export const PAPER_TABLE1: Readonly<Record<GoalMode, Readonly<Record<Maze2dBenchEnvId, Row>>>> = {
  single: {
    'maze2d-umaze-v1': { mppi: s(33.2), cql: s(5.7), iql: s(47.4), 'diffuser-pd': s(113.9, 3.1), 'diffuser-diffused': s(6.3, 2.1), 'df-no-mcg': s(110.1, 3.9), df: s(116.7, 2.0) },
    'maze2d-medium-v1': { mppi: s(10.2), cql: s(5.0), iql: s(34.9), 'diffuser-pd': s(121.5, 2.7), 'diffuser-diffused': s(13.5, 2.3), 'df-no-mcg': s(136.1, 10.2), df: s(149.4, 7.5) },
    'maze2d-large-v1': { mppi: s(5.1), cql: s(12.5), iql: s(58.6), 'diffuser-pd': s(123.0, 6.4), 'diffuser-diffused': s(6.3, 2.1), 'df-no-mcg': s(142.8, 5.6), df: s(159.0, 2.7) },
  },
  multi: {
    'maze2d-umaze-v1': { mppi: s(41.2), cql: null, iql: s(24.8), 'diffuser-pd': s(128.9, 1.8), 'diffuser-diffused': s(32.8, 1.7), 'df-no-mcg': s(107.7, 4.9), df: s(119.1, 4.0) },
    'maze2d-medium-v1': { mppi: s(15.4), cql: null, iql: s(12.1), 'diffuser-pd': s(127.2, 3.4), 'diffuser-diffused': s(22.0, 2.7), 'df-no-mcg': s(145.6, 6.5), df: s(152.3, 9.9) },
    'maze2d-large-v1': { mppi: s(8.0), cql: null, iql: s(13.9), 'diffuser-pd': s(132.1, 5.8), 'diffuser-diffused': s(6.9, 1.7), 'df-no-mcg': s(129.8, 1.5), df: s(167.1, 2.7) },
  },
};

/** The averages row of Table 1 ("Single-task Average" / "Multi-task Average"), as printed. */
export const PAPER_TABLE1_AVERAGES: Readonly<Record<GoalMode, Readonly<Record<PaperColumn, number | null>>>> = {
  single: { mppi: 16.2, cql: 7.7, iql: 47.0, 'diffuser-pd': 119.5, 'diffuser-diffused': 8.7, 'df-no-mcg': 129.67, df: 141.7 },
  multi: { mppi: 21.5, cql: null, iql: 16.9, 'diffuser-pd': 129.4, 'diffuser-diffused': 20.6, 'df-no-mcg': 127.7, df: 146.2 },
};

/** The paper's number for a cell, or null (not printed, or a column the paper does not have). */
export function paperScore(goal: GoalMode, env: Maze2dBenchEnvId, column: string): PaperScore | null {
  const row = PAPER_TABLE1[goal][env] as Readonly<Record<string, PaperScore | null>>;
  return row[column] ?? null;
}
