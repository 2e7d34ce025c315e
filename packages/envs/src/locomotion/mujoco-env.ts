import type { CoreStepResult, Info } from '../api';
import { DfpArgumentError, EnvStateError, assertInteger, describeValue } from '../errors';
import { Rng, type RngState } from '../rng';
import { Box } from '../spaces/box';
import { TimeLimitEnv } from '../time-limit';
import { ACTION_LIMIT, LocomotionSimulator, type MujocoState } from './locomotion-simulator';
import type { LocomotionSpec } from './locomotion-spec';
import type { MujocoModule } from './mujoco-loader';

/** Options of the locomotion envs (`makeEnv('hopper-v4', options)`). */
export interface MujocoEnvOptions {
  /**
   * Seed of the env's generator before the first `reset({seed})`.
   * @defaultValue 0
   */
  readonly seed?: number;
  /**
   * Time limit in env steps (D4RL and Gym use 1000).
   * @defaultValue 1000
   */
  readonly maxEpisodeSteps?: number;
}

/** {@link MujocoEnv.getState}: the physics plus the env's generator, so a restored env also resets the same way. */
export interface MujocoEnvState extends MujocoState {
  readonly rng: RngState;
}

/** Gym and D4RL cut locomotion episodes after 1000 steps. */
export const LOCOMOTION_MAX_EPISODE_STEPS = 1000;

/**
 * Base class of the Gym-MuJoCo locomotion envs (hopper, half-cheetah, walker2d): a {@link TimeLimitEnv} around a
 * {@link LocomotionSimulator}. The task is fixed by a {@link LocomotionSpec}; subclasses only name it.
 *
 * Planners copy envs with {@link MujocoEnv.clone} or save and restore them with `getState` / `setState`; call
 * `close()` to free the MuJoCo objects (the WASM heap is not garbage collected).
 */
export abstract class MujocoEnv extends TimeLimitEnv {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly spec: LocomotionSpec;
  /** The wrapped physics (for planners that roll out without episode bookkeeping). */
  readonly simulator: LocomotionSimulator;
  private readonly mj: MujocoModule;

  protected constructor(mj: MujocoModule, spec: LocomotionSpec, options: MujocoEnvOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new DfpArgumentError(`${spec.id}: options must be an object, received ${describeValue(options)}`);
    }
    const maxSteps = options.maxEpisodeSteps ?? LOCOMOTION_MAX_EPISODE_STEPS;
    assertInteger(`${spec.id}: maxEpisodeSteps`, maxSteps, 1);
    const seed = options.seed ?? 0;
    assertInteger(`${spec.id}: seed`, seed, Number.MIN_SAFE_INTEGER);
    super(maxSteps, seed);
    this.mj = mj;
    this.spec = spec;
    this.id = spec.id;
    this.actionSpace = new Box(-ACTION_LIMIT, ACTION_LIMIT, [spec.actDim]);
    this.observationSpace = new Box(-Infinity, Infinity, [spec.obsDim]);
    this.simulator = new LocomotionSimulator(mj, spec);
  }

  /** Env step length in seconds (`timestep · frameSkip`). */
  get dt(): number {
    return this.simulator.dt;
  }

  /** The current physical state and the generator state. */
  getState(): MujocoEnvState {
    return { ...this.simulator.getState(), rng: this.rng.getState() };
  }

  /**
   * Restores a state from {@link MujocoEnv.getState} (physics, and the generator when `rng` is given), so `step`
   * may follow. The time-limit counter is not part of the state: a running episode keeps counting; before the first
   * `reset` or after an episode ended, a new episode starts at step 0 (`TimeLimitEnv.markRunning`).
   * @throws DfpArgumentError for arrays of the wrong length or with non-finite entries.
   */
  setState(state: MujocoState & { readonly rng?: RngState }): void {
    if (this.simulator.disposed) throw new EnvStateError(`${this.id}.setState: the env was closed`);
    this.simulator.setState(state);
    if (state.rng !== undefined) this.rng = Rng.fromState(state.rng);
    this.markRunning();
  }

  /**
   * An independent env in the same physical and generator state (the compiled model is shared; each copy must
   * be closed to free its `MjData`). The copy's time-limit counter starts at 0, and it is ready to `step`.
   */
  clone(): MujocoEnv {
    const Ctor = this.constructor as new (mj: MujocoModule, options: MujocoEnvOptions) => MujocoEnv;
    if (this.simulator.disposed) throw new EnvStateError(`${this.id}.clone: the env was closed`);
    const copy = new Ctor(this.mj, { maxEpisodeSteps: this.maxEpisodeSteps });
    copy.setState(this.getState());
    return copy;
  }

  protected resetCore(): { observation: Float64Array; info: Info } {
    this.simulator.resetFromNoise(this.rng);
    return { observation: this.simulator.observation(), info: { xPosition: this.simulator.xPosition } };
  }

  protected stepCore(action: ArrayLike<number>): CoreStepResult {
    const s = this.simulator.advance(action);
    return {
      observation: this.simulator.observation(),
      reward: s.reward,
      terminated: s.terminated,
      info: {
        xPosition: s.xPosition,
        xVelocity: s.xVelocity,
        rewardForward: s.rewardForward,
        rewardCtrl: s.rewardCtrl,
        rewardSurvive: s.rewardSurvive,
      },
    };
  }

  protected override closeCore(): void {
    this.simulator.dispose();
  }
}
