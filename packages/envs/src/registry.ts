import type { Env, ReferenceScores } from './api';
import { DfpArgumentError, describeValue } from './errors';

/** Options every registered env understands; envs may accept more. */
export interface MakeEnvOptions {
  /** Seed of the env's generator before the first `reset({seed})` (default 0). */
  readonly seed?: number;
  readonly [key: string]: unknown;
}

export type EnvFactory = (options: MakeEnvOptions) => Env;

export interface EnvSpec {
  readonly id: string;
  readonly factory: EnvFactory;
  /** For `normalizedScore`: D4RL-style reference returns. */
  readonly referenceScores?: ReferenceScores;
  /** One-line description shown by `dfp env --list`. */
  readonly description?: string;
}

const registry = new Map<string, EnvSpec>();

/**
 * Registers an env under `id` so that `makeEnv(id)` builds it. This is how custom environments plug
 * into the planner and the benchmarks.
 * @throws DfpArgumentError if the id is taken (pass `{override: true}` to replace it).
 */
export function registerEnv(
  id: string,
  factory: EnvFactory,
  meta: { referenceScores?: ReferenceScores; description?: string; override?: boolean } = {},
): void {
  if (typeof id !== 'string' || id.length === 0) throw new DfpArgumentError(`registerEnv: id must be a non-empty string, received ${describeValue(id)}`);
  if (typeof factory !== 'function') throw new DfpArgumentError(`registerEnv(${id}): factory must be a function, received ${typeof factory}`);
  if (registry.has(id) && !meta.override) throw new DfpArgumentError(`registerEnv: id '${id}' is already registered (pass {override: true} to replace it)`);
  if (meta.referenceScores && !(meta.referenceScores.max > meta.referenceScores.min)) {
    throw new DfpArgumentError(`registerEnv(${id}): referenceScores.max must exceed min, received ${JSON.stringify(meta.referenceScores)}`);
  }
  registry.set(id, { id, factory, referenceScores: meta.referenceScores, description: meta.description });
}

/** Ids of all registered envs, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

/** The registration of `id`. @throws DfpArgumentError listing the known ids. */
export function envSpec(id: string): EnvSpec {
  const spec = registry.get(id);
  if (!spec) throw new DfpArgumentError(`unknown env id ${describeValue(id)}; known ids: ${listEnvs().join(', ')}`);
  return spec;
}

/** Builds a registered env. @throws DfpArgumentError for an unknown id, listing the known ids. */
export function makeEnv(id: string, options: MakeEnvOptions = {}): Env {
  return envSpec(id).factory(options);
}

/**
 * D4RL normalized score on the x100 scale: `100 * (return - min) / (max - min)`.
 * @throws DfpArgumentError when the env has no reference scores or the return is not finite.
 */
export function normalizedScore(envId: string, episodeReturn: number): number {
  const spec = envSpec(envId);
  if (!spec.referenceScores) throw new DfpArgumentError(`normalizedScore: env '${envId}' has no reference scores`);
  if (typeof episodeReturn !== 'number' || !Number.isFinite(episodeReturn)) {
    throw new DfpArgumentError(`normalizedScore(${envId}): episodeReturn must be a finite number, received ${describeValue(episodeReturn)}`);
  }
  const { min, max } = spec.referenceScores;
  return (100 * (episodeReturn - min)) / (max - min);
}

/** True when `normalizedScore` can be computed for this env. */
export function hasReferenceScores(envId: string): boolean {
  return registry.get(envId)?.referenceScores !== undefined;
}
