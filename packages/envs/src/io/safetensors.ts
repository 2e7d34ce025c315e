import * as fs from 'node:fs';
import { z } from 'zod';
import { DfpArgumentError, DfpFileError } from '../errors';
import { writeFileAtomic } from './atomic-write';

/**
 * Reader and writer for the safetensors format (Hugging Face): an 8-byte little-endian header length N,
 * N bytes of JSON header (`{name: {dtype, shape, data_offsets}, __metadata__: {string: string}}`), then the
 * raw little-endian arrays. PyTorch users read dfp datasets and checkpoints with `safetensors.torch.load_file`.
 */

export type SafetensorsDtype = 'F64' | 'F32' | 'I64' | 'I32' | 'I16' | 'I8' | 'U32' | 'U16' | 'U8' | 'BOOL';
export type TensorArray =
  | Float64Array | Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

export interface StoredTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: TensorArray;
}

export interface SafetensorsContent {
  readonly tensors: Record<string, StoredTensor>;
  readonly metadata: Record<string, string>;
}

const CTORS = {
  F64: Float64Array, F32: Float32Array, I64: BigInt64Array, I32: Int32Array, I16: Int16Array, I8: Int8Array,
  U32: Uint32Array, U16: Uint16Array, U8: Uint8Array, BOOL: Uint8Array,
} as const;

const DTYPES = Object.keys(CTORS) as SafetensorsDtype[];

function dtypeOf(data: TensorArray): SafetensorsDtype {
  for (const d of DTYPES) if (data instanceof CTORS[d]) return d;
  throw new DfpArgumentError('safetensors: unsupported array type');
}

const entrySchema = z.object({
  dtype: z.enum(DTYPES as [SafetensorsDtype, ...SafetensorsDtype[]]),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
const metadataSchema = z.record(z.string(), z.string());

/** Serializes named arrays (row-major) into safetensors bytes. Metadata values must be strings. */
export function encodeSafetensors(
  tensors: Record<string, { data: TensorArray; shape: readonly number[]; dtype?: SafetensorsDtype }>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    const m = metadataSchema.safeParse(metadata);
    if (!m.success) throw new DfpArgumentError('encodeSafetensors: metadata values must be strings');
    header.__metadata__ = metadata;
  }
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const t = tensors[name];
    if (name === '__metadata__') throw new DfpArgumentError("encodeSafetensors: '__metadata__' is reserved");
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new DfpArgumentError(`encodeSafetensors: tensor '${name}' has shape [${t.shape.join(', ')}] (${count} values) but ${t.data.length} values`);
    }
    const dtype = t.dtype ?? dtypeOf(t.data);
    if (!(t.data instanceof CTORS[dtype])) throw new DfpArgumentError(`encodeSafetensors: tensor '${name}' data does not match dtype ${dtype}`);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data section starts 8-byte aligned (as the reference writer does).
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  return out;
}

/**
 * Parses safetensors bytes. Arrays are copied into fresh, aligned typed arrays.
 * @throws DfpFileError naming `source` when the bytes are truncated or the header is corrupt.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContent {
  const fail = (why: string): never => {
    throw new DfpFileError(`${source}: not a valid safetensors file (${why})`);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n > bytes.length - 8 || n > 100_000_000) fail(`header length ${n} exceeds the file size ${bytes.length}; truncated or corrupt`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8'));
  } catch {
    return fail('header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const tensors: Record<string, StoredTensor> = {};
  let metadata: Record<string, string> = {};
  let maxEnd = 0;
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      const m = metadataSchema.safeParse(value);
      if (!m.success) fail('__metadata__ must map strings to strings');
      metadata = m.data as Record<string, string>;
      continue;
    }
    const e = entrySchema.safeParse(value);
    if (!e.success) return fail(`entry '${name}' is malformed: ${e.error.issues[0]?.message ?? 'invalid'}`);
    const { dtype, shape, data_offsets: [begin, end] } = e.data;
    const ctor = CTORS[dtype];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end < begin || end - begin !== count * ctor.BYTES_PER_ELEMENT) fail(`tensor '${name}' byte range [${begin}, ${end}) does not match shape [${shape.join(', ')}] of ${dtype}`);
    if (end > dataLen) fail(`tensor '${name}' ends at byte ${end} but the data section has ${dataLen} bytes; truncated`);
    maxEnd = Math.max(maxEnd, end);
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors[name] = { dtype, shape, data: new ctor(copy.buffer) as TensorArray };
  }
  if (maxEnd !== dataLen) fail(`data section has ${dataLen} bytes but the tensors cover ${maxEnd}`);
  return { tensors, metadata };
}

/** Writes a safetensors file atomically (temp file + rename). */
export function writeSafetensors(
  file: string,
  tensors: Record<string, { data: TensorArray; shape: readonly number[]; dtype?: SafetensorsDtype }>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

/** Reads a safetensors file. @throws DfpFileError for a missing, truncated or corrupt file. */
export function readSafetensors(file: string): SafetensorsContent {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new DfpFileError(`${file}: cannot read (${(e as Error).message})`);
  }
  return decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}
