import type { DiffusionModelSpec, StepwisePlanSession } from '@dfp/core';
import { tf, tokenDim } from '@dfp/core';
import { DfpArgumentError, assertInteger, describeValue } from '@dfp/envs';
import type { Rng } from '@dfp/envs';
import { affine, isStepwise, openPlanSession, perToken, runForward, runStepwise, tidyObject } from './chain';
import type { ChainCounters } from './chain';
import { ddimTimes } from './ddim-step';
import type { SamplerKind } from './ddim-step';
import { checkNormalizer, normalizeObservations } from './frames';
import { createGuidanceSetup, gradientAndOutput, guidanceValue } from './guidance/apply-guidance';
import type { GuidanceOptions, GuidanceSetup } from './guidance/apply-guidance';
import { jointMcgSamples, stepwiseMcgSamples } from './guidance/monte-carlo-guidance';
import type { McgDraw } from './guidance/monte-carlo-guidance';
import { rowRngs, tokenMajorNoiseTensor } from './noise';
import { rowCoefficients } from './row-coefficients';
import type { RowCoefficients } from './row-coefficients';
import { schedulingMatrix, validateSchedulingMatrix } from './schedule';
import type { SchedulingKind, SchedulingMatrix } from './schedule';
import { planRow, stabilizationLevel } from './stabilization';
import type { RowPlan, UnstartedTokens } from './stabilization';

/**
 * Diffusion Forcing sampling over a scheduling matrix (DF Alg. 2; research doc §2.1–2.4, §3).
 *
 * Rows are processed top to bottom in one `tf.tidy` each. Within a row, tokens go left to right through
 * the backbone, each takes its DDIM/DDPM step, and guidance adds `scale·λ·∂J/∂x` to the still-noisy tokens.
 * For a `StepwiseBackbone` the latent after the longest prefix of finished tokens (whose inputs can no
 * longer change) is cached across rows, so each row only runs the tokens after it; the reference code
 * recomputes the whole chain every row ((S+H)·H cell calls).
 */

/** Inpainting (Diffuser-style conditioning): entries with `mask = 1` are overwritten with `values` after every row. */
export interface Inpainting {
  /** `[B, H, tokenDim]` row-major, 1 where the value is imposed, else 0. */
  readonly mask: Float32Array;
  /** `[B, H, tokenDim]` row-major normalized values (read where `mask = 1`). */
  readonly values: Float32Array;
}

/** Options of {@link sample}. */
export interface SampleOptions {
  /** Number of plan tokens H. */
  readonly horizon: number;
  /**
   * Seeded noise: one `Rng` for the whole batch, or one per batch row (then row b's plan depends only on
   * `rng[b]` and its own inputs, not on the other rows: what lets the planner split a batch over threads).
   * Every row's draws (initial plan, DDPM/η noise, MCG re-noising) are read from its stream in token order.
   */
  readonly rng: Rng | readonly Rng[];
  /** DDIM steps S. @defaultValue min(50, K) */
  readonly samplingSteps?: number;
  /** A built-in schedule or a custom matrix (validated). @defaultValue 'pyramid' */
  readonly scheduling?: SchedulingKind | SchedulingMatrix;
  /** Pyramid lag u (only with `scheduling: 'pyramid'`). @defaultValue 1 */
  readonly uncertaintyScale?: number;
  /** @defaultValue 'ddim' */
  readonly sampler?: SamplerKind;
  /** DDIM η (0 = deterministic, as in the paper). @defaultValue 0 */
  readonly eta?: number;
  /** Noise level finished tokens are fed at. @defaultValue times[S-1] (19 of 1000 for S = 50) */
  readonly stabilizationLevel?: number;
  /** @defaultValue 'step' (the reference code) */
  readonly unstartedTokens?: UnstartedTokens;
  /** Cache the finished prefix's latent (stepwise backbones only; exact). @defaultValue true */
  readonly cachePrefix?: boolean;
  /** Guidance (null or scale 0: unguided). */
  readonly guidance?: GuidanceOptions | null;
  readonly inpaint?: Inpainting | null;
}

/** Counters of one sampling run. */
export interface SampleStats extends ChainCounters {
  /** Rows of the matrix in which at least one token stepped (rows where nothing changes are skipped). */
  rows: number;
  /** Wall-clock milliseconds of the whole call. */
  ms: number;
}

/** Result of {@link sample}. */
export interface SampleResult {
  /** Final normalized tokens `[B, H, tokenDim]`, row-major. */
  readonly tokens: Float32Array;
  readonly batch: number;
  readonly horizon: number;
  readonly stats: SampleStats;
}

/** Checks that a model spec is usable by the planner (dims, schedule, normalizer). @internal */
export function checkModel(who: string, model: DiffusionModelSpec): void {
  if (!model || typeof model !== 'object' || !model.layout || !model.backbone) {
    throw new DfpArgumentError(`${who}: model must be a DiffusionModelSpec ({layout, backbone, objective, K, alphaBar, normalizer}), received ${describeValue(model)}`);
  }
  const { layout, backbone, alphaBar, K } = model;
  const D = tokenDim(layout);
  if (backbone.tokenDim !== D) throw new DfpArgumentError(`${who}: backbone.tokenDim ${backbone.tokenDim} does not match the layout's token size ${D} (frameStack ${layout.frameStack} x frame ${D / layout.frameStack})`);
  if (backbone.obsDim !== layout.obsDim) throw new DfpArgumentError(`${who}: backbone.obsDim ${backbone.obsDim} does not match layout.obsDim ${layout.obsDim}`);
  assertInteger(`${who}: model.K`, K, 1);
  if (!alphaBar || alphaBar.length !== K) throw new DfpArgumentError(`${who}: model.alphaBar must have K = ${K} entries, received ${alphaBar ? alphaBar.length : alphaBar}`);
  checkNormalizer(who, layout, model.normalizer);
}

/** Scheduling matrix for the options (built-in kind or validated custom matrix). @internal */
export function resolveMatrix(scheduling: SchedulingKind | SchedulingMatrix, horizon: number, S: number, uncertaintyScale?: number): number[][] {
  if (typeof scheduling === 'string') {
    return schedulingMatrix({ kind: scheduling, horizon, samplingSteps: S, ...(scheduling === 'pyramid' ? { uncertaintyScale } : {}) });
  }
  if (uncertaintyScale !== undefined) throw new DfpArgumentError('sample: uncertaintyScale applies only to scheduling \'pyramid\', not to a custom matrix');
  return validateSchedulingMatrix(scheduling, S, horizon);
}

interface Run {
  readonly model: DiffusionModelSpec;
  /** Planning session of a stepwise backbone (null: whole-sequence path). */
  readonly stepwise: StepwisePlanSession | null;
  readonly matrix: number[][];
  readonly times: Int32Array;
  readonly kStab: number;
  readonly unstarted: UnstartedTokens;
  readonly sampler: SamplerKind;
  readonly eta: number;
  readonly cachePrefix: boolean;
  readonly guidance: GuidanceSetup | null;
  /** One noise stream per batch row. */
  readonly rngs: readonly Rng[];
  readonly z0: tf.Tensor2D;
  readonly inpaint: { keep: tf.Tensor3D; add: tf.Tensor3D } | null;
  readonly stats: SampleStats;
}

/** Tensors carried from row to row. */
interface State {
  /** Plan tokens, token-major `[H, B, D]`. */
  X: tf.Tensor3D;
  /** Latent after the cached prefix (z0 when empty). */
  z: tf.Tensor2D;
  /** Number of tokens in the cached prefix. */
  upTo: number;
  /** x0 predictions of the cached prefix `[upTo, B, D]` (kept only when guided). */
  x0Prefix: tf.Tensor3D | null;
}

/**
 * Samples H-token plans for a batch of current observations.
 *
 * @param model - a trained model (any backbone; `StepwiseBackbone`s get prefix caching).
 * @param observations - raw current observations, one per batch element (encoded into z0).
 * @example
 * ```ts
 * const { tokens } = await sample(model, [obs], { horizon: 30, rng: new Rng(0), guidance: { objective: goalDistance([1, 1]), scale: 10 } });
 * ```
 */
export async function sample(model: DiffusionModelSpec, observations: readonly ArrayLike<number>[], options: SampleOptions): Promise<SampleResult> {
  const started = performance.now();
  checkModel('sample', model);
  const { layout, backbone } = model;
  const H = assertInteger('sample: horizon', options.horizon, 1);
  const S = assertInteger(`sample: samplingSteps (K = ${model.K})`, options.samplingSteps ?? Math.min(50, model.K), 1, model.K);
  const times = ddimTimes(model.K, S);
  const obs = normalizeObservations('sample', observations, layout, model.normalizer);
  const B = observations.length;
  const rngs = rowRngs(options.rng, B, 'sample');
  const D = tokenDim(layout);
  const stepwiseBackbone = isStepwise(backbone) ? backbone : null;
  const matrix = resolveMatrix(options.scheduling ?? 'pyramid', H, S, options.uncertaintyScale);
  const unstarted = options.unstartedTokens ?? 'step';
  if (unstarted !== 'step' && unstarted !== 'hold') throw new DfpArgumentError(`sample: unstartedTokens must be 'step' or 'hold', received ${describeValue(unstarted)}`);
  const kStab = stabilizationLevel(times, options.stabilizationLevel);
  const inpaint = options.inpaint ?? null;
  if (inpaint && (inpaint.mask.length !== B * H * D || inpaint.values.length !== B * H * D)) {
    throw new DfpArgumentError(`sample: inpaint.mask and inpaint.values must have B·H·D = ${B * H * D} entries, received ${inpaint.mask.length} and ${inpaint.values.length}`);
  }
  const guidance = createGuidanceSetup(options.guidance, B, H, layout, model.normalizer);
  const stats: SampleStats = { rows: 0, backboneCalls: 0, tokenEvaluations: 0, ms: 0 };
  const init = tidyObject(() => {
    const z0 = backbone.encode(tf.tensor2d(obs, [B, layout.obsDim]));
    const toTokenMajor = (a: Float32Array): tf.Tensor3D => tf.transpose(tf.tensor3d(a, [B, H, D]), [1, 0, 2]) as tf.Tensor3D;
    const ip = inpaint ? { keep: tf.sub(1, toTokenMajor(inpaint.mask)) as tf.Tensor3D, add: tf.mul(toTokenMajor(inpaint.mask), toTokenMajor(inpaint.values)) as tf.Tensor3D } : null;
    let X = tokenMajorNoiseTensor(rngs, new Float32Array(H).fill(1), D); // plan[0..H-1] ~ N(0, I)
    if (ip) X = tf.add(tf.mul(X, ip.keep), ip.add);
    return { z0, ip, X };
  });
  const stepwise = stepwiseBackbone ? openPlanSession(stepwiseBackbone, [...times.slice(0, S), kStab]) : null;
  const run: Run = {
    model, stepwise, matrix, times, kStab, unstarted, rngs, guidance, stats,
    sampler: options.sampler ?? 'ddim', eta: options.eta ?? 0, cachePrefix: options.cachePrefix ?? true,
    z0: init.z0, inpaint: init.ip,
  };
  let state: State = { X: init.X, z: init.z0, upTo: 0, x0Prefix: null };
  try {
    for (let m = 0; m < matrix.length; m++) {
      const plan = planRow(matrix, m, times, kStab, unstarted);
      if (plan.stepEnd === 0) continue; // nothing changes in this row (e.g. the final all-finished row)
      const next = tidyObject(() => runRow(run, state, plan));
      disposeReplaced(state, next);
      state = next;
      stats.rows++;
    }
    const batchMajor = tf.tidy(() => tf.transpose(state.X, [1, 0, 2]));
    const tokens = (await batchMajor.data()) as Float32Array;
    batchMajor.dispose();
    stats.ms = performance.now() - started;
    return { tokens, batch: B, horizon: H, stats };
  } finally {
    tf.dispose([state.X, state.z, ...(state.x0Prefix ? [state.x0Prefix] : []), init.z0]);
    if (init.ip) tf.dispose([init.ip.keep, init.ip.add]);
    guidance?.dispose();
    stepwise?.dispose();
  }
}

function disposeReplaced(prev: State, next: State): void {
  if (prev.X !== next.X) prev.X.dispose();
  if (prev.z !== next.z && prev.upTo > 0) prev.z.dispose(); // z0 (upTo 0) is owned by the run
  if (prev.x0Prefix && prev.x0Prefix !== next.x0Prefix) prev.x0Prefix.dispose();
}

/** Steps tokens [from, to) of X (finished, fed at the stabilization level) from latent z; no gradient flows. */
function extendPrefix(run: Run, z: tf.Tensor2D, X: tf.Tensor3D, from: number, to: number): { z: tf.Tensor2D; x0: tf.Tensor3D | null } {
  if (to <= from) return { z, x0: null };
  const [, B, D] = X.shape;
  const xs = tf.slice(X, [from, 0, 0], [to - from, B, D]) as tf.Tensor3D;
  const levels = new Int32Array(to - from).fill(run.kStab);
  const r = runStepwise(run.stepwise!, z, xs, levels, run.stats);
  if (!run.guidance) return { z: r.z, x0: null };
  const c = rowCoefficients({ steps: new Int32Array(to - from).fill(-1), levels }, 0, to - from, run.times, run.model, run.sampler, run.eta);
  return { z: r.z, x0: affine(c.x0FromX, xs, c.x0FromOut, r.out) };
}

/** One row of the scheduling matrix; returns the next state (new tensors are tracked by the caller's tidy). */
function runRow(run: Run, state: State, plan: RowPlan): State {
  const { X } = state;
  const [H, B, D] = X.shape;
  const f = plan.frozenPrefix;
  let z = run.z0;
  let upTo = 0;
  let x0Prefix: tf.Tensor3D | null = null;
  if (run.stepwise) {
    if (run.cachePrefix) {
      const ext = extendPrefix(run, state.z, X, state.upTo, f);
      z = ext.z;
      upTo = Math.max(f, state.upTo);
      x0Prefix = ext.x0 ? (state.x0Prefix ? (tf.concat([state.x0Prefix, ext.x0], 0) as tf.Tensor3D) : ext.x0) : state.x0Prefix;
    } else {
      const ext = extendPrefix(run, run.z0, X, 0, f); // recompute the finished prefix every row
      z = ext.z;
      x0Prefix = ext.x0;
    }
  }
  // Active range [f, e): the tokens after the frozen prefix. Without guidance, tokens after the last
  // stepping one do not influence anything and are not run (stepwise backbones only).
  const e = run.guidance || !run.stepwise ? H : plan.stepEnd;
  const ta = e - f;
  const c = rowCoefficients(plan, f, e, run.times, run.model, run.sampler, run.eta);
  const xa = f === 0 && e === H ? X : (tf.slice(X, [f, 0, 0], [ta, B, D]) as tf.Tensor3D);
  const chain = (xi: tf.Tensor3D): { out: tf.Tensor3D; value: tf.Scalar | null } =>
    run.stepwise ? stepwiseChain(run, z, xi, plan, f, c, x0Prefix) : forwardChain(run, X, xi, plan, f, c);
  let out: tf.Tensor3D;
  let update: tf.Tensor3D;
  if (run.guidance) {
    const g = gradientAndOutput(xa, (xi) => {
      const r = chain(xi);
      return { out: r.out, value: r.value! };
    });
    out = g.out;
    try {
      const lambda = Float32Array.from(c.guidance, (l) => l * run.guidance!.scale);
      update = tf.add(affine(c.nextFromX, xa, c.nextFromOut, out), tf.mul(perToken(lambda), g.grad)) as tf.Tensor3D;
    } finally {
      out.dispose();
    }
  } else {
    out = chain(xa).out;
    update = affine(c.nextFromX, xa, c.nextFromOut, out);
  }
  if (c.sigma.some((s) => s > 0)) update = tf.add(update, tokenMajorNoiseTensor(run.rngs, c.sigma, D)) as tf.Tensor3D;
  const parts: tf.Tensor3D[] = [];
  if (f > 0) parts.push(tf.slice(X, [0, 0, 0], [f, B, D]) as tf.Tensor3D);
  parts.push(update);
  if (e < H) parts.push(tf.slice(X, [e, 0, 0], [H - e, B, D]) as tf.Tensor3D);
  let nextX = parts.length === 1 ? update : (tf.concat(parts, 0) as tf.Tensor3D);
  if (run.inpaint) nextX = tf.add(tf.mul(nextX, run.inpaint.keep), run.inpaint.add) as tf.Tensor3D;
  return { X: nextX, z: upTo > 0 ? z : run.z0, upTo, x0Prefix: run.cachePrefix ? x0Prefix : null };
}

function mcgDraw(run: Run, coef: RowCoefficients): McgDraw {
  return { coef, extra: run.guidance!.samples - 1, rngs: run.rngs, counters: run.stats };
}

/** Stepwise chain over the active tokens `xa` from latent z (+ MCG samples and the guidance value when guided). */
function stepwiseChain(run: Run, z: tf.Tensor2D, xa: tf.Tensor3D, plan: RowPlan, f: number, c: RowCoefficients, x0Prefix: tf.Tensor3D | null): { out: tf.Tensor3D; value: tf.Scalar | null } {
  const r = runStepwise(run.stepwise!, z, xa, plan.levels.subarray(f, f + xa.shape[0]), run.stats);
  const out = r.out;
  if (!run.guidance) return { out, value: null };
  const x0 = affine(c.x0FromX, xa, c.x0FromOut, out);
  const extra = stepwiseMcgSamples(run.stepwise!, x0, r.zBefore, plan.levels.subarray(f), mcgDraw(run, c));
  const full = [x0, ...extra].map((s) => (x0Prefix ? (tf.concat([x0Prefix, s], 0) as tf.Tensor3D) : s));
  return { out, value: guidanceValue(run.guidance, full) };
}

/** Whole-sequence chain (any backbone): all H tokens, gradient only into the active part `xa = X[f:]`. */
function forwardChain(run: Run, X: tf.Tensor3D, xa: tf.Tensor3D, plan: RowPlan, f: number, c: RowCoefficients): { out: tf.Tensor3D; value: tf.Scalar | null } {
  const [H, B, D] = X.shape;
  const xAll = f > 0 ? (tf.concat([tf.slice(X, [0, 0, 0], [f, B, D]), xa], 0) as tf.Tensor3D) : xa;
  const outAll = runForward(run.model.backbone, run.z0, xAll, plan.levels, run.stats);
  const out = f > 0 ? (tf.slice(outAll, [f, 0, 0], [H - f, B, D]) as tf.Tensor3D) : outAll;
  if (!run.guidance) return { out, value: null };
  const x0Active = affine(c.x0FromX, xa, c.x0FromOut, out);
  let x0All = x0Active;
  if (f > 0) {
    const pc = rowCoefficients(plan, 0, f, run.times, run.model, run.sampler, run.eta);
    const x0Prefix = affine(pc.x0FromX, tf.slice(X, [0, 0, 0], [f, B, D]), pc.x0FromOut, tf.slice(outAll, [0, 0, 0], [f, B, D]));
    x0All = tf.concat([x0Prefix, x0Active], 0) as tf.Tensor3D;
  }
  const extra = jointMcgSamples(run.model.backbone, run.z0, xAll, x0All, f, plan.levels, mcgDraw(run, c));
  return { out, value: guidanceValue(run.guidance, [x0All, ...extra]) };
}
