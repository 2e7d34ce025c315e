import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError, decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors } from '@dfp/envs';
import type { TensorArray } from '@dfp/envs';
import { assertRoundTrip, assertThrowsWith } from '../../../../test/helpers/assertions';

const tensors: Record<string, { data: TensorArray; shape: number[] }> = {
  f64: { data: Float64Array.of(1.5, -2, Math.PI), shape: [3] },
  f32: { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] },
  i64: { data: BigInt64Array.of(-(2n ** 40n), 7n), shape: [2] },
  i32: { data: Int32Array.of(-1, 2), shape: [2, 1] },
  u8: { data: Uint8Array.of(0, 255), shape: [2] },
  empty: { data: new Float32Array(0), shape: [0, 4] },
};

/** Bytes of a file with a hand-made header, for malformed-file tests. */
function withHeader(header: unknown, dataBytes: number): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('should round-trip every dtype, shape and the metadata', () => {
    const original: { tensors: typeof tensors; metadata: Record<string, string> } = { tensors, metadata: { a: '1', b: 'text' } };
    const back = assertRoundTrip(
      original,
      (v) => encodeSafetensors(v.tensors, v.metadata),
      (bytes) => {
        const d = decodeSafetensors(bytes);
        return { tensors: Object.fromEntries(Object.entries(d.tensors).map(([k, t]) => [k, { data: t.data, shape: [...t.shape] }])), metadata: d.metadata };
      },
    );
    expect(decodeSafetensors(encodeSafetensors(tensors)).tensors.i64.dtype).toBe('I64');
    expect(back.tensors.f32.data).toBeInstanceOf(Float32Array);
  });

  it('should write the standard layout: u64 LE header length, JSON header, 8-byte aligned data', () => {
    const bytes = encodeSafetensors({ x: { data: Float32Array.of(1, 2), shape: [2] } }, { k: 'v' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    expect(header).toEqual({ __metadata__: { k: 'v' }, x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    expect(Array.from(new Float32Array(bytes.slice(8 + n).buffer))).toEqual([1, 2]);
  });

  it('should store BOOL tensors from Uint8Array when asked', () => {
    const bytes = encodeSafetensors({ flags: { data: Uint8Array.of(0, 1, 1), shape: [3], dtype: 'BOOL' } });
    expect(decodeSafetensors(bytes).tensors.flags.dtype).toBe('BOOL');
  });

  it.each([
    ['a shape that does not match the data', { x: { data: new Float32Array(3), shape: [2, 2] } }, {}, /shape \[2, 2\] \(4 values\) but 3 values/],
    ['a dtype that does not match the data', { x: { data: new Float32Array(2), shape: [2], dtype: 'F64' as const } }, {}, /does not match dtype F64/],
    ['the reserved name', { __metadata__: { data: new Float32Array(1), shape: [1] } }, {}, /reserved/],
    ['non-string metadata', {}, { n: 3 as unknown as string }, /metadata values must be strings/],
  ])('should reject %s', (_, t, meta, pattern) => {
    assertThrowsWith(() => encodeSafetensors(t, meta), DfpArgumentError, pattern);
  });

  it.each([
    ['a header that is not an object', withHeader([1, 2], 0), /not a JSON object/],
    ['a byte range that does not match the shape', withHeader({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4), /does not match shape \[2\]/],
    ['a tensor past the end', withHeader({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 4), /truncated/],
    ['trailing bytes', withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8), /data section has 8 bytes but the tensors cover 4/],
    ['an unknown dtype', withHeader({ x: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, 2), /entry 'x' is malformed/],
    ['non-string metadata', withHeader({ __metadata__: { a: 1 } }, 0), /__metadata__ must map strings to strings/],
  ])('should throw a DfpFileError for %s', (_, bytes, pattern) => {
    assertThrowsWith(() => decodeSafetensors(bytes, 'test.safetensors'), DfpFileError, /^test\.safetensors: not a valid safetensors file/, pattern);
  });
});

describe('writeSafetensors / readSafetensors', () => {
  it('should write atomically into new folders and read back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-st-'));
    try {
      const file = path.join(dir, 'a', 'b.safetensors');
      writeSafetensors(file, tensors, { m: 'x' });
      writeSafetensors(file, { y: { data: Int16Array.of(1), shape: [1] } }); // overwrite
      expect(fs.readdirSync(path.dirname(file))).toEqual(['b.safetensors']);
      expect(Object.keys(readSafetensors(file).tensors)).toEqual(['y']);
      assertThrowsWith(() => readSafetensors(path.join(dir, 'missing')), DfpFileError, /cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
