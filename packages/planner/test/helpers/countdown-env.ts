import { Box, TimeLimitEnv } from '@dfp/envs';
import type { CoreStepResult, Info } from '@dfp/envs';

/**
 * A minimal env for harness tests: observation `[t, seed]`, one action; reward = the action's first entry;
 * terminates after `2 + (seed mod 3)` steps, so envs of a batch end at different times. `info.success` is
 * true on the step where the action is positive.
 */
export class CountdownEnv extends TimeLimitEnv {
  readonly id = 'countdown-test';
  readonly observationSpace = new Box(-Infinity, Infinity, [2]);
  readonly actionSpace = new Box(-1, 1, [1]);
  private t = 0;
  private lifetime = 2;
  private seed = 0;

  constructor(maxEpisodeSteps = 10) {
    super(maxEpisodeSteps);
  }

  override reset(opts: { seed?: number } = {}): { observation: Float64Array; info: Info } {
    if (opts.seed !== undefined) this.seed = opts.seed;
    return super.reset(opts);
  }

  protected resetCore(): { observation: Float64Array; info: Info } {
    this.t = 0;
    this.lifetime = 2 + (this.seed % 3);
    return { observation: Float64Array.from([0, this.seed]), info: {} };
  }

  protected stepCore(action: ArrayLike<number>): CoreStepResult {
    this.t++;
    return { observation: Float64Array.from([this.t, this.seed]), reward: action[0], terminated: this.t >= this.lifetime, info: { success: action[0] > 0 } };
  }
}
