import type { Env } from '../api';
import { DfpArgumentError, describeValue } from '../errors';
import { listEnvs, makeEnv, registerEnv } from '../registry';
import { Maze2dEnv } from './maze2d-env';
import type { Maze2dEnvOptions } from './maze2d-env';
import { MAZE2D_TASKS } from './maze2d-tasks';
import type { Maze2dEnvId } from './maze2d-tasks';

/**
 * Registers the six D4RL Maze2D v1 tasks with their reference scores, so that `makeEnv(id)` and
 * `normalizedScore(id, return)` work. Idempotent; `@dfp/envs` calls it when loaded.
 */
export function registerMaze2dEnvs(): void {
  const known = new Set(listEnvs());
  for (const task of MAZE2D_TASKS) {
    if (known.has(task.id)) continue;
    registerEnv(task.id, (options) => new Maze2dEnv(task, options as Maze2dEnvOptions), {
      referenceScores: task.referenceScores,
      description: `D4RL Maze2D ${task.maze}, ${task.rewardType} reward, ${task.maxEpisodeSteps} steps`,
    });
  }
}

/** Type guard: `env` is a {@link Maze2dEnv}, with `setTarget`, `getTarget`, `setState` and `getState`. */
export function isMaze2dEnv(env: unknown): env is Maze2dEnv {
  return env instanceof Maze2dEnv;
}

/**
 * Typed `makeEnv` for Maze2D: builds the registered env `id` and checks that it is a {@link Maze2dEnv}.
 * @throws DfpArgumentError for an unknown id or an id registered to another kind of env.
 */
export function makeMaze2dEnv(id: Maze2dEnvId | string, options: Maze2dEnvOptions = {}): Maze2dEnv {
  const env: Env = makeEnv(id, { ...options });
  if (!isMaze2dEnv(env)) {
    env.close();
    throw new DfpArgumentError(`makeMaze2dEnv: env ${describeValue(id)} is not a Maze2D env`);
  }
  return env;
}
