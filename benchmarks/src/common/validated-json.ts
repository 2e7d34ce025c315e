import * as fs from 'node:fs';
import { DfpArgumentError, DfpFileError, writeFileAtomic } from '@dfp/envs';
import type { z } from 'zod';

/** One line per zod issue: `path.to.field: message`. @internal */
export function zodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/**
 * Validates `value` with `schema`.
 * @param what - what the value is, for the message (`bench config configs/bench-maze2d.json`).
 * @throws DfpArgumentError naming every invalid field.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DfpArgumentError(`${what}: invalid: ${zodIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Reads a JSON file and validates it with `schema`.
 * @throws DfpFileError when the file cannot be read or is not JSON (truncated, corrupt); DfpArgumentError when it
 * does not match the schema.
 */
export function readValidatedJson<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DfpFileError(`${file}: cannot read ${what} (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DfpFileError(`${file}: ${what} is not valid JSON, truncated or corrupt (${(e as Error).message})`);
  }
  return parseWith(schema, json, `${what} ${file}`);
}

/** Validates `value` with `schema` (so nothing invalid is ever written), then writes it as pretty JSON atomically. */
export function writeValidatedJson<S extends z.ZodType>(file: string, schema: S, value: unknown, what: string): z.output<S> {
  const valid = parseWith(schema, value, `${what} (not written to ${file})`);
  writeFileAtomic(file, `${JSON.stringify(valid, null, 2)}\n`);
  return valid;
}
