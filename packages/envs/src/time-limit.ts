import type { CoreStepResult, Env, Info, ResetOptions, ResetResult, StepResult } from './api';
import { EnvStateError, assertFiniteVector, assertInteger } from './errors';
import { Rng } from './rng';
import type { Box } from './spaces/box';

/**
 * Base class that owns the episode bookkeeping of every dfp env: the step counter, the
 * `maxEpisodeSteps` time limit (the only source of `truncated`, like Gymnasium's `TimeLimit` wrapper),
 * seeding, and the argument checks of the {@link Env} contract. Subclasses implement `resetCore`
 * and `stepCore` and never think about truncation.
 */
export abstract class TimeLimitEnv implements Env {
  abstract readonly id: string;
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Box;
  readonly maxEpisodeSteps: number;
  /** The env's generator; reseeded by `reset({seed})`. */
  protected rng: Rng;
  private steps = 0;
  private state: 'new' | 'running' | 'done' | 'closed' = 'new';

  constructor(maxEpisodeSteps: number, seed = 0) {
    this.maxEpisodeSteps = assertInteger('maxEpisodeSteps', maxEpisodeSteps, 1);
    this.rng = new Rng(seed);
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.steps;
  }

  reset(opts: ResetOptions = {}): ResetResult {
    this.assertOpen('reset');
    if (opts.seed !== undefined) {
      assertInteger(`${this.id}.reset: seed`, opts.seed, Number.MIN_SAFE_INTEGER);
      this.rng = new Rng(opts.seed);
    }
    const res = this.resetCore(opts.options ?? {});
    this.steps = 0;
    this.state = 'running';
    return res;
  }

  step(action: ArrayLike<number>): StepResult {
    this.assertOpen('step');
    if (this.state === 'new') throw new EnvStateError(`${this.id}.step: call reset() before the first step`);
    if (this.state === 'done') {
      throw new EnvStateError(`${this.id}.step: the episode has ended (terminated or truncated after ${this.steps} steps); call reset()`);
    }
    assertFiniteVector(`${this.id}.step: action`, action, this.actionSpace.size);
    const r = this.stepCore(action);
    this.steps++;
    const truncated = this.steps >= this.maxEpisodeSteps;
    if (r.terminated || truncated) this.state = 'done';
    return { observation: r.observation, reward: r.reward, terminated: r.terminated, truncated, info: r.info };
  }

  close(): void {
    if (this.state !== 'closed') this.closeCore();
    this.state = 'closed';
  }

  /**
   * Starts an episode after an external state change (`setState`) when none is running (before the first
   * reset or after the end): the step counter restarts at 0, as after `reset`. A running episode continues.
   */
  protected markRunning(): void {
    if (this.state === 'new' || this.state === 'done') {
      this.steps = 0;
      this.state = 'running';
    }
  }

  private assertOpen(what: string): void {
    if (this.state === 'closed') throw new EnvStateError(`${this.id}.${what}: the env was closed`);
  }

  protected abstract resetCore(options: Record<string, unknown>): { observation: Float64Array; info: Info };
  /** `action` is validated (right length, finite); clipping into the action space is the env's job. */
  protected abstract stepCore(action: ArrayLike<number>): CoreStepResult;
  /** Frees native resources; default: nothing to free. */
  protected closeCore(): void {}
}

