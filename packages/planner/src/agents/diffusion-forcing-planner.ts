import { DiffusionModel } from '@dfp/core';
import type { DiffusionModelSpec } from '@dfp/core';
import { DfpArgumentError, assertFiniteVector, assertInteger, describeValue } from '@dfp/envs';
import type { EnvLike, PlannedTrajectory } from '../api';
import type { SamplerKind } from '../ddim-step';
import { tokensToTrajectories } from '../frames';
import type { GuidanceObjective } from '../guidance/objectives';
import { ParallelSampler } from '../parallel/parallel-sampler';
import { checkModel } from '../sample';
import type { SampleStats } from '../sample';
import type { SchedulingKind, SchedulingMatrix } from '../schedule';
import type { UnstartedTokens } from '../stabilization';
import { BatchedAgent } from './batched-agent';
import type { EnvSlot, ReplanRequest } from './batched-agent';

/** Options of {@link DiffusionForcingPlanner}. Defaults follow the paper's Maze2D planner (research doc §2–3). */
export interface DiffusionForcingPlannerOptions {
  readonly model: DiffusionModelSpec;
  /** Guidance objective (e.g. `goalDistance()`); null for unguided planning. @defaultValue null */
  readonly guidance?: GuidanceObjective | null;
  /** Guidance scale s. @defaultValue 10 (issue #2's recipe; the README suggests 8–12) */
  readonly scale?: number;
  /** Monte Carlo Guidance samples R (1 = off, the released config). @defaultValue 1 */
  readonly mcgSamples?: number;
  /** @defaultValue 'pyramid' */
  readonly scheduling?: SchedulingKind | SchedulingMatrix;
  /** Pyramid lag u. @defaultValue 1 */
  readonly uncertaintyScale?: number;
  /** DDIM steps S. @defaultValue 50 */
  readonly samplingSteps?: number;
  /** @defaultValue 'ddim' */
  readonly sampler?: SamplerKind;
  /** @defaultValue 0 */
  readonly eta?: number;
  /** Env steps executed open-loop from each plan before replanning. @defaultValue frameStack (one token, as the paper) */
  readonly openLoopHorizon?: number;
  /**
   * Plan length: `'remaining'` covers all remaining steps of the episode (the paper's flexible horizon),
   * capped at `maxHorizon`; a number is a fixed number of tokens.
   * @defaultValue 'remaining'
   */
  readonly horizon?: 'remaining' | number;
  /** Cap in tokens for `'remaining'` (the training window, e.g. 60 for 600-frame windows). @defaultValue no cap */
  readonly maxHorizon?: number;
  /** Planned episode length N in frames (the paper cuts Maze2D-Large at 600). @defaultValue the attached env's `maxEpisodeSteps` */
  readonly episodeLength?: number;
  /** Noise level finished tokens are fed back at (stabilization). @defaultValue the last DDIM level (19 of 1000) */
  readonly stabilizationLevel?: number;
  /** @defaultValue 'step' */
  readonly unstartedTokens?: UnstartedTokens;
  /** @defaultValue true */
  readonly cachePrefix?: boolean;
  /** Goal used when `act` gets none (e.g. a fixed maze goal). */
  readonly goal?: ArrayLike<number>;
  /** Seed of the sampling noise (env i plans with the i-th split of `new Rng(seed)`). @defaultValue 0 */
  readonly seed?: number;
  /**
   * Threads a batched replan is split over (contiguous groups of envs; group 0 on the calling thread, the
   * others in worker threads started at the first replan). Plans equal the 1-thread plans up to float
   * rounding. More than 1 needs a core `DiffusionModel` and a built-in objective (goalDistance, rewardSum):
   * a `custom(fn)` objective cannot cross threads and is rejected. Workers copy the weights when they start:
   * after changing the model's weights, `await planner.close()` (the next replan restarts them). Call
   * `await planner.close()` when done, or the worker threads keep the process alive.
   * @defaultValue 1
   */
  readonly workers?: number;
  /** Env to attach at once (dims checked, actions clamped to its action space). */
  readonly env?: EnvLike;
}

/** A plan made by the planner for one env. */
export interface DiffusionForcingPlan extends PlannedTrajectory {
  /** Frame weights the guidance used (0 past the episode end). */
  readonly frameWeights: Float32Array;
}

/**
 * The Diffusion Forcing planner (DF §3.4, §4.2; research doc §2.3): every `openLoopHorizon` steps it samples
 * a plan of the remaining episode with the pyramid schedule, conditioned on the current observation only
 * (through the encoder's z0), guided toward the goal, and executes the plan's own (diffused) actions,
 * un-normalized and clamped to the action space. Batched: `actBatch` plans for all envs that need it in one
 * sampling call (split over `workers` threads), each env with its own noise stream.
 *
 * @example
 * ```ts
 * const agent = new DiffusionForcingPlanner({ model, guidance: goalDistance(), scale: 10, env });
 * agent.reset();
 * const action = await agent.act(obs, { goal: env.getTarget() });
 * // batch of 32 envs over 2 threads:
 * const fast = new DiffusionForcingPlanner({ model, guidance: goalDistance(), env, workers: 2 });
 * const actions = await fast.actBatch(observations, { goals });
 * await fast.close();
 * ```
 */
export class DiffusionForcingPlanner extends BatchedAgent<DiffusionForcingPlan> {
  readonly name = 'DiffusionForcingPlanner';
  readonly model: DiffusionModelSpec;
  /** Counters of the last sampling call (rows, backbone calls, ms). */
  lastSampleStats: SampleStats | null = null;
  private readonly opts: DiffusionForcingPlannerOptions;
  private readonly openLoop: number;
  private readonly workers: number;
  /** The sampler, started at the first replan (workers start then), until `close()`. */
  private sampler: Promise<ParallelSampler> | null = null;

  constructor(opts: DiffusionForcingPlannerOptions) {
    checkModel('DiffusionForcingPlanner', opts?.model);
    super(opts.model.layout.obsDim, opts.model.layout.actDim, opts.seed ?? 0);
    const fs = opts.model.layout.frameStack;
    this.model = opts.model;
    this.opts = opts;
    this.openLoop = assertInteger('DiffusionForcingPlanner: openLoopHorizon', opts.openLoopHorizon ?? fs, 1);
    const h = opts.horizon ?? 'remaining';
    if (h !== 'remaining') {
      assertInteger("DiffusionForcingPlanner: horizon (tokens, or 'remaining')", h, 1);
      if (h * fs < this.openLoop) throw new DfpArgumentError(`DiffusionForcingPlanner: horizon ${h} tokens = ${h * fs} frames is shorter than openLoopHorizon ${this.openLoop}`);
    }
    if (opts.maxHorizon !== undefined) assertInteger('DiffusionForcingPlanner: maxHorizon', opts.maxHorizon, 1);
    if (opts.episodeLength !== undefined) assertInteger('DiffusionForcingPlanner: episodeLength', opts.episodeLength, 1);
    if (opts.guidance !== undefined && opts.guidance !== null && typeof opts.guidance !== 'function') {
      throw new DfpArgumentError(`DiffusionForcingPlanner: guidance must be a GuidanceObjective (goalDistance(), rewardSum(), custom(fn)) or null, received ${describeValue(opts.guidance)}`);
    }
    if (opts.goal !== undefined) assertFiniteVector('DiffusionForcingPlanner: goal', opts.goal);
    this.workers = assertInteger('DiffusionForcingPlanner: workers', opts.workers ?? 1, 1, 64);
    if (this.workers > 1 && !(opts.model instanceof DiffusionModel)) {
      throw new DfpArgumentError(`DiffusionForcingPlanner: workers ${this.workers} needs a DiffusionModel from @dfp/core (worker threads rebuild it from its config and weights); use workers: 1 for other model specs`);
    }
    if (this.workers > 1 && opts.guidance && !opts.guidance.spec) {
      throw new DfpArgumentError(`DiffusionForcingPlanner: workers ${this.workers} cannot use guidance objective '${opts.guidance.objectiveName}': a custom(fn) objective cannot cross threads (goalDistance and rewardSum can); use workers: 1`);
    }
    if (opts.env) this.attach(opts.env);
  }

  /**
   * Plans for one observation without touching the agent's env slots (for plotting).
   * @param opts.elapsedSteps - steps already taken in the episode (sets the 'remaining' horizon). @defaultValue 0
   */
  async plan(observation: ArrayLike<number>, opts: { goal?: ArrayLike<number>; elapsedSteps?: number } = {}): Promise<DiffusionForcingPlan> {
    const slot: EnvSlot<DiffusionForcingPlan> = { steps: opts.elapsedSteps ?? 0, plan: null, planStep: 0, rng: this.rng };
    const [p] = await this.replan([{ slot, index: 0, observation, goal: opts.goal }]);
    return p;
  }

  /** The current plan of env slot `i` (null before its first replan). */
  currentPlan(i = 0): DiffusionForcingPlan | null {
    return this.slots[i]?.plan ?? null;
  }

  protected needsReplan(slot: EnvSlot<DiffusionForcingPlan>): boolean {
    return slot.plan === null || slot.steps - slot.planStep >= this.openLoop;
  }

  protected actionFrom(slot: EnvSlot<DiffusionForcingPlan>): ArrayLike<number> {
    return slot.plan!.actions[slot.steps - slot.planStep];
  }

  /** Tokens to plan for a slot. */
  private horizonTokens(slot: EnvSlot<DiffusionForcingPlan>): number {
    const fs = this.model.layout.frameStack;
    const h = this.opts.horizon ?? 'remaining';
    if (h !== 'remaining') return h;
    const remaining = this.remainingSteps(slot, this.opts.episodeLength);
    if (remaining === null) {
      throw new DfpArgumentError(`DiffusionForcingPlanner: horizon 'remaining' needs the episode length: pass episodeLength, attach an env, or use a fixed horizon`);
    }
    const cap = this.opts.maxHorizon === undefined ? Infinity : this.opts.maxHorizon * fs;
    return Math.max(Math.ceil(Math.min(remaining, cap) / fs), Math.ceil(this.openLoop / fs));
  }

  /**
   * Guidance frame weights of a slot (reference `weight`): 1, except 0 for the episode's last frame (a
   * padding frame in training) and for frames past the end of the episode.
   */
  private frameWeights(slot: EnvSlot<DiffusionForcingPlan>, frames: number): Float32Array {
    const w = new Float32Array(frames).fill(1);
    const remaining = this.remainingSteps(slot, this.opts.episodeLength);
    if (remaining !== null && remaining <= frames) w.fill(0, Math.max(0, remaining - 1));
    return w;
  }

  protected async replan(requests: readonly ReplanRequest<DiffusionForcingPlan>[]): Promise<DiffusionForcingPlan[]> {
    const o = this.opts;
    const H = Math.max(...requests.map((r) => this.horizonTokens(r.slot)));
    const F = H * this.model.layout.frameStack;
    const weights = requests.map((r) => this.frameWeights(r.slot, F));
    const flat = new Float32Array(requests.length * F);
    weights.forEach((w, b) => flat.set(w, b * F));
    const goals = requests.map((r) => r.goal ?? o.goal);
    const guided = o.guidance ? { objective: o.guidance, scale: o.scale ?? 10, mcgSamples: o.mcgSamples ?? 1, goals, frameWeights: flat, episodeLength: o.episodeLength ?? this.env?.maxEpisodeSteps ?? null } : null;
    this.sampler ??= ParallelSampler.start(this.model, this.workers).catch((e: unknown) => {
      this.sampler = null; // a failed start is retried at the next replan
      throw e;
    });
    const sampler = await this.sampler;
    const res = await sampler.sample(requests.map((r) => r.observation), {
      horizon: H,
      rng: requests.map((r) => r.slot.rng),
      samplingSteps: o.samplingSteps,
      scheduling: o.scheduling,
      uncertaintyScale: o.uncertaintyScale,
      sampler: o.sampler,
      eta: o.eta,
      stabilizationLevel: o.stabilizationLevel,
      unstartedTokens: o.unstartedTokens,
      cachePrefix: o.cachePrefix,
      guidance: guided,
    });
    this.lastSampleStats = res.stats;
    return tokensToTrajectories(res.tokens, requests.length, H, this.model.layout, this.model.normalizer).map((t, b) => ({ ...t, frameWeights: weights[b] }));
  }

  /**
   * Stops the worker threads (if any were started); the next replan starts them again. Safe to call twice.
   * With `workers > 1`, call it when done, or the process keeps running.
   */
  async close(): Promise<void> {
    const started = this.sampler;
    this.sampler = null;
    if (started) await (await started).close();
  }

  /** Stops the worker threads without waiting (prefer `await close()`). */
  override dispose(): void {
    void this.close().catch(() => undefined);
  }
}
