import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpFileError } from '@dfp/core';
import { readJsonFile } from '../../src/io/read-json-file';

describe('readJsonFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-json-'));

  it('should parse a JSON file', () => {
    const f = path.join(dir, 'ok.json');
    fs.writeFileSync(f, '{"a": [1, 2]}');
    expect(readJsonFile(f, 'thing')).toEqual({ a: [1, 2] });
  });

  it('should name the file and what it is when it is missing or not JSON', () => {
    expect(() => readJsonFile(path.join(dir, 'missing.json'), 'thing')).toThrow(DfpFileError);
    expect(() => readJsonFile(path.join(dir, 'missing.json'), 'thing')).toThrow(/missing\.json: cannot read thing/);
    const f = path.join(dir, 'bad.json');
    fs.writeFileSync(f, '{"a": ');
    expect(() => readJsonFile(f, 'thing')).toThrow(/bad\.json: thing is not valid JSON, truncated or corrupt/);
  });
});
