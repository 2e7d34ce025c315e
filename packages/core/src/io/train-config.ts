import * as path from 'node:path';
import { DfpArgumentError, DfpFileError } from '../errors';
import { trainConfigSchema, type ModelConfig, type TrainConfig } from './config-schema';
import { formatZodError } from './format-zod-error';
import { readJsonFile } from './read-json-file';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain JSON objects: `over` wins; arrays and scalars are replaced, objects merged. */
export function mergeConfig(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeConfig(out[k] as Json, v) : v;
  return out;
}

function readJson(file: string): Json {
  const json = readJsonFile(file, 'config');
  if (!isObject(json)) throw new DfpFileError(`${file}: config must be a JSON object`);
  return json;
}

/** The raw merged JSON of `file` and the chain of files it `extends` (paths relative to each file). */
function loadRaw(file: string, seen: string[]): Json {
  const abs = path.resolve(file);
  if (seen.includes(abs)) throw new DfpFileError(`${file}: circular "extends" chain: ${[...seen, abs].join(' -> ')}`);
  const json = readJson(abs);
  const { extends: parent, ...rest } = json;
  // "continues.config" is relative to the file that sets it, like "extends"; kept relative to the working folder.
  if (isObject(rest.continues) && typeof rest.continues.config === 'string') {
    rest.continues = { ...rest.continues, config: path.relative(process.cwd(), path.resolve(path.dirname(abs), rest.continues.config)) };
  }
  if (parent === undefined) return rest;
  if (typeof parent !== 'string') throw new DfpFileError(`${file}: "extends" must be a file path string`);
  return mergeConfig(loadRaw(path.resolve(path.dirname(abs), parent), [...seen, abs]), rest);
}

/**
 * Validates a merged config object and fills defaults.
 * @throws DfpArgumentError naming the invalid fields.
 */
export function resolveTrainConfig(raw: unknown, source = 'config'): TrainConfig {
  const parsed = trainConfigSchema.safeParse(raw);
  if (!parsed.success) throw new DfpArgumentError(`${source}: invalid training config: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Reads a training config file (`configs/*.json`): follows `"extends": "base.json"` chains, deep-merges the
 * overrides, applies `overrides` last (e.g. CLI flags), validates with zod and fills defaults.
 * @throws DfpFileError for unreadable or non-JSON files; DfpArgumentError for invalid values.
 */
export function loadTrainConfig(file: string, overrides: Json = {}): TrainConfig {
  return resolveTrainConfig(mergeConfig(loadRaw(file, []), overrides), file);
}

/** The model config of a training config, for data with the given observation and action sizes. */
export function modelConfigFromTrainConfig(config: TrainConfig, dims: { obsDim: number; actDim: number }): ModelConfig {
  const m = config.model;
  return {
    layout: { obsDim: dims.obsDim, actDim: dims.actDim, rewardDim: m.rewardDim, frameStack: m.frameStack },
    objective: m.objective,
    schedule: m.schedule,
    backbone: m.backbone === 'rnn' ? { kind: 'rnn', ...m.rnn } : { kind: 'transformer', ...m.transformer },
  };
}
