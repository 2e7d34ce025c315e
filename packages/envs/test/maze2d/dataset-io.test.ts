import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, generateMaze2dDataset, loadDataset, readSafetensors, saveDataset, writeSafetensors } from '@dfp/envs';
import type { OfflineDataset } from '@dfp/envs';
import { assertRoundTrip, assertThrowsWith } from '../../../../test/helpers/assertions';

describe('saveDataset / loadDataset', () => {
  let dir: string;
  const ds = generateMaze2dDataset('maze2d-medium-v1', { steps: 1000, seed: 2, actionNoise: 0.25, rewardTiming: 'pre-step' });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-dataset-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should round-trip every field and the metadata', () => {
    const file = path.join(dir, 'sub', 'medium.safetensors');
    assertRoundTrip<OfflineDataset, string>(ds, (d) => (saveDataset(file, d), file), loadDataset);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['medium.safetensors']); // atomic write left no temp file
  });

  it('should store D4RL-named tensors with dtypes and shapes, and string metadata', () => {
    const file = path.join(dir, 'layout.safetensors');
    saveDataset(file, ds);
    const { tensors, metadata } = readSafetensors(file);
    expect(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, `${t.dtype} [${t.shape.join(', ')}]`]))).toEqual({
      observations: 'F32 [1000, 4]', actions: 'F32 [1000, 2]', rewards: 'F32 [1000]', terminals: 'BOOL [1000]', timeouts: 'BOOL [1000]', goals: 'F32 [1000, 2]',
    });
    expect(metadata).toMatchObject({ envId: 'maze2d-medium-v1', seed: '2', size: '1000', actionNoise: '0.25', rewardTiming: 'pre-step' });
  });

  it('should throw a DfpFileError naming the file for a truncated file', () => {
    const file = path.join(dir, 'truncated.safetensors');
    saveDataset(file, ds);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    assertThrowsWith(() => loadDataset(file), DfpFileError, /truncated\.safetensors/, /truncated/);
    fs.writeFileSync(file, bytes.subarray(0, 5));
    assertThrowsWith(() => loadDataset(file), DfpFileError, /shorter than the 8-byte header/);
  });

  it('should throw a DfpFileError for a corrupt header', () => {
    const file = path.join(dir, 'corrupt.safetensors');
    saveDataset(file, ds);
    const bytes = fs.readFileSync(file);
    bytes[8] = 0x21; // '!' instead of the header's opening '{'
    fs.writeFileSync(file, bytes);
    assertThrowsWith(() => loadDataset(file), DfpFileError, /not a valid safetensors file \(header is not valid JSON\)/);
    bytes[8] = 0x7b;
    bytes[12] = 0x7b; // a corrupt tensor name: '__metadata__' becomes '__{{tadata__'
    bytes[13] = 0x7b;
    fs.writeFileSync(file, bytes);
    assertThrowsWith(() => loadDataset(file), DfpFileError, /entry '__\{\{tadata__' is malformed/);
    bytes.writeBigUInt64LE(BigInt(bytes.length), 0); // header length beyond the file
    fs.writeFileSync(file, bytes);
    assertThrowsWith(() => loadDataset(file), DfpFileError, /exceeds the file size/);
  });

  it('should throw for a missing file', () => {
    assertThrowsWith(() => loadDataset(path.join(dir, 'nope.safetensors')), DfpFileError, /cannot read/);
  });

  it('should reject safetensors files that are not dfp datasets or have wrong shapes', () => {
    const plain = path.join(dir, 'plain.safetensors');
    writeSafetensors(plain, { x: { data: new Float32Array(4), shape: [4] } });
    assertThrowsWith(() => loadDataset(plain), DfpFileError, /not a dfp dataset \(metadata field 'format'/);
    const bad = path.join(dir, 'bad.safetensors');
    saveDataset(bad, ds);
    const { tensors, metadata } = readSafetensors(bad);
    writeSafetensors(bad, { ...tensors, goals: { data: new Float32Array(3000), shape: [1000, 3] } }, metadata);
    assertThrowsWith(() => loadDataset(bad), DfpFileError, /field 'goals' should be F32 \[1000, 2\], found F32 \[1000, 3\]/);
    writeSafetensors(bad, { observations: tensors.observations }, metadata);
    assertThrowsWith(() => loadDataset(bad), DfpFileError, /field 'actions' is missing/);
  });

  it('should refuse to save a dataset whose arrays do not match its size', () => {
    assertThrowsWith(() => saveDataset(path.join(dir, 'x.safetensors'), { ...ds, size: 999 }), DfpArgumentError, /field 'observations' must have 3996 values/);
  });
});
