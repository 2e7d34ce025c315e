import type { Env, Maze2dEnv, ResetOptions, ResetResult, StepResult } from '@dfp/envs';
import type { ActBatchOptions, ActOptions, Agent, AgentResetOptions, AgentStats, EnvLike } from '@dfp/planner';

/**
 * Recorders for the figures and the progress bar: an env wrapper that keeps the executed `(x, y)` path, and an
 * agent wrapper that keeps, per env slot, the last plan the agent made and the observation it was made from.
 * Neither changes what the env or the agent computes.
 */

/**
 * Thrown from `RecordingEnv.step` once the run's abort signal fires (Ctrl-C), to stop `evaluate` mid-episode,
 * and by `--train` when Ctrl-C stops a training run (the message says how to finish it).
 */
export class BenchInterruptedError extends Error {
  constructor(message = 'benchmark interrupted') {
    super(message);
    this.name = 'BenchInterruptedError';
  }
}

/** A Maze2D env that records the executed positions of the current episode and reports every step. */
export class RecordingEnv implements Env {
  /** `[x0, y0, x1, y1, ...]` of the current episode, from the reset on. */
  positions: number[] = [];

  constructor(
    readonly inner: Maze2dEnv,
    private readonly onStep: () => void = () => {},
    private readonly signal?: AbortSignal,
  ) {}

  get id(): string {
    return this.inner.id;
  }
  get observationSpace(): Maze2dEnv['observationSpace'] {
    return this.inner.observationSpace;
  }
  get actionSpace(): Maze2dEnv['actionSpace'] {
    return this.inner.actionSpace;
  }
  get maxEpisodeSteps(): number {
    return this.inner.maxEpisodeSteps;
  }

  reset(opts?: ResetOptions): ResetResult {
    const r = this.inner.reset(opts);
    this.positions = [r.observation[0], r.observation[1]];
    return r;
  }

  step(action: ArrayLike<number>): StepResult {
    if (this.signal?.aborted) throw new BenchInterruptedError();
    const r = this.inner.step(action);
    this.positions.push(r.observation[0], r.observation[1]);
    this.onStep();
    return r;
  }

  /** The goal of the current episode (read by `evaluate` for Multi2D). */
  getTarget(): Float64Array {
    return this.inner.getTarget();
  }

  close(): void {
    this.inner.close();
  }
}

/** The last plan of one env slot: the agent's plan object, the observation it was made from and when. */
export interface RecordedPlan {
  readonly plan: unknown;
  readonly observation: Float64Array;
  /** Actions the slot had taken when the plan was made. */
  readonly step: number;
}

/**
 * Wraps an agent and remembers, per env slot, the newest plan (`planOf(i)` changes identity at each replan) and
 * the observation it was planned from. Everything else is delegated unchanged.
 */
export class RecordingAgent implements Agent {
  private last: (RecordedPlan | null)[] = [];
  private steps: number[] = [];

  constructor(
    readonly inner: Agent,
    private readonly planOf: (slot: number) => unknown,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get stats(): AgentStats {
    return this.inner.stats;
  }

  attach(env: EnvLike): void {
    this.inner.attach(env);
  }

  reset(opts: AgentResetOptions = {}): void {
    this.inner.reset(opts);
    this.last = Array.from({ length: opts.numEnvs ?? 1 }, () => null);
    this.steps = this.last.map(() => 0);
  }

  async act(observation: ArrayLike<number>, opts: ActOptions = {}): Promise<Float64Array> {
    const [a] = await this.actBatch([observation], { goals: [opts.goal], envIndices: [0] });
    return a;
  }

  async actBatch(observations: readonly ArrayLike<number>[], opts: ActBatchOptions = {}): Promise<Float64Array[]> {
    const actions = await this.inner.actBatch(observations, opts);
    const indices = opts.envIndices ?? observations.map((_, i) => i);
    indices.forEach((i, j) => {
      const plan = this.planOf(i);
      if (plan !== null && plan !== undefined && plan !== this.last[i]?.plan) {
        this.last[i] = { plan, observation: Float64Array.from(observations[j]), step: this.steps[i] ?? 0 };
      }
      this.steps[i] = (this.steps[i] ?? 0) + 1;
    });
    return actions;
  }

  /** The newest plan of env slot `i`, or null before its first plan. */
  lastPlan(i: number): RecordedPlan | null {
    return this.last[i] ?? null;
  }

  dispose(): void {
    this.inner.dispose();
  }
}
