import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpFileError, WorkerPool, initBackend, resolveWorkerScript } from '@dfp/core';

beforeAll(() => initBackend('wasm'));

describe('resolveWorkerScript', () => {
  it("should find the script next to the caller, else at the same place in the package's dist/", () => {
    // Arrange: <root>/pkg/src/x (caller) and <root>/pkg/dist/x/w.js
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-worker-'));
    const src = path.join(root, 'pkg', 'src', 'x');
    const dist = path.join(root, 'pkg', 'dist', 'x');
    fs.mkdirSync(src, { recursive: true });
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'w.js'), '');
    // Act / Assert
    expect(resolveWorkerScript(src, 'w.js', 'test')).toBe(path.join(dist, 'w.js'));
    expect(resolveWorkerScript(dist, 'w.js', 'test')).toBe(path.join(dist, 'w.js'));
    expect(() => resolveWorkerScript(src, 'missing.js', 'Mine')).toThrow(DfpFileError);
    expect(() => resolveWorkerScript(src, 'missing.js', 'Mine')).toThrow(/Mine: worker script not found .*build the packages first/);
  });
});

describe('WorkerPool', () => {
  it('should start no worker for count 0 and reject requests and bad counts clearly', async () => {
    const pool = await WorkerPool.start<null, number, { error?: string }>('', 0, null, 'test worker');
    expect(pool.size).toBe(0);
    await expect(pool.request(0, 1)).rejects.toThrow(/test worker: no worker 0 \(the pool has 0/);
    await expect(WorkerPool.start('', -1, null, 'test worker')).rejects.toThrow(/test worker: the number of workers must be an integer in \[0, 63\], received -1/);
    await pool.close();
  });
});

describe('WorkerPool with a worker script', () => {
  // A plain-JS worker: ready at once; doubles a number, replies {error} for 'bad', exits with code 3 for 'exit'.
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-pool-')), 'echo-worker.js');
  fs.writeFileSync(script, `const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', (m) => m === 'exit' ? process.exit(3) : parentPort.postMessage(m === 'bad' ? { error: 'bad request' } : { value: m * workerData.factor }));
parentPort.postMessage({});`);

  it('should answer requests, turn {error} replies into rejections and fail fast on a worker that exited', async () => {
    const pool = await WorkerPool.start<{ factor: number }, number | string, { value?: number; error?: string }>(script, 2, { factor: 2 }, 'echo worker');
    try {
      expect(await Promise.all([pool.request(0, 3), pool.request(1, 5)])).toEqual([{ value: 6 }, { value: 10 }]);
      await expect(pool.request(0, 'bad')).rejects.toThrow(/echo worker: bad request/);
      await expect(pool.request(1, 'exit')).rejects.toThrow(/echo worker exited with code 3/);
      await expect(pool.request(1, 1)).rejects.toThrow(/echo worker 1 exited earlier with code 3/);
      expect(await pool.request(0, 1)).toEqual({ value: 2 });
    } finally {
      await pool.close();
    }
  });
});
