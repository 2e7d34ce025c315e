import type { Env, MujocoEnv, ResetOptions, ResetResult, StepResult } from '@dfp/envs';
import { BenchInterruptedError } from '../maze2d/recording';

/**
 * A locomotion env as the benchmark evaluates it: delegates to the wrapped env unchanged, reports every step
 * (progress), remembers whether the current episode ended by termination (a fall), and stops the run once the
 * abort signal fires (Ctrl-C) by throwing {@link BenchInterruptedError} from `step`.
 */
export class EvaluationEnv implements Env {
  /** True when the current episode's last step terminated it. */
  terminated = false;

  constructor(
    readonly inner: MujocoEnv,
    private readonly onStep: () => void = () => {},
    private readonly signal?: AbortSignal,
  ) {}

  get id(): string {
    return this.inner.id;
  }
  get observationSpace(): MujocoEnv['observationSpace'] {
    return this.inner.observationSpace;
  }
  get actionSpace(): MujocoEnv['actionSpace'] {
    return this.inner.actionSpace;
  }
  get maxEpisodeSteps(): number {
    return this.inner.maxEpisodeSteps;
  }

  reset(opts?: ResetOptions): ResetResult {
    this.terminated = false;
    return this.inner.reset(opts);
  }

  step(action: ArrayLike<number>): StepResult {
    if (this.signal?.aborted) throw new BenchInterruptedError();
    const r = this.inner.step(action);
    this.terminated = r.terminated;
    this.onStep();
    return r;
  }

  close(): void {
    this.inner.close();
  }
}
