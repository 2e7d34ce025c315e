import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpFileError } from '@dfp/envs';
import { loadD4RLHdf5 } from '../../src/io/d4rl-hdf5';

type H5 = typeof import('h5wasm/node');
let h5: H5;
let dir: string;

/** Writes an HDF5 file with h5wasm; `datasets` maps a path (`'infos/qpos'`) to its data and shape. */
function writeH5(name: string, datasets: Record<string, { data: ArrayBufferView; shape: number[]; dtype?: string }>, groups: string[] = []): string {
  const file = path.join(dir, name);
  const f = new h5.File(file, 'w');
  try {
    for (const g of groups) f.create_group(g);
    for (const [key, d] of Object.entries(datasets)) {
      f.create_dataset({ name: key, data: d.data as Float32Array, shape: d.shape, dtype: d.dtype ?? null });
    }
  } finally {
    f.close();
  }
  return file;
}

const N = 4;
/** A valid 4-row D4RL-like file: obs dim 3, action dim 2, bool-like int8 flags as h5py stores them. */
function d4rlFields(): Record<string, { data: ArrayBufferView; shape: number[]; dtype?: string }> {
  return {
    observations: { data: Float32Array.from({ length: N * 3 }, (_, i) => i), shape: [N, 3] },
    actions: { data: Float32Array.from({ length: N * 2 }, (_, i) => -i / 10), shape: [N, 2] },
    rewards: { data: Float64Array.from([1, 2, 3, 4]), shape: [N] },
    terminals: { data: Int8Array.from([0, 0, 1, 0]), shape: [N] },
    timeouts: { data: Uint8Array.from([0, 0, 0, 1]), shape: [N] },
  };
}

beforeAll(async () => {
  h5 = await import('h5wasm/node');
  await h5.ready;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-hdf5-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadD4RLHdf5', () => {
  it('should read the D4RL keys as Float32, with next_observations and infos/*', async () => {
    // Arrange
    const file = writeH5(
      'ok.hdf5',
      {
        ...d4rlFields(),
        next_observations: { data: Float32Array.from({ length: N * 3 }, (_, i) => i + 3), shape: [N, 3] },
        'infos/qpos': { data: Float64Array.from({ length: N * 2 }, (_, i) => i / 2), shape: [N, 2] },
        'metadata/policy': { data: Float32Array.from([1, 2]), shape: [2] },
      },
      ['infos', 'metadata'],
    );
    // Act
    const ds = await loadD4RLHdf5(file);
    // Assert
    expect([ds.size, ds.obsDim, ds.actDim]).toEqual([4, 3, 2]);
    expect(ds.observations).toEqual(Float32Array.from({ length: 12 }, (_, i) => i));
    expect(ds.actions[3]).toBeCloseTo(-0.3, 6);
    expect(ds.rewards).toEqual(Float32Array.from([1, 2, 3, 4]));
    expect(ds.terminals).toEqual(Float32Array.from([0, 0, 1, 0]));
    expect(ds.timeouts).toEqual(Float32Array.from([0, 0, 0, 1]));
    expect(ds.nextObservations?.[0]).toBe(3);
    expect(Object.keys(ds.infos)).toEqual(['qpos']);
    expect(ds.infos.qpos.shape).toEqual([4, 2]);
    expect(ds.infos.qpos.data).toBeInstanceOf(Float32Array);
  });

  it('should accept [N, 1] rewards and a file without next_observations or infos', async () => {
    const fields = d4rlFields();
    const file = writeH5('column.hdf5', { ...fields, rewards: { data: Float32Array.from([5, 6, 7, 8]), shape: [N, 1] } });
    const ds = await loadD4RLHdf5(file);
    expect(ds.rewards).toEqual(Float32Array.from([5, 6, 7, 8]));
    expect(ds.nextObservations).toBeUndefined();
    expect(ds.infos).toEqual({});
  });

  it('should name a missing key and list the keys present', async () => {
    const { timeouts: _dropped, ...rest } = d4rlFields();
    const file = writeH5('missing.hdf5', rest);
    await expect(loadD4RLHdf5(file)).rejects.toThrow(/missing key 'timeouts' \(keys present: actions, observations, rewards, terminals\)/);
  });

  it.each<[string, Record<string, { data: ArrayBufferView; shape: number[] }>, RegExp]>([
    ['1-D observations', { observations: { data: new Float32Array(N), shape: [N] } }, /'observations' should have rank 2 \(\[N, dim\]\), found shape \[4\]/],
    ['too few action rows', { actions: { data: new Float32Array(6), shape: [3, 2] } }, /'actions' has 3 rows but 'observations' has 4/],
    ['2-D terminals', { terminals: { data: new Float32Array(8), shape: [N, 2] } }, /'terminals' should have rank 1/],
    ['mismatched next_observations', { next_observations: { data: new Float32Array(N * 2), shape: [N, 2] } }, /'next_observations' should have shape \[4, 3\]/],
  ])('should reject %s with a DfpFileError naming the key', async (name, patch, pattern) => {
    const file = writeH5(`bad-${name.replace(/\W/g, '')}.hdf5`, { ...d4rlFields(), ...patch });
    const p = loadD4RLHdf5(file);
    await expect(p).rejects.toThrow(DfpFileError);
    await expect(loadD4RLHdf5(file)).rejects.toThrow(pattern);
  });

  it('should reject a group where a dataset is expected', async () => {
    const { rewards: _r, ...rest } = d4rlFields();
    const file = writeH5('group.hdf5', rest, ['rewards']);
    await expect(loadD4RLHdf5(file)).rejects.toThrow(/'rewards' is a Group, expected a dataset/);
  });

  it('should reject a truncated HDF5 file', async () => {
    const file = writeH5('whole.hdf5', d4rlFields());
    const bytes = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.hdf5');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(loadD4RLHdf5(cut)).rejects.toThrow(DfpFileError);
    await expect(loadD4RLHdf5(cut)).rejects.toThrow(/h5wasm cannot open '.*cut\.hdf5' \(.+\); corrupt or truncated/);
  });

  it('should reject a file that is not HDF5, and a missing file', async () => {
    const fake = path.join(dir, 'fake.hdf5');
    fs.writeFileSync(fake, 'observations,actions\n1,2\n');
    await expect(loadD4RLHdf5(fake)).rejects.toThrow(/'.*fake\.hdf5' is not an HDF5 file \(no HDF5 signature found; 25 bytes\)/);
    await expect(loadD4RLHdf5(path.join(dir, 'nope.hdf5'))).rejects.toThrow(/cannot read '.*nope\.hdf5' \(ENOENT/);
    await expect(loadD4RLHdf5(dir)).rejects.toThrow(/not a regular file/);
  });
});
