import { z } from 'zod';
import { DfpArgumentError, DfpFileError } from '../errors';
import { readSafetensors, writeSafetensors } from '../io/safetensors';
import type { StoredTensor } from '../io/safetensors';
import { LOCOMOTION_POLICIES, type LocomotionPolicyName, type LocomotionPreset } from './dataset-presets';
import type { LocomotionDataset } from './locomotion-dataset';
import { locomotionSpec } from './register-locomotion-envs';

/** `format` tag in the safetensors metadata of dfp locomotion datasets. */
export const LOCOMOTION_DATASET_FORMAT = 'dfp-locomotion-dataset';

const intString = z.string().regex(/^-?\d+$/, 'an integer').transform(Number);
const numberString = z.string().transform(Number).pipe(z.number().or(z.nan()));
const metadataSchema = z.object({
  format: z.literal(LOCOMOTION_DATASET_FORMAT),
  envId: z.string().min(1),
  policy: z.enum(LOCOMOTION_POLICIES as [LocomotionPolicyName, ...LocomotionPolicyName[]]),
  seed: intString,
  size: intString,
  generatorVersion: z.string().min(1),
  preset: z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as LocomotionPreset;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  }),
  maxEpisodeSteps: intString,
  episodes: intString,
  meanReturn: numberString,
  meanNormalizedScore: numberString,
});

/**
 * Saves a generated dataset as safetensors (read from Python with `safetensors.numpy.load_file`). Tensors, all
 * F32 row-major: `observations [N, o]`, `actions [N, a]`, `rewards [N]`, `terminals [N]`, `timeouts [N]`,
 * `next_observations [N, o]`, `infos/qpos [N, nq]`, `infos/qvel [N, nv]`; provenance (env, policy, seed,
 * generator version, the behaviour policy's settings as JSON) and the mean return in `__metadata__`. Atomic write.
 * @throws DfpArgumentError when an array does not match the dataset size.
 */
export function saveLocomotionDataset(file: string, ds: LocomotionDataset): void {
  const n = ds.size;
  const tensors: Record<string, { data: Float32Array; shape: number[] }> = {};
  const put = (name: string, data: Float32Array, shape: number[]): void => {
    const count = shape.reduce((a, b) => a * b, 1);
    if (!(data instanceof Float32Array) || data.length !== count) {
      throw new DfpArgumentError(`saveLocomotionDataset: '${name}' must be a Float32Array of shape [${shape.join(', ')}] (${count} values), received ${data?.length} values`);
    }
    tensors[name] = { data, shape };
  };
  put('observations', ds.observations, [n, ds.obsDim]);
  put('actions', ds.actions, [n, ds.actDim]);
  put('rewards', ds.rewards, [n]);
  put('terminals', ds.terminals, [n]);
  put('timeouts', ds.timeouts, [n]);
  put('next_observations', ds.nextObservations, [n, ds.obsDim]);
  for (const [key, info] of Object.entries(ds.infos)) put(`infos/${key}`, info.data, [...info.shape]);
  const m = ds.metadata;
  writeSafetensors(file, tensors, {
    format: LOCOMOTION_DATASET_FORMAT,
    envId: m.envId,
    policy: m.policy,
    seed: String(m.seed),
    size: String(n),
    generatorVersion: m.generatorVersion,
    preset: JSON.stringify(m.preset),
    maxEpisodeSteps: String(m.maxEpisodeSteps),
    episodes: String(m.episodes),
    meanReturn: String(m.meanReturn),
    meanNormalizedScore: String(m.meanNormalizedScore),
  });
}

/**
 * Loads a dataset written by {@link saveLocomotionDataset}, validating the metadata (zod) and every tensor's dtype
 * and shape against the env's dimensions.
 * @throws DfpFileError naming the file for a missing, truncated or corrupt file, foreign metadata, missing tensors
 * or wrong shapes.
 */
export function loadLocomotionDataset(file: string): LocomotionDataset {
  const content = readSafetensors(file);
  const parsed = metadataSchema.safeParse(content.metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DfpFileError(`${file}: not a dfp locomotion dataset (metadata field '${issue?.path.join('.')}': ${issue?.message})`);
  }
  const m = parsed.data;
  let spec;
  try {
    spec = locomotionSpec(m.envId);
  } catch (e) {
    throw new DfpFileError(`${file}: ${(e as Error).message}`);
  }
  const n = m.size;
  const tensor = (name: string, shape: readonly number[], optional = false): StoredTensor | undefined => {
    const t = content.tensors[name];
    if (!t) {
      if (optional) return undefined;
      throw new DfpFileError(`${file}: tensor '${name}' is missing`);
    }
    if (t.dtype !== 'F32' || t.shape.length !== shape.length || t.shape.some((d, i) => shape[i] >= 0 && d !== shape[i])) {
      throw new DfpFileError(`${file}: tensor '${name}' should be F32 [${shape.map((d) => (d < 0 ? '*' : d)).join(', ')}], found ${t.dtype} [${t.shape.join(', ')}]`);
    }
    return t;
  };
  const f32 = (name: string, shape: readonly number[]): Float32Array => tensor(name, shape)!.data as Float32Array;
  const infos: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const key of ['qpos', 'qvel']) {
    const t = tensor(`infos/${key}`, [n, -1], true);
    if (t) infos[key] = { data: t.data as Float32Array, shape: [...t.shape] };
  }
  return {
    size: n,
    obsDim: spec.obsDim,
    actDim: spec.actDim,
    observations: f32('observations', [n, spec.obsDim]),
    actions: f32('actions', [n, spec.actDim]),
    rewards: f32('rewards', [n]),
    terminals: f32('terminals', [n]),
    timeouts: f32('timeouts', [n]),
    nextObservations: f32('next_observations', [n, spec.obsDim]),
    infos,
    metadata: {
      envId: m.envId,
      policy: m.policy,
      seed: m.seed,
      generatorVersion: m.generatorVersion,
      preset: m.preset,
      maxEpisodeSteps: m.maxEpisodeSteps,
      episodes: m.episodes,
      meanReturn: m.meanReturn,
      meanNormalizedScore: m.meanNormalizedScore,
    },
  };
}
