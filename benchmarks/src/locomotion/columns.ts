import { DfpArgumentError, describeValue } from '@dfp/envs';

/**
 * The columns of the locomotion benchmark: the behaviour policy of the offline dataset, MPPI planning on the true
 * simulator, and Diffusion Forcing planning with a reward-token model (DF §3.4: frame `[o_{t+1}, a_t, r_t]`),
 * guided by the predicted return (`rewardSum`) with Monte Carlo Guidance, or unguided as an ablation.
 */

/** Ids of the columns. */
export type LocomotionColumnId = 'behaviour' | 'mppi' | 'df-unguided' | 'df';

/** What a column evaluates. */
export interface LocomotionColumn {
  readonly id: LocomotionColumnId;
  /** Table header. */
  readonly label: string;
  readonly description: string;
  /** True when it plans with the env's reward-token checkpoint. */
  readonly needsCheckpoint: boolean;
}

/** All columns, in table order. */
export const LOCOMOTION_COLUMNS: readonly LocomotionColumn[] = [
  {
    id: 'behaviour',
    label: 'Behaviour data',
    description: "mean return of the offline dataset's complete episodes (the policy that generated the training data)",
    needsCheckpoint: false,
  },
  {
    id: 'mppi',
    label: 'MPPI (true sim.)',
    description: "MPPI (envs' MppiController) planning on a copy of the true simulator every step, env reward plus the expert preset's planning-only shaping",
    needsCheckpoint: false,
  },
  {
    id: 'df-unguided',
    label: 'DF unguided',
    description: 'Diffusion Forcing, pyramid schedule, no guidance (scale 0): imitates the data; executes its own diffused actions',
    needsCheckpoint: true,
  },
  {
    id: 'df',
    label: 'DF + reward guidance',
    description: 'Diffusion Forcing, pyramid schedule, guided by the predicted (discounted) return rewardSum() with Monte Carlo Guidance; executes its own diffused actions',
    needsCheckpoint: true,
  },
];

/** Ids of every column, in table order. */
export const LOCOMOTION_COLUMN_IDS: readonly LocomotionColumnId[] = LOCOMOTION_COLUMNS.map((c) => c.id);

/** The column with this id. @throws DfpArgumentError listing the known ids. */
export function locomotionColumn(id: string): LocomotionColumn {
  const c = LOCOMOTION_COLUMNS.find((col) => col.id === id);
  if (!c) throw new DfpArgumentError(`unknown locomotion bench column ${describeValue(id)}; known columns: ${LOCOMOTION_COLUMN_IDS.join(', ')}`);
  return c;
}
