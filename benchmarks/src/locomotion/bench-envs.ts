import { DfpArgumentError, describeValue } from '@dfp/envs';

/**
 * The envs of the locomotion benchmark: the Gym-MuJoCo v4 tasks of `@dfp/envs` (mujoco-js), named by env id
 * (`hopper-v4`) or by task name (`hopper`, as in the D4RL dataset names and the training configs).
 */

/** Env ids of the benchmark, in table order. */
export const LOCOMOTION_BENCH_ENVS = ['hopper-v4', 'halfcheetah-v4', 'walker2d-v4'] as const;

/** One of {@link LOCOMOTION_BENCH_ENVS}. */
export type LocomotionBenchEnvId = (typeof LOCOMOTION_BENCH_ENVS)[number];

/** Task name of an env id: `hopper-v4` -> `hopper` (names configs `configs/hopper-medium.json` and checkpoint folders). */
export function taskName(env: LocomotionBenchEnvId): string {
  return env.replace(/-v\d+$/, '');
}

/**
 * The env id of a task name or env id (`hopper` or `hopper-v4` -> `hopper-v4`).
 * @throws DfpArgumentError listing the accepted names.
 */
export function resolveBenchEnv(nameOrId: string): LocomotionBenchEnvId {
  const hit = LOCOMOTION_BENCH_ENVS.find((e) => e === nameOrId || taskName(e) === nameOrId);
  if (!hit) {
    throw new DfpArgumentError(`bench locomotion: unknown env ${describeValue(nameOrId)}; expected one of ${LOCOMOTION_BENCH_ENVS.map((e) => `${taskName(e)} (${e})`).join(', ')}`);
  }
  return hit;
}
