import type { Env, StepResult } from './api';
import { DfpArgumentError, EnvStateError } from './errors';
import { Rng } from './rng';
import { Box } from './spaces/box';

/**
 * `checkEnv` and its parts (Gymnasium's `env_checker`): small `check*` functions that verify one rule of
 * the {@link Env} contract each and throw an {@link EnvCheckError} naming the rule when it is broken. Run
 * them on your own env before handing it to the planner: `checkEnv(makeEnv('my-env-v0'))`.
 */

/** A broken rule of the Env contract, found by a `check*` function. */
export class EnvCheckError extends Error {
  override readonly name = 'EnvCheckError';
}

/** Options shared by the checks. */
export interface CheckEnvOptions {
  /** @defaultValue 0 */
  readonly seed?: number;
  /** Steps per rollout in the determinism checks. @defaultValue 20 */
  readonly steps?: number;
}

function fail(check: string, env: Env, why: string): never {
  throw new EnvCheckError(`${check}(${env.id}): ${why}`);
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** `observationSpace` and `actionSpace` are {@link Box}es, `maxEpisodeSteps` a positive integer, and `id` a string. */
export function checkSpaces(env: Env): void {
  if (!(env.observationSpace instanceof Box)) fail('checkSpaces', env, 'observationSpace is not a Box');
  if (!(env.actionSpace instanceof Box)) fail('checkSpaces', env, 'actionSpace is not a Box');
  if (!Number.isInteger(env.maxEpisodeSteps) || env.maxEpisodeSteps < 1) fail('checkSpaces', env, `maxEpisodeSteps is ${env.maxEpisodeSteps}`);
  if (typeof env.id !== 'string' || env.id.length === 0) fail('checkSpaces', env, 'id is not a non-empty string');
}

/** `reset` returns `{observation: Float64Array of the observation size, info: object}`. */
export function checkResetReturnTypes(env: Env, options: CheckEnvOptions = {}): void {
  const res = env.reset({ seed: options.seed ?? 0 });
  if (!(res.observation instanceof Float64Array)) fail('checkResetReturnTypes', env, 'observation is not a Float64Array');
  if (res.observation.length !== env.observationSpace.size) {
    fail('checkResetReturnTypes', env, `observation has length ${res.observation.length}, observationSpace has size ${env.observationSpace.size}`);
  }
  if (typeof res.info !== 'object' || res.info === null) fail('checkResetReturnTypes', env, 'info is not an object');
}

/** `step` returns a fresh Float64Array observation, a finite reward, boolean flags and an info object. */
export function checkStepReturnTypes(env: Env, options: CheckEnvOptions = {}): void {
  const rng = new Rng(options.seed ?? 0);
  env.reset({ seed: options.seed ?? 0 });
  const first = env.step(env.actionSpace.sample(rng));
  const copy = first.observation.slice();
  const check = (r: StepResult): void => {
    if (!(r.observation instanceof Float64Array) || r.observation.length !== env.observationSpace.size) {
      fail('checkStepReturnTypes', env, `observation must be a Float64Array of length ${env.observationSpace.size}`);
    }
    if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) fail('checkStepReturnTypes', env, `reward is ${String(r.reward)}, not a finite number`);
    if (typeof r.terminated !== 'boolean' || typeof r.truncated !== 'boolean') fail('checkStepReturnTypes', env, 'terminated and truncated must be booleans');
    if (typeof r.info !== 'object' || r.info === null) fail('checkStepReturnTypes', env, 'info is not an object');
  };
  check(first);
  if (!first.terminated && !first.truncated) {
    const second = env.step(env.actionSpace.sample(rng));
    check(second);
    if (second.observation === first.observation || !sameArray(copy, first.observation)) {
      fail('checkStepReturnTypes', env, 'a later step changed an earlier observation; observations must be fresh arrays owned by the caller');
    }
  }
}

/** `reset({seed})` twice with the same seed gives the same observation. */
export function checkResetSeedDeterminism(env: Env, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 0;
  const a = env.reset({ seed }).observation.slice();
  env.reset();
  const b = env.reset({ seed }).observation;
  if (!sameArray(a, b)) fail('checkResetSeedDeterminism', env, `reset({seed: ${seed}}) gave different observations on two calls`);
}

/** Records `steps` steps of seeded random actions after `reset({seed})`. */
function rollout(env: Env, seed: number, steps: number): number[] {
  const rng = new Rng(seed);
  const trace = Array.from(env.reset({ seed }).observation);
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    trace.push(...r.observation, r.reward, Number(r.terminated), Number(r.truncated));
    if (r.terminated || r.truncated) break;
  }
  return trace;
}

/** The same seed and the same actions give the same observations, rewards and flags. */
export function checkStepDeterminism(env: Env, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 20;
  const a = rollout(env, seed, steps);
  const b = rollout(env, seed, steps);
  if (!sameArray(a, b)) fail('checkStepDeterminism', env, `two rollouts with seed ${seed} and the same actions differ`);
}

/** Observations of `reset` and of `steps` random steps lie in `observationSpace`. */
export function checkObservationsInSpace(env: Env, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 0;
  const rng = new Rng(seed);
  const obs = env.reset({ seed }).observation;
  if (!env.observationSpace.contains(obs)) fail('checkObservationsInSpace', env, `reset observation ${Array.from(obs).join(', ')} is outside observationSpace`);
  for (let t = 0; t < (options.steps ?? 20); t++) {
    const r = env.step(env.actionSpace.sample(rng));
    if (!env.observationSpace.contains(r.observation)) fail('checkObservationsInSpace', env, `observation of step ${t + 1} is outside observationSpace`);
    if (r.terminated || r.truncated) break;
  }
}

/**
 * Unless the episode terminates earlier, `truncated` is false before step `maxEpisodeSteps` and true on it;
 * stepping after the end throws an `EnvStateError`, and `reset` starts a new episode.
 */
export function checkTruncation(env: Env, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 0;
  const rng = new Rng(seed);
  env.reset({ seed });
  for (let t = 1; t <= env.maxEpisodeSteps; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    if (r.terminated) break;
    if (r.truncated !== (t === env.maxEpisodeSteps)) fail('checkTruncation', env, `truncated is ${r.truncated} at step ${t} of ${env.maxEpisodeSteps}`);
  }
  let threw: unknown;
  try {
    env.step(env.actionSpace.sample(rng));
  } catch (e) {
    threw = e;
  }
  if (!(threw instanceof EnvStateError)) fail('checkTruncation', env, 'stepping after the end of an episode did not throw an EnvStateError');
  env.reset();
  env.step(env.actionSpace.sample(rng));
}

/** Actions of the wrong length or with NaN / ±Infinity throw a `DfpArgumentError` naming the action; the env stays usable. */
export function checkBadActions(env: Env, options: CheckEnvOptions = {}): void {
  const rng = new Rng(options.seed ?? 0);
  env.reset({ seed: options.seed ?? 0 });
  const n = env.actionSpace.size;
  const valid = env.actionSpace.sample(rng);
  const bad: Array<[string, ArrayLike<number>]> = [
    ['a too short action', new Float64Array(Math.max(0, n - 1))],
    ['a too long action', new Float64Array(n + 1)],
    ['a NaN entry', Float64Array.from(valid, (v, i) => (i === n - 1 ? Number.NaN : v))],
    ['an Infinity entry', Float64Array.from(valid, (v, i) => (i === 0 ? Infinity : v))],
    ['a -Infinity entry', Float64Array.from(valid, (v, i) => (i === 0 ? -Infinity : v))],
  ];
  for (const [what, action] of bad) {
    let threw: unknown;
    try {
      env.step(action);
    } catch (e) {
      threw = e;
    }
    if (!(threw instanceof DfpArgumentError) || !/action/i.test(threw.message)) {
      fail('checkBadActions', env, `an action with ${what} did not throw a DfpArgumentError naming the action`);
    }
  }
  env.step(valid);
}

/** A check: throws an {@link EnvCheckError} when `env` breaks its rule. */
export type EnvCheck = (env: Env, options?: CheckEnvOptions) => void;

/** Every check, in order. */
export const ENV_CHECKS: Readonly<Record<string, EnvCheck>> = {
  checkSpaces,
  checkResetReturnTypes,
  checkStepReturnTypes,
  checkResetSeedDeterminism,
  checkStepDeterminism,
  checkObservationsInSpace,
  checkTruncation,
  checkBadActions,
};

/**
 * Runs every `check*` function on `env` and returns the names of the passed checks.
 * @throws EnvCheckError listing every broken rule.
 */
export function checkEnv(env: Env, options: CheckEnvOptions = {}): string[] {
  const passed: string[] = [];
  const failures: string[] = [];
  for (const [name, check] of Object.entries(ENV_CHECKS)) {
    try {
      check(env, options);
      passed.push(name);
    } catch (e) {
      failures.push(e instanceof EnvCheckError ? e.message : `${name}(${env.id}): threw ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  if (failures.length > 0) throw new EnvCheckError(`checkEnv(${env.id}): ${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
  return passed;
}
