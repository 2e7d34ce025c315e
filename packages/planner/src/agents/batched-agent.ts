import { DfpArgumentError, Rng, assertFiniteVector, assertInteger, describeValue } from '@dfp/envs';
import type { ActBatchOptions, ActOptions, Agent, AgentResetOptions, AgentStats, EnvLike } from '../api';

/** Per-env state kept by a {@link BatchedAgent}. */
export interface EnvSlot<P> {
  /** Actions taken since the last reset. */
  steps: number;
  /** Current plan (null before the first replan). */
  plan: P | null;
  /** Value of `steps` when `plan` was made. */
  planStep: number;
  /**
   * Env i's own noise stream: the i-th split of `new Rng(seed)`, continued across resets without a seed, so
   * that its plans do not depend on which other envs share a batched replan.
   */
  readonly rng: Rng;
}

/** One env that needs a new plan. */
export interface ReplanRequest<P> {
  readonly slot: EnvSlot<P>;
  readonly index: number;
  readonly observation: ArrayLike<number>;
  readonly goal: ArrayLike<number> | undefined;
}

/**
 * Shared machinery of the planners: per-env slots, batched replanning of every env that needs it in one
 * call, action clamping to the attached env's action space, dimension checks, and timing counters.
 * Subclasses say when a slot needs a new plan, how to make plans for a batch, and how to read an action.
 */
export abstract class BatchedAgent<P> implements Agent {
  abstract readonly name: string;
  protected slots: EnvSlot<P>[] = [];
  protected env: EnvLike | null = null;
  /** The agent's own stream (MPPI perturbations, Diffuser noise, one-off `plan` calls). */
  protected rng: Rng;
  /** Source of the per-env streams and the streams handed out so far (index = env index). */
  private streamSource: Rng;
  private readonly streams: Rng[] = [];
  private counters = { replans: 0, plannedEnvs: 0, planMs: 0, lastPlanMs: 0, actions: 0 };

  protected constructor(
    protected readonly obsDim: number,
    protected readonly actDim: number,
    seed: number,
  ) {
    this.rng = new Rng(assertInteger('seed', seed, Number.MIN_SAFE_INTEGER));
    this.streamSource = new Rng(seed);
  }

  /** @throws DfpArgumentError when the env's observation or action size differs from the agent's. */
  attach(env: EnvLike): void {
    if (!env || !env.observationSpace || !env.actionSpace) throw new DfpArgumentError(`${this.name}.attach: expected an env with observationSpace and actionSpace, received ${describeValue(env)}`);
    const o = env.observationSpace.size;
    const a = env.actionSpace.size;
    if (o !== this.obsDim || a !== this.actDim) {
      throw new DfpArgumentError(
        `${this.name}: the agent expects observations of size ${this.obsDim} and actions of size ${this.actDim} (model token layout), ` +
          `but env '${env.id ?? 'unnamed'}' has observation size ${o} and action size ${a}`,
      );
    }
    this.env = env;
  }

  reset(opts: AgentResetOptions = {}): void {
    const n = assertInteger(`${this.name}.reset: numEnvs`, opts.numEnvs ?? 1, 1);
    if (opts.seed !== undefined) {
      const seed = assertInteger(`${this.name}.reset: seed`, opts.seed, Number.MIN_SAFE_INTEGER);
      this.rng = new Rng(seed);
      this.streamSource = new Rng(seed);
      this.streams.length = 0;
    }
    // Env i gets the i-th split whatever numEnvs is; without a new seed it continues its stream.
    while (this.streams.length < n) this.streams.push(this.streamSource.split());
    this.slots = Array.from({ length: n }, (_, i) => ({ steps: 0, plan: null, planStep: 0, rng: this.streams[i] }));
    this.onReset();
  }

  get stats(): AgentStats {
    return { ...this.counters };
  }

  async act(observation: ArrayLike<number>, opts: ActOptions = {}): Promise<Float64Array> {
    const [a] = await this.actBatch([observation], { goals: [opts.goal], envIndices: [0] });
    return a;
  }

  async actBatch(observations: readonly ArrayLike<number>[], opts: ActBatchOptions = {}): Promise<Float64Array[]> {
    const who = `${this.name}.actBatch`;
    if (!Array.isArray(observations) || observations.length === 0) throw new DfpArgumentError(`${who}: expected a non-empty array of observations, received ${describeValue(observations)}`);
    const indices = opts.envIndices ? [...opts.envIndices] : observations.map((_, i) => i);
    if (this.slots.length === 0) this.reset({ numEnvs: Math.max(observations.length, ...indices.map((i) => i + 1)) });
    if (indices.length !== observations.length) throw new DfpArgumentError(`${who}: envIndices has ${indices.length} entries for ${observations.length} observations`);
    if (new Set(indices).size !== indices.length) throw new DfpArgumentError(`${who}: envIndices must be distinct, received ${describeValue(indices)}`);
    indices.forEach((i) => assertInteger(`${who}: envIndices (the agent was reset for ${this.slots.length} envs)`, i, 0, this.slots.length - 1));
    if (opts.goals && opts.goals.length !== observations.length) throw new DfpArgumentError(`${who}: goals has ${opts.goals.length} entries for ${observations.length} observations`);
    observations.forEach((o, j) => assertFiniteVector(`${who}: observation ${j} (expected size ${this.obsDim})`, o, this.obsDim));
    const goals = observations.map((_, j) => opts.goals?.[j]);
    goals.forEach((g, j) => g !== undefined && assertFiniteVector(`${who}: goal ${j}`, g));
    const requests: ReplanRequest<P>[] = [];
    indices.forEach((i, j) => {
      if (this.needsReplan(this.slots[i])) requests.push({ slot: this.slots[i], index: i, observation: observations[j], goal: goals[j] });
    });
    if (requests.length > 0) {
      const t0 = performance.now();
      const plans = await this.replan(requests);
      const ms = performance.now() - t0;
      requests.forEach((r, j) => {
        r.slot.plan = plans[j];
        r.slot.planStep = r.slot.steps;
      });
      this.counters.replans++;
      this.counters.plannedEnvs += requests.length;
      this.counters.planMs += ms;
      this.counters.lastPlanMs = ms;
    }
    return indices.map((i, j) => {
      const slot = this.slots[i];
      const a = this.clampAction(this.actionFrom(slot, observations[j]));
      slot.steps++;
      this.counters.actions++;
      return a;
    });
  }

  dispose(): void {}

  /** Steps left in the planned episode for a slot, or null when the episode length is unknown. */
  protected remainingSteps(slot: EnvSlot<P>, episodeLength: number | undefined): number | null {
    const n = episodeLength ?? this.env?.maxEpisodeSteps;
    return n === undefined ? null : n - slot.steps;
  }

  /** Clips into the attached env's action space (no-op before `attach`). */
  protected clampAction(a: ArrayLike<number>): Float64Array {
    return this.env ? this.env.actionSpace.clip(a) : Float64Array.from(a);
  }

  /** Called after `reset` (clear subclass state). */
  protected onReset(): void {}

  protected abstract needsReplan(slot: EnvSlot<P>): boolean;
  /** Makes one plan per request, for all of them in one batched call. */
  protected abstract replan(requests: readonly ReplanRequest<P>[]): Promise<P[]>;
  /** The action of a slot at its current step (before clamping). */
  protected abstract actionFrom(slot: EnvSlot<P>, observation: ArrayLike<number>): ArrayLike<number>;
}
