import { DfpArgumentError, describeValue } from '@dfp/envs';

/**
 * The method columns of the Maze2D benchmark (DF Table 1 plus one ablation). Each column names the model it
 * needs (`df`: a causal Diffusion Forcing checkpoint, `diffuser`: a non-causal one trained with one shared noise
 * level per sequence, `null`: no model) or why it cannot run here.
 */

/** Ids of the columns. */
export type Maze2dColumnId = 'df' | 'df-no-mcg' | 'df-full-seq' | 'diffuser-pd' | 'diffuser-diffused' | 'mppi' | 'cql' | 'iql';

/** Which checkpoint kind a column needs. */
export type ModelKind = 'df' | 'diffuser';

/** One column of the table. */
export interface Maze2dColumn {
  readonly id: Maze2dColumnId;
  /** Header as in the paper. */
  readonly label: string;
  readonly description: string;
  /** Checkpoint kind it plans with, or null (MPPI, unavailable columns). */
  readonly model: ModelKind | null;
  /** Why it cannot run in dfp, or null when it can. */
  readonly unavailable: string | null;
}

/** All columns, in the order of the printed table. */
export const MAZE2D_COLUMNS: readonly Maze2dColumn[] = [
  { id: 'mppi', label: 'MPPI', description: 'MPPI on the true maze dynamics (maze2dStepBatch), goal-distance cost', model: null, unavailable: null },
  { id: 'cql', label: 'CQL', description: 'offline RL baseline (paper number only)', model: null, unavailable: 'not implemented in dfp: offline RL baseline, paper number only' },
  { id: 'iql', label: 'IQL', description: 'offline RL baseline (paper number only)', model: null, unavailable: 'not implemented in dfp: offline RL baseline, paper number only' },
  { id: 'diffuser-pd', label: 'Diffuser*', description: "non-causal model, full-sequence sampling, goal inpainted, plan once, Diffuser's PD controller", model: 'diffuser', unavailable: null },
  { id: 'diffuser-diffused', label: 'Diffuser w/ diffused action', description: 'as Diffuser* but executing the diffused actions', model: 'diffuser', unavailable: null },
  { id: 'df-full-seq', label: 'Ours w/ full-seq (ablation)', description: 'DF with full-sequence scheduling instead of the pyramid (no causal uncertainty), same guidance and MCG samples as Ours; not in the paper', model: 'df', unavailable: null },
  { id: 'df-no-mcg', label: 'Ours wo/ MCG', description: 'DF, pyramid schedule, one guidance sample (R = 1)', model: 'df', unavailable: null },
  { id: 'df', label: 'Ours', description: 'DF, pyramid schedule, Monte Carlo Guidance (R samples)', model: 'df', unavailable: null },
];

/** Ids of every column, in table order. */
export const MAZE2D_COLUMN_IDS: readonly Maze2dColumnId[] = MAZE2D_COLUMNS.map((c) => c.id);

/** The column with this id. @throws DfpArgumentError listing the known ids. */
export function maze2dColumn(id: string): Maze2dColumn {
  const c = MAZE2D_COLUMNS.find((col) => col.id === id);
  if (!c) throw new DfpArgumentError(`unknown Maze2D bench column ${describeValue(id)}; known columns: ${MAZE2D_COLUMN_IDS.join(', ')}`);
  return c;
}
