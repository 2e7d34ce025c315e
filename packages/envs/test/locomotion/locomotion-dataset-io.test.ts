import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, readSafetensors, writeSafetensors } from '@dfp/envs';
import { type LocomotionDataset, generateLocomotionDataset, loadLocomotionDataset, saveLocomotionDataset } from '../../src/locomotion';

let dir: string;
let ds: LocomotionDataset;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-ds-'));
  ds = await generateLocomotionDataset({ envId: 'walker2d-v4', policy: 'medium', steps: 15, seed: 4, mppi: { samples: 2, horizon: 2 } });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('saveLocomotionDataset/loadLocomotionDataset', () => {
  it('should round-trip every array and the metadata', () => {
    const file = path.join(dir, 'walker.safetensors');
    saveLocomotionDataset(file, ds);
    expect(loadLocomotionDataset(file)).toEqual(ds);
  });

  it('should store D4RL names, F32 row-major shapes and readable metadata', () => {
    const file = path.join(dir, 'layout.safetensors');
    saveLocomotionDataset(file, ds);
    const { tensors, metadata } = readSafetensors(file);
    const shapes = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, `${t.dtype}[${t.shape.join(',')}]`]));
    expect(shapes).toEqual({
      observations: 'F32[15,17]', next_observations: 'F32[15,17]', actions: 'F32[15,6]', rewards: 'F32[15]',
      terminals: 'F32[15]', timeouts: 'F32[15]', 'infos/qpos': 'F32[15,9]', 'infos/qvel': 'F32[15,9]',
    });
    expect(metadata).toMatchObject({ format: 'dfp-locomotion-dataset', envId: 'walker2d-v4', policy: 'medium', seed: '4', size: '15' });
    expect(JSON.parse(metadata.preset).mppi).toMatchObject({ samples: 2, horizon: 2 });
  });

  it('should refuse to save arrays that do not match the size', () => {
    expect(() => saveLocomotionDataset(path.join(dir, 'bad.safetensors'), { ...ds, rewards: new Float32Array(3) })).toThrow(DfpArgumentError);
  });

  it('should reject a safetensors file that is not a locomotion dataset', () => {
    const file = path.join(dir, 'other.safetensors');
    writeSafetensors(file, { x: { data: new Float32Array(2), shape: [2] } }, { format: 'something-else' });
    expect(() => loadLocomotionDataset(file)).toThrow(/not a dfp locomotion dataset \(metadata field 'format'/);
  });

  it('should name a tensor with the wrong shape or a missing one', () => {
    const file = path.join(dir, 'shape.safetensors');
    saveLocomotionDataset(file, ds);
    const { tensors, metadata } = readSafetensors(file);
    const { actions: _a, ...rest } = tensors;
    writeSafetensors(file, { ...rest, actions: { data: new Float32Array(15 * 5), shape: [15, 5] } }, metadata);
    expect(() => loadLocomotionDataset(file)).toThrow(/tensor 'actions' should be F32 \[15, 6\], found F32 \[15, 5\]/);
    writeSafetensors(file, rest, metadata);
    expect(() => loadLocomotionDataset(file)).toThrow(DfpFileError);
    expect(() => loadLocomotionDataset(file)).toThrow(/tensor 'actions' is missing/);
  });
});
