import { MppiController } from '@dfp/envs';
import type { MujocoEnv, MujocoState, RolloutModel } from '@dfp/envs';
import { BatchedAgent } from '@dfp/planner';
import type { ReplanRequest } from '@dfp/planner';
import type { LocomotionMppiSettings, PlanningShaping } from './bench-config';

/** The simulator class of the locomotion envs (not exported by name from `@dfp/envs`). */
type LocomotionSimulator = MujocoEnv['simulator'];

/**
 * A simulator seen through the planning-only shaping: `r - cA·max(0, |θ| - θfree) - cZ·max(0, zMin - z) -
 * max(0, v - vCap)`. Mirrors envs' `ShapedRollout` / `shapedReward` (`locomotion/planning-objective.ts`), which
 * `@dfp/envs` does not export.
 */
class ShapedSimulatorRollout implements RolloutModel<MujocoState> {
  readonly spec: { readonly actDim: number };

  constructor(
    private readonly sim: LocomotionSimulator,
    private readonly s: PlanningShaping,
  ) {
    this.spec = sim.spec;
  }

  setState(state: MujocoState): void {
    this.sim.setState(state);
  }

  advance(action: ArrayLike<number>): { reward: number; terminated: boolean } {
    const r = this.sim.advance(action);
    const [z, theta] = this.sim.torsoHeightAndAngle();
    const s = this.s;
    const penalty =
      (s.anglePenalty ?? 0) * Math.max(0, Math.abs(theta) - (s.angleFree ?? 0)) +
      (s.heightPenalty ?? 0) * Math.max(0, (s.minHeight ?? 0) - z) +
      (s.velocityCap === undefined ? 0 : Math.max(0, r.xVelocity - s.velocityCap));
    return { reward: r.reward - penalty, terminated: r.terminated };
  }
}

/**
 * MPPI on the true simulator as a batched `Agent`, so planner's `evaluate` can run it like the DF planner: at every
 * step, env slot i reads the exact physical state of its env (`stateOf(i)`, e.g. `env.simulator.getState()`) and
 * its own {@link MppiController} plans on a scratch copy of the simulator (restored with `setState` before each
 * rollout), scoring rollouts with the env reward plus the planning-only shaping. This is the locomotion MPPI
 * baseline with perfect dynamics, what `generateLocomotionDataset` runs for its MPPI behaviour policies minus the
 * action noise. Every slot draws its noise from its own split of the agent's seeded generator.
 */
export class TrueSimulatorMppi extends BatchedAgent<Float64Array> {
  readonly name = 'TrueSimulatorMppi';
  private controllers: MppiController<MujocoState>[] = [];
  private readonly rollout: ShapedSimulatorRollout;

  /**
   * @param scratch - a simulator of the env's task that MPPI may overwrite (e.g. `env.simulator.clone()`); the agent
   * owns it and disposes it in `dispose()`.
   * @param stateOf - the current physical state of the env in slot i.
   */
  constructor(
    private readonly scratch: LocomotionSimulator,
    private readonly stateOf: (slot: number) => MujocoState,
    private readonly settings: LocomotionMppiSettings,
    seed = 0,
  ) {
    super(scratch.spec.obsDim, scratch.spec.actDim, seed);
    this.rollout = new ShapedSimulatorRollout(scratch, settings.shaping);
  }

  /** Fresh controllers (empty plans) for every slot, each with its own noise stream. */
  protected override onReset(): void {
    const { shaping: _shaping, ...options } = this.settings;
    this.controllers = this.slots.map(() => new MppiController(this.rollout, options, this.rng.split()));
  }

  /** MPPI re-optimizes at every step (warm-started from its previous plan). */
  protected needsReplan(): boolean {
    return true;
  }

  protected async replan(requests: readonly ReplanRequest<Float64Array>[]): Promise<Float64Array[]> {
    return requests.map((r) => this.controllers[r.index].act(this.stateOf(r.index)));
  }

  protected actionFrom(slot: { plan: Float64Array | null }): ArrayLike<number> {
    return slot.plan!;
  }

  override dispose(): void {
    this.scratch.dispose();
  }
}
