import * as fs from 'node:fs';
import * as path from 'node:path';
import { DfpFileError, generateLocomotionDataset, loadLocomotionDataset, saveLocomotionDataset } from '@dfp/envs';
import type { LocomotionDataset, LocomotionPolicyName } from '@dfp/envs';

/**
 * Where the benchmark keeps its offline datasets: `<dir>/<env>-<policy>-s<seed>-n<rows>.safetensors`, the names
 * `benchmarks/locomotion-datasets.js --out <dir>` writes. Generation is deterministic in (env, policy, seed), and
 * row i does not depend on the total size, so the first k rows of a large file are the k-row dataset.
 */

/** One dataset file and how to make it. */
export interface LocomotionDatasetRef {
  readonly env: string;
  readonly policy: LocomotionPolicyName;
  readonly rows: number;
  readonly seed: number;
  readonly file: string;
  /** The command that writes this file (the bench also generates missing files itself). */
  readonly generateCommand: string;
}

/** The dataset file of (env, policy, rows, seed) under `dir`. */
export function datasetRef(dir: string, env: string, policy: LocomotionPolicyName, rows: number, seed: number): LocomotionDatasetRef {
  return {
    env, policy, rows, seed,
    file: path.join(dir, `${env}-${policy}-s${seed}-n${rows}.safetensors`),
    generateCommand: `node benchmarks/locomotion-datasets.js --steps ${rows} --seed ${seed} --envs ${env} --policies ${policy} --out ${dir}`,
  };
}

/** Options of {@link loadOrGenerateDataset}. */
export interface LoadOrGenerateOptions {
  /** Status lines (generation progress). */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Loads the dataset of `ref`, checking that the file holds what its name says; when the file does not exist,
 * generates it with `generateLocomotionDataset` (a log line per 10%) and saves it there.
 * @throws DfpFileError for a corrupt file or one whose metadata (env, policy, seed, rows) differs from its name.
 */
export async function loadOrGenerateDataset(ref: LocomotionDatasetRef, opts: LoadOrGenerateOptions = {}): Promise<LocomotionDataset> {
  if (fs.existsSync(ref.file)) {
    const ds = loadLocomotionDataset(ref.file);
    const m = ds.metadata;
    if (m.envId !== ref.env || m.policy !== ref.policy || m.seed !== ref.seed || ds.size !== ref.rows) {
      throw new DfpFileError(`${ref.file}: holds ${m.envId} ${m.policy} seed ${m.seed} with ${ds.size} rows, but its name says ${ref.env} ${ref.policy} seed ${ref.seed} with ${ref.rows} rows`);
    }
    return ds;
  }
  const log = opts.log ?? (() => {});
  log(`dataset ${ref.file} not found: generating it (${ref.rows} rows of ${ref.env}, ${ref.policy} policy, seed ${ref.seed})`);
  const t0 = performance.now();
  const ds = await generateLocomotionDataset({
    envId: ref.env, policy: ref.policy, steps: ref.rows, seed: ref.seed, signal: opts.signal,
    progressEvery: Math.max(1, Math.ceil(ref.rows / 10)),
    onProgress: (done, total) => log(`  ${ref.env} ${ref.policy}: ${done}/${total} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`),
  });
  fs.mkdirSync(path.dirname(ref.file), { recursive: true });
  saveLocomotionDataset(ref.file, ds);
  log(`wrote ${ref.file}`);
  return ds;
}
