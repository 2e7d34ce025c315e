import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '@dfp/envs';

describe('writeFileAtomic', () => {
  it('should create parent folders, replace the file and leave no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-aw-'));
    try {
      const file = path.join(dir, 'deep', 'x.txt');
      writeFileAtomic(file, 'first');
      writeFileAtomic(file, Uint8Array.of(0x6f, 0x6b));
      expect(fs.readFileSync(file, 'utf8')).toBe('ok');
      expect(fs.readdirSync(path.dirname(file))).toEqual(['x.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should keep the old file and clean up when the rename fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-aw-'));
    try {
      const target = path.join(dir, 'folder');
      fs.mkdirSync(path.join(target, 'child'), { recursive: true }); // renaming a file over a non-empty folder fails
      expect(() => writeFileAtomic(target, 'data')).toThrow();
      expect(fs.readdirSync(dir)).toEqual(['folder']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
