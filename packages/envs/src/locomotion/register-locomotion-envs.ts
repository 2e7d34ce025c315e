import { DfpArgumentError, describeValue } from '../errors';
import { listEnvs, makeEnv, registerEnv } from '../registry';
import { HALF_CHEETAH_SPEC, HalfCheetahEnv } from './half-cheetah';
import { HOPPER_SPEC, HopperEnv } from './hopper';
import type { LocomotionSpec } from './locomotion-spec';
import type { MujocoEnv, MujocoEnvOptions } from './mujoco-env';
import { type MujocoModule, getMujoco, loadMujoco } from './mujoco-loader';
import { WALKER2D_SPEC, Walker2dEnv } from './walker2d';

type EnvCtor = new (mj: MujocoModule, options: MujocoEnvOptions) => MujocoEnv;

const ENVS: readonly { readonly spec: LocomotionSpec; readonly ctor: EnvCtor }[] = [
  { spec: HOPPER_SPEC, ctor: HopperEnv },
  { spec: HALF_CHEETAH_SPEC, ctor: HalfCheetahEnv },
  { spec: WALKER2D_SPEC, ctor: Walker2dEnv },
];

/** Ids of the locomotion envs: `'hopper-v4'`, `'halfcheetah-v4'`, `'walker2d-v4'`. */
export const LOCOMOTION_ENV_IDS: readonly string[] = ENVS.map((e) => e.spec.id);

/** The {@link LocomotionSpec} of a locomotion env id. @throws DfpArgumentError listing the known ids. */
export function locomotionSpec(id: string): LocomotionSpec {
  const e = ENVS.find((x) => x.spec.id === id);
  if (!e) throw new DfpArgumentError(`unknown locomotion env id ${describeValue(id)}; known ids: ${LOCOMOTION_ENV_IDS.join(', ')}`);
  return e.spec;
}

/**
 * Registers `hopper-v4`, `halfcheetah-v4` and `walker2d-v4` with their D4RL reference scores, so that
 * `normalizedScore` works at once and `makeEnv(id, {seed, maxEpisodeSteps})` works after `await loadMujoco()`.
 * Idempotent: ids already registered are left alone.
 */
export function registerLocomotionEnvs(): void {
  const known = new Set(listEnvs());
  for (const { spec, ctor } of ENVS) {
    if (known.has(spec.id)) continue;
    registerEnv(spec.id, (options) => new ctor(getMujoco(`makeEnv('${spec.id}')`), options as MujocoEnvOptions), {
      referenceScores: spec.referenceScores,
      description: spec.description,
    });
  }
}

/**
 * Loads the MuJoCo WASM module if needed (once per process), registers the locomotion envs and builds one.
 * @example `const env = await makeLocomotionEnv('hopper-v4', { seed: 0 });`
 * @throws DfpArgumentError for an id that is not a locomotion env.
 */
export async function makeLocomotionEnv(id: string, options: MujocoEnvOptions = {}): Promise<MujocoEnv> {
  locomotionSpec(id);
  await loadMujoco();
  registerLocomotionEnvs();
  return makeEnv(id, options as Record<string, unknown>) as MujocoEnv;
}
