import type { MjData, MjModel } from 'mujoco-js';
import { DfpArgumentError, EnvStateError, assertFiniteVector } from '../errors';
import type { Rng } from '../rng';
import type { LocomotionSpec } from './locomotion-spec';
import { type LocomotionRewardTerms, locomotionObservation, locomotionReward } from './locomotion-terms';
import { type MujocoModule, loadModelFromXml } from './mujoco-loader';

/**
 * The physical state of a MuJoCo locomotion model, enough to replay a trajectory bit for bit: restoring it
 * and applying the same actions gives the same observations and rewards.
 */
export interface MujocoState {
  /** Simulation time in seconds. */
  readonly time: number;
  /** Generalized positions, length `nq` (`qpos[0]` is the torso x). */
  readonly qpos: Float64Array;
  /** Generalized velocities, length `nv`. */
  readonly qvel: Float64Array;
  /** The constraint solver's warm start (`qacc_warmstart`, length `nv`); without it replays differ in the last bits. */
  readonly qaccWarmstart: Float64Array;
}

/** What one env step of the physics returns: the reward terms, the termination flag and the new x. */
export interface SimulatorStep extends LocomotionRewardTerms {
  /** Gym's `not is_healthy` after the step (always false for the cheetah). */
  readonly terminated: boolean;
  /** `qpos[0]` after the step. */
  readonly xPosition: number;
}

/** Actions are clipped into `[-ACTION_LIMIT, ACTION_LIMIT]` (every Gym locomotion actuator has ctrlrange ±1). */
export const ACTION_LIMIT = 1;

/** A compiled model shared by every simulator of the same MJCF; deleted when its last user is disposed. */
interface SharedModel {
  readonly xml: string;
  readonly model: MjModel;
  users: number;
}

/** Compiled models per WASM module instance, by MJCF text (one per task in practice). */
const modelsByModule = new WeakMap<MujocoModule, Map<string, SharedModel>>();
let liveObjects = 0;

function acquireModel(mj: MujocoModule, spec: LocomotionSpec): SharedModel {
  let models = modelsByModule.get(mj);
  if (!models) modelsByModule.set(mj, (models = new Map()));
  let shared = models.get(spec.xml);
  if (!shared) {
    shared = { xml: spec.xml, model: loadModelFromXml(mj, spec.id, spec.xml), users: 0 };
    models.set(spec.xml, shared);
    liveObjects++;
  }
  shared.users++;
  return shared;
}

function releaseModel(mj: MujocoModule, shared: SharedModel): void {
  shared.users--;
  if (shared.users === 0) {
    modelsByModule.get(mj)?.delete(shared.xml);
    shared.model.delete();
    liveObjects--;
  }
}

/**
 * Number of MuJoCo objects (models and datas) created by dfp and not yet freed, across the process. Tests use
 * it to check that `close()` frees everything.
 */
export function liveMujocoObjects(): number {
  return liveObjects;
}

/**
 * The physics, reward and termination of one locomotion task without episode bookkeeping (no time limit, no
 * step counter): what an env wraps and what planners such as MPPI roll out from copied states.
 * Owns an `MjData` and shares the compiled `MjModel` with every simulator of the same task; call
 * {@link LocomotionSimulator.dispose} to free them.
 */
export class LocomotionSimulator {
  readonly spec: LocomotionSpec;
  /** Env step length `timestep · frameSkip` in seconds. */
  readonly dt: number;
  readonly nq: number;
  readonly nv: number;
  private readonly mj: MujocoModule;
  private shared: SharedModel | undefined;
  private data: MjData | undefined;
  private readonly clipped: Float64Array;

  constructor(mj: MujocoModule, spec: LocomotionSpec) {
    this.mj = mj;
    this.spec = spec;
    this.shared = acquireModel(mj, spec);
    const model = this.shared.model;
    this.data = new mj.MjData(model);
    liveObjects++;
    this.nq = model.nq;
    this.nv = model.nv;
    this.dt = model.opt.timestep * spec.frameSkip;
    const nu = model.nu;
    if (nu !== spec.actDim || this.nq - 1 + this.nv !== spec.obsDim) {
      this.dispose();
      throw new DfpArgumentError(
        `${spec.id}: the MJCF model has nu=${nu}, nq=${this.nq}, nv=${this.nv}, which does not match actDim=${spec.actDim}, obsDim=${spec.obsDim}`,
      );
    }
    this.clipped = new Float64Array(spec.actDim);
  }

  /** True after {@link LocomotionSimulator.dispose}. */
  get disposed(): boolean {
    return this.data === undefined;
  }

  /** A new simulator in the same state (cheap: the compiled model is shared, one `MjData` is made). */
  clone(): LocomotionSimulator {
    this.live('clone');
    const c = new LocomotionSimulator(this.mj, this.spec);
    c.setState(this.getState());
    return c;
  }

  /** Copies the current physical state out. */
  getState(): MujocoState {
    const d = this.liveData('getState');
    return { time: d.time, qpos: Float64Array.from(d.qpos), qvel: Float64Array.from(d.qvel), qaccWarmstart: Float64Array.from(d.qacc_warmstart) };
  }

  /**
   * Restores a state from {@link LocomotionSimulator.getState}.
   * @throws DfpArgumentError when an array has the wrong length or a non-finite entry.
   */
  setState(state: MujocoState): void {
    const d = this.liveData('setState');
    if (!state || typeof state !== 'object') throw new DfpArgumentError(`${this.spec.id}.setState: expected {time, qpos, qvel, qaccWarmstart}, received ${typeof state}`);
    assertFiniteVector(`${this.spec.id}.setState: qpos`, state.qpos, this.nq);
    assertFiniteVector(`${this.spec.id}.setState: qvel`, state.qvel, this.nv);
    assertFiniteVector(`${this.spec.id}.setState: qaccWarmstart`, state.qaccWarmstart, this.nv);
    assertFiniteVector(`${this.spec.id}.setState: time`, [state.time], 1);
    d.time = state.time;
    d.qpos.set(state.qpos);
    d.qvel.set(state.qvel);
    d.qacc_warmstart.set(state.qaccWarmstart);
    // No mj_forward: mj_step recomputes every derived quantity from (qpos, qvel), so planners restore cheaply.
  }

  /**
   * Gym's `reset_model`: the initial pose `qpos0` plus reset noise drawn from `rng` (qpos first, then qvel).
   */
  resetFromNoise(rng: Rng): void {
    const d = this.liveData('reset');
    const m = this.model('reset');
    this.mj.mj_resetData(m, d);
    const s = this.spec.resetNoise.scale;
    const qpos = d.qpos;
    const qpos0 = m.qpos0;
    for (let i = 0; i < this.nq; i++) qpos[i] = qpos0[i] + rng.uniformRange(-s, s);
    const qvel = d.qvel;
    for (let i = 0; i < this.nv; i++) qvel[i] = this.spec.resetNoise.qvel === 'uniform' ? rng.uniformRange(-s, s) : s * rng.normal();
    this.mj.mj_forward(m, d);
  }

  /**
   * One env step: clips `action` into ±1, holds it for `frameSkip` physics steps and returns Gym's reward terms
   * and termination. `action` must have length `actDim` and finite entries (callers validate).
   */
  advance(action: ArrayLike<number>): SimulatorStep {
    const d = this.liveData('step');
    const m = this.model('step');
    const a = this.clipped;
    for (let i = 0; i < a.length; i++) a[i] = Math.min(ACTION_LIMIT, Math.max(-ACTION_LIMIT, action[i]));
    const ctrl = d.ctrl;
    ctrl.set(a);
    const xBefore = d.qpos[0];
    for (let f = 0; f < this.spec.frameSkip; f++) this.mj.mj_step(m, d);
    const qpos = d.qpos;
    const xPosition = qpos[0];
    const terms = locomotionReward(xBefore, xPosition, this.dt, a, this.spec);
    const terminated = this.spec.isHealthy !== null && !this.spec.isHealthy(qpos, d.qvel);
    return { ...terms, terminated, xPosition };
  }

  /** Gym's observation of the current state (new array, or written into `out`). */
  observation(out?: Float64Array): Float64Array {
    const d = this.liveData('observation');
    return locomotionObservation(d.qpos, d.qvel, this.spec.velocityClip, out);
  }

  /** `[qpos[1], qpos[2]]`: the torso height z and pitch angle θ (the same coordinates in all three models). */
  torsoHeightAndAngle(): [number, number] {
    const q = this.liveData('torsoHeightAndAngle').qpos;
    return [q[1], q[2]];
  }

  /** `qpos[0]`, the torso x position. */
  get xPosition(): number {
    return this.liveData('xPosition').qpos[0];
  }

  /** Frees the `MjData`, and the shared `MjModel` when no clone uses it any more. Idempotent. */
  dispose(): void {
    if (this.data) {
      this.data.delete();
      liveObjects--;
      this.data = undefined;
    }
    if (this.shared) {
      releaseModel(this.mj, this.shared);
      this.shared = undefined;
    }
  }

  private liveData(what: string): MjData {
    if (!this.data) throw new EnvStateError(`${this.spec.id}.${what}: the simulator was disposed (env closed)`);
    return this.data;
  }

  private model(what: string): MjModel {
    return this.live(what).model;
  }

  private live(what: string): SharedModel {
    if (!this.shared) throw new EnvStateError(`${this.spec.id}.${what}: the simulator was disposed (env closed)`);
    return this.shared;
  }
}
