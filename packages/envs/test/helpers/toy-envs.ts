import { Box, EnvStateError, TimeLimitEnv, assertFiniteVector } from '@dfp/envs';
import type { CoreStepResult, Env, Info, ResetOptions, ResetResult, StepResult } from '@dfp/envs';

/** A 1-D random walk that follows the contract; terminates when |x| > `bound` if given. */
export class ToyEnv extends TimeLimitEnv {
  readonly id = 'toy-v0';
  readonly observationSpace = new Box(-Infinity, Infinity, [1]);
  readonly actionSpace = new Box(-1, 1, [1]);
  private x = 0;
  constructor(maxEpisodeSteps = 5, seed?: number, private readonly bound = Infinity) {
    super(maxEpisodeSteps, seed);
  }
  protected resetCore(): { observation: Float64Array; info: Info } {
    this.x = this.rng.uniformRange(-0.5, 0.5);
    return { observation: Float64Array.of(this.x), info: {} };
  }
  protected stepCore(a: ArrayLike<number>): CoreStepResult {
    this.x += Math.min(1, Math.max(-1, a[0]));
    return { observation: Float64Array.of(this.x), reward: -Math.abs(this.x), terminated: Math.abs(this.x) > this.bound, info: {} };
  }
  /** Exposes `markRunning` as a `setState` would. */
  setX(x: number): void {
    this.x = x;
    this.markRunning();
  }
}

/** Ways {@link BrokenEnv} breaks the contract. */
export type Breakage =
  | 'reset-ignores-seed'
  | 'nondeterministic-step'
  | 'shared-observation'
  | 'number-array-observation'
  | 'truncates-late'
  | 'accepts-bad-actions'
  | 'steps-after-end'
  | 'observation-outside-space';

/** An Env written by hand (no TimeLimitEnv) that breaks exactly one rule, for `checkEnv` tests. */
export class BrokenEnv implements Env {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace = new Box(-1, 1, [1]);
  readonly maxEpisodeSteps = 4;
  private calls = 0;
  private steps = 0;
  private seed = 0;
  private readonly obs = new Float64Array(1);

  constructor(private readonly breakage: Breakage) {
    this.id = `broken-${breakage}`;
    this.observationSpace = breakage === 'observation-outside-space' ? new Box(-0.001, 0.001, [1]) : new Box(-Infinity, Infinity, [1]);
  }
  reset(opts: ResetOptions = {}): ResetResult {
    this.calls++;
    if (opts.seed !== undefined) this.seed = opts.seed;
    this.steps = 0;
    const x = this.breakage === 'reset-ignores-seed' ? this.calls : this.seed;
    return { observation: Float64Array.of(x), info: {} };
  }
  step(action: ArrayLike<number>): StepResult {
    const ended = this.steps >= (this.breakage === 'truncates-late' ? this.maxEpisodeSteps + 1 : this.maxEpisodeSteps);
    if (ended && this.breakage !== 'steps-after-end') throw new EnvStateError(`${this.id}: episode ended`);
    if (this.breakage !== 'accepts-bad-actions') assertFiniteVector(`${this.id}.step: action`, action, 1);
    this.steps++;
    this.calls++;
    this.obs[0] = this.breakage === 'nondeterministic-step' ? this.calls : this.steps + action[0];
    const observation = this.breakage === 'shared-observation' ? this.obs : this.obs.slice();
    const truncated = this.steps === (this.breakage === 'truncates-late' ? this.maxEpisodeSteps + 1 : this.maxEpisodeSteps);
    return {
      observation: this.breakage === 'number-array-observation' ? ([observation[0]] as unknown as Float64Array) : observation,
      reward: 0,
      terminated: false,
      truncated,
      info: {},
    };
  }
  close(): void {}
}
