import type { ReferenceScores } from '../api';
import { DfpArgumentError, describeValue } from '../errors';
import type { MazeName } from './grids';

/** Reward kinds of D4RL Maze2D: sparse `1[d <= 0.5]` or dense `exp(-d)`. */
export type Maze2dRewardType = 'sparse' | 'dense';

/** Ids of the six D4RL Maze2D v1 tasks. */
export type Maze2dEnvId =
  | 'maze2d-umaze-v1'
  | 'maze2d-medium-v1'
  | 'maze2d-large-v1'
  | 'maze2d-umaze-dense-v1'
  | 'maze2d-medium-dense-v1'
  | 'maze2d-large-dense-v1';

/** One registered Maze2D task: maze, reward kind, time limit and D4RL reference returns. */
export interface Maze2dTask {
  readonly id: string;
  readonly maze: MazeName;
  readonly rewardType: Maze2dRewardType;
  /** v1 episode lengths: 300 / 600 / 800 (`d4rl/pointmaze/__init__.py`). */
  readonly maxEpisodeSteps: number;
  /** `REF_MIN_SCORE` / `REF_MAX_SCORE` of `d4rl/infos.py`. */
  readonly referenceScores: ReferenceScores;
}

/** The D4RL v1 task table (research doc §2.4 and §4). */
export const MAZE2D_TASKS: readonly Maze2dTask[] = [
  { id: 'maze2d-umaze-v1', maze: 'umaze', rewardType: 'sparse', maxEpisodeSteps: 300, referenceScores: { min: 23.85, max: 161.86 } },
  { id: 'maze2d-medium-v1', maze: 'medium', rewardType: 'sparse', maxEpisodeSteps: 600, referenceScores: { min: 13.13, max: 277.39 } },
  { id: 'maze2d-large-v1', maze: 'large', rewardType: 'sparse', maxEpisodeSteps: 800, referenceScores: { min: 6.7, max: 273.99 } },
  {
    id: 'maze2d-umaze-dense-v1', maze: 'umaze', rewardType: 'dense', maxEpisodeSteps: 300,
    referenceScores: { min: 68.537689, max: 193.66285642381482 },
  },
  {
    id: 'maze2d-medium-dense-v1', maze: 'medium', rewardType: 'dense', maxEpisodeSteps: 600,
    referenceScores: { min: 44.264742, max: 297.4552547777125 },
  },
  {
    id: 'maze2d-large-dense-v1', maze: 'large', rewardType: 'dense', maxEpisodeSteps: 800,
    referenceScores: { min: 30.569041, max: 303.4857382709002 },
  },
];

/** Ids of {@link MAZE2D_TASKS}. */
export const MAZE2D_ENV_IDS: readonly Maze2dEnvId[] = MAZE2D_TASKS.map((t) => t.id as Maze2dEnvId);

/** True when `id` names a Maze2D v1 task. */
export function isMaze2dEnvId(id: unknown): id is Maze2dEnvId {
  return typeof id === 'string' && (MAZE2D_ENV_IDS as readonly string[]).includes(id);
}

/** The task of `id`. @throws DfpArgumentError listing the Maze2D ids. */
export function maze2dTask(id: string): Maze2dTask {
  const task = MAZE2D_TASKS.find((t) => t.id === id);
  if (!task) throw new DfpArgumentError(`unknown Maze2D env id ${describeValue(id)}; known ids: ${MAZE2D_ENV_IDS.join(', ')}`);
  return task;
}
