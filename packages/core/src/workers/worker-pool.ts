import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError, DfpFileError } from '../errors';

/**
 * Worker threads for data-parallel work on the tfjs wasm/cpu backends (one tfjs instance per thread; tfjs-wasm
 * runs on a single thread under Node). Shared by `ParallelGradients` (training) and the planner's parallel
 * sampler. Protocol: a worker is started with `workerData = init`, posts one message when ready (or
 * `{error}`), then answers each request with exactly one message (`{error: string}` on failure).
 */

/** What every worker reply may carry: an error message instead of a result. */
export interface WorkerReplyBase {
  readonly error?: string;
}

/**
 * Path of a compiled worker script: next to the calling module when it runs from `dist/`, else the same
 * relative place in its package's `dist/` (when the caller runs from the TypeScript sources, e.g. under jest).
 *
 * @param callerDir - `__dirname` of the module that starts the workers (in `<package>/src/...` or `<package>/dist/...`).
 * @param file - the script's file name, e.g. `'gradient-worker.js'`.
 * @param who - name used in the error message.
 * @throws DfpFileError when neither file exists (build the packages first).
 */
export function resolveWorkerScript(callerDir: string, file: string, who: string): string {
  const here = path.join(callerDir, file);
  if (fs.existsSync(here)) return here;
  const parts = callerDir.split(path.sep);
  const src = parts.lastIndexOf('src');
  const built = src >= 0 ? path.join([...parts.slice(0, src), 'dist', ...parts.slice(src + 1)].join(path.sep), file) : here;
  if (fs.existsSync(built)) return built;
  throw new DfpFileError(`${who}: worker script not found (${here} or ${built}); build the packages first (npm run build)`);
}

/**
 * A fixed set of worker threads running one script, each answering one request at a time.
 *
 * @example
 * ```ts
 * const pool = await WorkerPool.start<Init, Req, Reply>(script, 1, init, 'gradient worker');
 * const reply = await pool.request(0, req);
 * await pool.close();
 * ```
 */
export class WorkerPool<Init, Req, Reply extends WorkerReplyBase> {
  /** Exit codes of workers that stopped (a request to one of them fails at once instead of waiting forever). */
  private readonly exited = new Map<Worker, number>();

  private constructor(private readonly workers: Worker[], private readonly who: string) {
    workers.forEach((w) => w.once('exit', (code: number) => this.exited.set(w, code)));
  }

  /** Number of running workers. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts `count` workers of `script` with `workerData = init` and waits until each reports ready.
   * With `count = 0` no script is needed (pass `''`).
   * @param who - name of the workers in error messages.
   * @throws DfpArgumentError when the current tfjs backend cannot run in workers, or a worker fails to start.
   */
  static async start<Init, Req, Reply extends WorkerReplyBase>(script: string, count: number, init: Init, who: string): Promise<WorkerPool<Init, Req, Reply>> {
    if (!Number.isInteger(count) || count < 0 || count > 63) throw new DfpArgumentError(`${who}: the number of workers must be an integer in [0, 63], received ${count}`);
    const backend = tf.getBackend();
    if (count > 0 && backend !== 'wasm' && backend !== 'cpu') throw new DfpArgumentError(`${who}: worker threads support the wasm and cpu backends, not '${backend}'`);
    const workers = Array.from({ length: count }, () => new Worker(script, { workerData: init }));
    try {
      await Promise.all(workers.map((w) => nextReply(w, who)));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new WorkerPool<Init, Req, Reply>(workers, who);
  }

  /** Sends `req` to worker `i` and resolves with its reply; rejects on its `{error}`, an error event or an exit. */
  request(i: number, req: Req): Promise<Reply> {
    const w = this.workers[i];
    if (!w) return Promise.reject(new DfpArgumentError(`${this.who}: no worker ${i} (the pool has ${this.workers.length}; closed pools have none)`));
    if (this.exited.has(w)) return Promise.reject(new DfpArgumentError(`${this.who} ${i} exited earlier with code ${this.exited.get(w)}; close the pool and start a new one`));
    const pending = nextReply<Reply>(w, this.who);
    w.postMessage(req);
    return pending;
  }

  /** Stops the workers (idempotent). */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** The next message of a worker; rejects on its error message, an error event or an exit. */
function nextReply<Reply extends WorkerReplyBase>(w: Worker, who: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (m: Reply) => {
      done();
      if (m && m.error) reject(new DfpArgumentError(`${who}: ${m.error}`));
      else resolve(m);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onExit = (code: number) => {
      done();
      reject(new DfpArgumentError(`${who} exited with code ${code}`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

/**
 * Body of a worker thread of a {@link WorkerPool}: runs `setup(workerData)` (load the backend and the model),
 * reports ready, then answers every request with `handle(request)`; errors become `{error}` replies. Call it
 * at the bottom of a worker script, only when running as a worker: `if (isWorkerWith('config')) void serveWorker(...)`.
 */
export async function serveWorker<Init, Req, Reply extends WorkerReplyBase>(setup: (init: Init) => Promise<(req: Req) => Reply | Promise<Reply>>): Promise<void> {
  const port = parentPort!;
  const fail = (e: unknown) => port.postMessage({ error: (e as Error).message ?? String(e) } satisfies WorkerReplyBase);
  try {
    const handle = await setup(workerData as Init);
    port.on('message', (req: Req) => {
      // Replies are copied, not transferred: on the cpu backend the arrays may be tfjs' own storage.
      Promise.resolve()
        .then(() => handle(req))
        .then((reply) => port.postMessage(reply), fail);
    });
    port.postMessage({} satisfies WorkerReplyBase);
  } catch (e) {
    fail(e);
  }
}

/** True in a worker thread started with a `workerData` object that has `key` (the main thread imports worker scripts only for types). */
export function isWorkerWith(key: string): boolean {
  return parentPort !== null && typeof workerData === 'object' && workerData !== null && key in workerData;
}
