import { DiffusionModel, WorkerPool, activeWasmGemm, resolveWorkerScript, tf } from '@dfp/core';
import type { DiffusionModelSpec } from '@dfp/core';
import { DfpArgumentError, describeValue } from '@dfp/envs';
import type { Rng } from '@dfp/envs';
import { sample } from '../sample';
import type { SampleOptions, SampleResult, SampleStats } from '../sample';
import { contiguousParts, sliceSampleOptions, toPartRequest } from './sample-part';
import type { SamplePartRequest } from './sample-part';
import type { SampleWorkerInit, SampleWorkerReply } from './sample-worker';

/**
 * Data-parallel {@link sample} over worker threads. tfjs-wasm runs on one thread under Node, so one batched
 * replan uses one core; this splits the batch rows into `threads` contiguous parts, samples part 0 on the
 * calling thread and the others in worker threads (each with its own tfjs instance and a copy of the model,
 * shipped once at start as config + weights + normalizer), and concatenates the plans. With one noise stream
 * per row (`rng: Rng[]`) every row's plan is the one `sample` gives for the whole batch, up to float rounding.
 * The model's weights must not change while the sampler is open.
 *
 * @example
 * ```ts
 * const ps = await ParallelSampler.start(model, 2);
 * const { tokens } = await ps.sample(observations, { horizon: 30, rng: observations.map((_, b) => new Rng(b)) });
 * await ps.close();
 * ```
 */
export class ParallelSampler {
  private constructor(
    private readonly model: DiffusionModelSpec,
    private readonly pool: WorkerPool<SampleWorkerInit, SamplePartRequest, SampleWorkerReply>,
  ) {}

  /** Threads a batch is split over (the calling thread plus the workers). */
  get threads(): number {
    return this.pool.size + 1;
  }

  /**
   * Starts `threads - 1` workers on the current tfjs backend (wasm or cpu).
   * @param model - with `threads > 1`, a core `DiffusionModel` (workers rebuild it from its config and weights).
   * @param threads - total threads, integer in [1, 64].
   * @throws DfpArgumentError on a bad thread count, a model that is not a `DiffusionModel`, or a backend other than wasm/cpu.
   */
  static async start(model: DiffusionModelSpec, threads: number): Promise<ParallelSampler> {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new DfpArgumentError(`ParallelSampler.start: threads must be an integer in [1, 64], received ${describeValue(threads)}`);
    if (threads === 1) return new ParallelSampler(model, await WorkerPool.start('', 0, null as never, 'sample worker'));
    if (!(model instanceof DiffusionModel)) {
      throw new DfpArgumentError(`ParallelSampler.start: more than one thread needs a DiffusionModel from @dfp/core (workers rebuild it from config and weights), received ${describeValue(model)}`);
    }
    const init: SampleWorkerInit = {
      sampleWorker: true, backend: tf.getBackend(), wasmGemm: activeWasmGemm() ?? 'off', config: model.config, weights: model.getWeights(),
      normalizer: { mean: Float32Array.from(model.normalizer.mean), std: Float32Array.from(model.normalizer.std) },
    };
    const script = resolveWorkerScript(__dirname, 'sample-worker.js', 'ParallelSampler');
    return new ParallelSampler(model, await WorkerPool.start(script, threads - 1, init, 'sample worker'));
  }

  /**
   * `sample(model, observations, options)` with the rows split over the threads. With more than one part,
   * `options.rng` must be one Rng per row; each is advanced as if the whole batch had been sampled here.
   * `stats` counts one part's rows and backbone work (the same for every part) and the wall time of the call.
   * @throws DfpArgumentError as `sample`, for a single shared Rng, or for a guidance objective without a `spec` (`custom`).
   */
  async sample(observations: readonly ArrayLike<number>[], options: SampleOptions): Promise<SampleResult> {
    const started = performance.now();
    const B = Array.isArray(observations) ? observations.length : 0;
    const ranges = B > 0 ? contiguousParts(B, this.threads) : [];
    if (ranges.length <= 1) return sample(this.model, observations, options);
    const parts = ranges.map((r) => ({ r, options: sliceSampleOptions(options, B, r), observations: observations.slice(r.from, r.to) }));
    const requests = parts.slice(1).map((p) => toPartRequest(p.observations, p.options)); // validates before any work starts
    const pending = Promise.all(requests.map((req, i) => this.pool.request(i, req)));
    pending.catch(() => undefined); // a worker failing while part 0 runs is reported below, not as an unhandled rejection
    let local: SampleResult;
    try {
      local = await sample(this.model, parts[0].observations, parts[0].options); // runs while the workers sample theirs
    } catch (e) {
      await pending.catch(() => undefined);
      throw e;
    }
    const remote = await pending;
    const perRow = local.tokens.length / local.batch;
    const tokens = new Float32Array(perRow * B);
    tokens.set(local.tokens, 0);
    const stats: SampleStats = { ...local.stats };
    remote.forEach((rep, i) => {
      const p = parts[i + 1];
      tokens.set(rep.tokens!, perRow * p.r.from);
      (p.options.rng as readonly Rng[]).forEach((rng, j) => rng.setState(rep.rngStates![j]));
      stats.rows = Math.max(stats.rows, rep.stats!.rows);
      stats.backboneCalls = Math.max(stats.backboneCalls, rep.stats!.backboneCalls);
      stats.tokenEvaluations = Math.max(stats.tokenEvaluations, rep.stats!.tokenEvaluations);
    });
    stats.ms = performance.now() - started;
    return { tokens, batch: B, horizon: local.horizon, stats };
  }

  /** Stops the workers (idempotent). */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
