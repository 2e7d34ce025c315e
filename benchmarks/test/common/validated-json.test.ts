import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { DfpArgumentError, DfpFileError } from '@dfp/envs';
import { parseWith, readValidatedJson, writeValidatedJson } from '@dfp/benchmarks';

const schema = z.object({ n: z.number().int().positive() }).strict();

describe('parseWith / readValidatedJson / writeValidatedJson', () => {
  it('should name every invalid field and what was being read', () => {
    expect(() => parseWith(schema, { n: -1, m: 2 }, 'thing x.json')).toThrow(DfpArgumentError);
    expect(() => parseWith(schema, { n: -1, m: 2 }, 'thing x.json')).toThrow(/^thing x\.json: invalid: n: .*; \(root\): .*"m"/);
  });

  it('should write only valid values and read them back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-json-'));
    try {
      const file = path.join(dir, 'a.json');
      expect(() => writeValidatedJson(file, schema, { n: 0 }, 'thing')).toThrow(/thing \(not written to .*a\.json\): invalid: n/);
      expect(fs.existsSync(file)).toBe(false);
      writeValidatedJson(file, schema, { n: 3 }, 'thing');
      expect(readValidatedJson(file, schema, 'thing')).toEqual({ n: 3 });
      fs.writeFileSync(file, '');
      expect(() => readValidatedJson(file, schema, 'thing')).toThrow(DfpFileError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
