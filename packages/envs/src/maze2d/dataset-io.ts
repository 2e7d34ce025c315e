import { z } from 'zod';
import { DfpArgumentError, DfpFileError } from '../errors';
import { readSafetensors, writeSafetensors } from '../io/safetensors';
import type { SafetensorsDtype, StoredTensor, TensorArray } from '../io/safetensors';
import type { DatasetMetadata, OfflineDataset } from './dataset';

/** `format` tag in the safetensors metadata of dfp datasets. */
export const DATASET_FORMAT = 'dfp-offline-dataset';

/** Tensor name → (dtype, columns per row; 0 = a flat `[N]` vector). */
type FieldName = 'observations' | 'actions' | 'rewards' | 'terminals' | 'timeouts' | 'goals';
const FIELDS: Record<FieldName, { dtype: SafetensorsDtype; cols: number }> = {
  observations: { dtype: 'F32', cols: 4 },
  actions: { dtype: 'F32', cols: 2 },
  rewards: { dtype: 'F32', cols: 0 },
  terminals: { dtype: 'BOOL', cols: 0 },
  timeouts: { dtype: 'BOOL', cols: 0 },
  goals: { dtype: 'F32', cols: 2 },
};

const intString = z.string().regex(/^-?\d+$/, 'an integer').transform(Number);
const metadataSchema = z.object({
  format: z.literal(DATASET_FORMAT),
  envId: z.string().min(1),
  seed: intString,
  size: intString,
  generatorVersion: z.string().min(1),
  actionNoise: z.string().transform(Number).pipe(z.number().finite().nonnegative()),
  rewardTiming: z.enum(['post-step', 'pre-step']),
});

/**
 * Saves a dataset as a safetensors file (readable from Python with `safetensors.numpy.load_file`):
 * tensors `observations [N,4] F32`, `actions [N,2] F32`, `rewards [N] F32`, `terminals [N] BOOL`,
 * `timeouts [N] BOOL`, `goals [N,2] F32`, with the metadata (env id, seed, generator version, ...) in
 * `__metadata__`. The write is atomic (temp file + rename).
 * @throws DfpArgumentError when an array does not match `size`.
 */
export function saveDataset(file: string, ds: OfflineDataset): void {
  const tensors: Record<string, { data: TensorArray; shape: number[]; dtype: SafetensorsDtype }> = {};
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const { dtype, cols } = FIELDS[name];
    const data: TensorArray = ds[name];
    const expected = ds.size * Math.max(cols, 1);
    if (!data || data.length !== expected) {
      throw new DfpArgumentError(`saveDataset: field '${name}' must have ${expected} values (size ${ds.size}), received ${data?.length}`);
    }
    tensors[name] = { data, shape: cols === 0 ? [ds.size] : [ds.size, cols], dtype };
  }
  const m = ds.metadata;
  const metadata: Record<string, string> = {
    format: DATASET_FORMAT,
    envId: m.envId,
    seed: String(m.seed),
    size: String(ds.size),
    generatorVersion: m.generatorVersion,
    actionNoise: String(m.actionNoise),
    rewardTiming: m.rewardTiming,
  };
  writeSafetensors(file, tensors, metadata);
}

/**
 * Loads a dataset written by {@link saveDataset}, validating the metadata (zod) and every field's dtype
 * and shape.
 * @throws DfpFileError naming the file for a missing, truncated or corrupt file, missing fields or
 * inconsistent shapes.
 */
export function loadDataset(file: string): OfflineDataset {
  const content = readSafetensors(file);
  const parsed = metadataSchema.safeParse(content.metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DfpFileError(`${file}: not a dfp dataset (metadata field '${issue?.path.join('.')}': ${issue?.message})`);
  }
  const meta = parsed.data;
  const n = meta.size;
  const field = (name: FieldName): StoredTensor => {
    const t = content.tensors[name];
    const { dtype, cols } = FIELDS[name];
    const shape = cols === 0 ? [n] : [n, cols];
    if (!t) throw new DfpFileError(`${file}: dataset field '${name}' is missing`);
    if (t.dtype !== dtype || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new DfpFileError(`${file}: field '${name}' should be ${dtype} [${shape.join(', ')}], found ${t.dtype} [${t.shape.join(', ')}]`);
    }
    return t;
  };
  const metadata: DatasetMetadata = {
    envId: meta.envId,
    seed: meta.seed,
    generatorVersion: meta.generatorVersion,
    actionNoise: meta.actionNoise,
    rewardTiming: meta.rewardTiming,
  };
  return {
    metadata,
    size: n,
    observations: field('observations').data as Float32Array,
    actions: field('actions').data as Float32Array,
    rewards: field('rewards').data as Float32Array,
    terminals: field('terminals').data as Uint8Array,
    timeouts: field('timeouts').data as Uint8Array,
    goals: field('goals').data as Float32Array,
  };
}
