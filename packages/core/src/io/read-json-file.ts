import * as fs from 'node:fs';
import { DfpFileError } from '../errors';

/**
 * Reads and parses a JSON file.
 * @param what - what the file is, for messages ("config", "checkpoint metadata").
 * @throws DfpFileError naming the file when it cannot be read or is not valid JSON.
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DfpFileError(`${file}: cannot read ${what} (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DfpFileError(`${file}: ${what} is not valid JSON, truncated or corrupt (${(e as Error).message})`);
  }
}
