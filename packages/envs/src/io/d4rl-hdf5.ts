import * as fs from 'node:fs';
import { DfpFileError } from '../errors';

/**
 * An offline RL dataset in D4RL's flat layout: row `t` is one transition `(o_t, a_t, r_t, o_{t+1})`, arrays
 * row-major Float32. An episode ends at a row with `terminals = 1` (an MDP terminal state, e.g. the hopper fell)
 * or `timeouts = 1` (cut by the time limit); the next row starts a new episode.
 */
export interface D4RLDataset {
  /** Number of rows N. */
  readonly size: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** `[N, obsDim]` observation before the action. */
  readonly observations: Float32Array;
  /** `[N, actDim]` action taken. */
  readonly actions: Float32Array;
  /** `[N]` reward of the transition. */
  readonly rewards: Float32Array;
  /** `[N]` 1 where the transition ends in a terminal state, else 0. */
  readonly terminals: Float32Array;
  /** `[N]` 1 where the episode was cut by the time limit, else 0. */
  readonly timeouts: Float32Array;
  /** `[N, obsDim]` observation after the action, when the file stores it (D4RL v2 `next_observations`). */
  readonly nextObservations?: Float32Array;
  /** Extra per-row arrays, e.g. `infos/qpos` `[N, nq]` (D4RL's `infos/*`), keyed by their path without `infos/`. */
  readonly infos: Readonly<Record<string, { readonly data: Float32Array; readonly shape: readonly number[] }>>;
}

type H5 = typeof import('h5wasm/node');
let h5: Promise<H5> | undefined;

/** Loads h5wasm once (ESM-only: only through `import()`, kept as such under `module: node20`). */
function loadH5wasm(): Promise<H5> {
  h5 ??= import('h5wasm/node')
    .then(async (m) => {
      await m.ready;
      return m;
    })
    .catch((e: unknown) => {
      h5 = undefined;
      throw e;
    });
  return h5;
}

/** HDF5 files start with this 8-byte signature at offset 0, 512, 1024, 2048, ... */
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when `file` carries the HDF5 superblock signature (checked before h5wasm sees it: its errors are opaque). */
function hasHdf5Signature(file: string, size: number): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      fs.readSync(fd, buf, 0, 8, offset);
      if (buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

interface H5Dataset {
  readonly shape: number[] | null;
  readonly value: unknown;
}

/**
 * Reads a D4RL dataset file (`hopper_medium-v2.hdf5`, ...) through h5wasm. Required keys: `observations [N, o]`,
 * `actions [N, a]`, `rewards [N]` (or `[N, 1]`), `terminals [N]`, `timeouts [N]`; optional `next_observations [N, o]`
 * and every dataset under `infos/` whose first dimension is N. Numbers are converted to Float32 and booleans
 * (h5py stores them as int8 enums) to 0/1. Other groups (`metadata/*`) are ignored.
 * @throws DfpFileError naming the file for a missing file, a file that is not HDF5, a missing key, a key that
 * is a group instead of a dataset, wrong ranks, rows that disagree with `observations`, or non-numeric data.
 */
export async function loadD4RLHdf5(file: string): Promise<D4RLDataset> {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (e) {
    throw new DfpFileError(`loadD4RLHdf5: cannot read '${file}' (${(e as Error).message})`);
  }
  if (!hasHdf5Signature(file, size)) {
    throw new DfpFileError(`loadD4RLHdf5: '${file}' is not an HDF5 file (no HDF5 signature found; ${size} bytes)`);
  }
  const h5wasm = await loadH5wasm();
  let f: InstanceType<H5['File']>;
  // Make the HDF5 library throw its error stack instead of printing it to stderr, just for the open.
  h5wasm.Module.activate_throwing_error_handler();
  try {
    f = new h5wasm.File(file, 'r');
    f.keys();
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('minor:')).pop();
    throw new DfpFileError(`loadD4RLHdf5: h5wasm cannot open '${file}' (${why ?? 'unknown HDF5 error'}); corrupt or truncated?`);
  } finally {
    h5wasm.Module.deactivate_throwing_error_handler();
  }
  try {
    const fail = (why: string): never => {
      throw new DfpFileError(`loadD4RLHdf5: '${file}': ${why}`);
    };
    const keys = new Set(f.keys());
    const dataset = (key: string): H5Dataset | null => {
      if (!keys.has(key)) return null; // f.get on a missing path would print an HDF5 error stack
      const entity = f.get(key);
      if (entity === null) return null;
      if (!(entity instanceof h5wasm.Dataset)) return fail(`'${key}' is a ${entity.constructor.name}, expected a dataset`);
      return entity;
    };
    const numeric = (key: string, d: H5Dataset): Float32Array => {
      const v = d.value;
      if (!ArrayBuffer.isView(v) || v instanceof DataView || v instanceof BigInt64Array || v instanceof BigUint64Array) {
        return fail(`'${key}' must hold numbers or booleans, found ${v === null ? 'no data' : typeof v === 'object' ? v.constructor.name : typeof v}`);
      }
      return v instanceof Float32Array ? v : Float32Array.from(v as unknown as ArrayLike<number>);
    };
    const required = (key: string, rank: 1 | 2): { data: Float32Array; shape: number[] } => {
      const d = dataset(key);
      if (d === null) return fail(`missing key '${key}' (keys present: ${[...keys].join(', ')})`);
      const shape = d.shape ?? [];
      // rewards/terminals/timeouts are sometimes stored as [N, 1].
      const ok = shape.length === rank || (rank === 1 && shape.length === 2 && shape[1] === 1);
      if (!ok) fail(`'${key}' should have rank ${rank}${rank === 1 ? ' ([N] or [N, 1])' : ' ([N, dim])'}, found shape [${shape.join(', ')}]`);
      return { data: numeric(key, d), shape };
    };
    const obs = required('observations', 2);
    const n = obs.shape[0];
    const rows = (key: string, shape: readonly number[]): void => {
      if (shape[0] !== n) fail(`'${key}' has ${shape[0]} rows but 'observations' has ${n}`);
    };
    const act = required('actions', 2);
    rows('actions', act.shape);
    const flat: Record<'rewards' | 'terminals' | 'timeouts', Float32Array> = { rewards: obs.data, terminals: obs.data, timeouts: obs.data };
    for (const key of ['rewards', 'terminals', 'timeouts'] as const) {
      const r = required(key, 1);
      rows(key, r.shape);
      flat[key] = r.data;
    }
    let nextObservations: Float32Array | undefined;
    const next = dataset('next_observations');
    if (next !== null) {
      const shape = next.shape ?? [];
      if (shape.length !== 2 || shape[0] !== n || shape[1] !== obs.shape[1]) {
        fail(`'next_observations' should have shape [${n}, ${obs.shape[1]}] like 'observations', found [${shape.join(', ')}]`);
      }
      nextObservations = numeric('next_observations', next);
    }
    const infos: Record<string, { data: Float32Array; shape: number[] }> = {};
    const group = keys.has('infos') ? f.get('infos') : null;
    if (group instanceof h5wasm.Group) {
      for (const p of group.paths()) {
        const d = group.get(p);
        if (!(d instanceof h5wasm.Dataset) || (d.shape ?? [])[0] !== n) continue;
        infos[p.replace(/^\//, '')] = { data: numeric(`infos/${p}`, d), shape: d.shape ?? [] };
      }
    }
    return {
      size: n,
      obsDim: obs.shape[1],
      actDim: act.shape[1],
      observations: obs.data,
      actions: act.data,
      rewards: flat.rewards,
      terminals: flat.terminals,
      timeouts: flat.timeouts,
      nextObservations,
      infos,
    };
  } finally {
    f.close();
  }
}
