import type { DiffusionModelSpec } from '@dfp/core';
import { frameDim, tokenDim } from '@dfp/core';
import { DfpArgumentError, assertFiniteVector, assertInteger, describeValue } from '@dfp/envs';
import type { EnvLike, PlannedTrajectory } from '../api';
import type { SamplerKind } from '../ddim-step';
import { tokensToTrajectories } from '../frames';
import { checkModel, sample } from '../sample';
import type { Inpainting } from '../sample';
import { BatchedAgent } from './batched-agent';
import type { EnvSlot, ReplanRequest } from './batched-agent';

/** How Diffuser's plan is executed (DF Table 1): Diffuser's hand-written controller ("Diffuser*") or its own actions. */
export type DiffuserController = 'pd' | 'diffused';

/** Options of {@link DiffuserPlanner}. */
export interface DiffuserPlannerOptions {
  /** A non-causal model trained with one shared noise level per sequence (Diffuser-style; core trains it). */
  readonly model: DiffusionModelSpec;
  /** Plan length in tokens (Diffuser's training horizon). */
  readonly horizon: number;
  /** Reverse steps. @defaultValue 50 */
  readonly samplingSteps?: number;
  /** Diffuser samples with ancestral DDPM. @defaultValue 'ddpm' */
  readonly sampler?: SamplerKind;
  readonly eta?: number;
  /** @defaultValue 'pd' (Diffuser*) */
  readonly controller?: DiffuserController;
  /** Replan every this many env steps. @defaultValue never (plan once at t = 0, like Diffuser) */
  readonly replanEvery?: number;
  /** Goal used when `act` gets none. */
  readonly goal?: ArrayLike<number>;
  /** Observation dims the goal is written into. @defaultValue `[0, ..., goal.length-1]` */
  readonly goalDims?: readonly number[];
  /** Observation dims set to 0 at the goal (Diffuser conditions on `[goal, 0, 0]`). @defaultValue the next goal.length dims, if they exist */
  readonly zeroAtGoalDims?: readonly number[];
  /** PD controller dims: `a = (wp[position] - o[position]) + (wp[velocity] - o[velocity])`. @defaultValue position `[0..actDim-1]`, velocity `[actDim..2·actDim-1]` */
  readonly controllerDims?: { readonly position: readonly number[]; readonly velocity: readonly number[] };
  /** Accept a causal backbone (an ablation; Diffuser is non-causal). @defaultValue false */
  readonly allowCausal?: boolean;
  /** Seed of the sampling noise (env i plans with the i-th split of `new Rng(seed)`, as in the DF planner). @defaultValue 0 */
  readonly seed?: number;
  readonly env?: EnvLike;
}

/**
 * The Diffuser baseline in the same harness (Janner et al. 2022; research doc maze2d-d4rl.md §5.3, DF Table 1):
 * full-sequence sampling of a non-causal model with the goal imposed by inpainting on the last frame
 * (observation dims `[goal, 0, 0]`, overwritten after every step) and the start through the encoder's z0.
 * It plans once at t = 0 and then either follows the planned states with Diffuser's controller
 * (`a = Δpos + Δvel` toward the next planned state; after the plan ends, toward its last state with zero
 * velocity) or executes the plan's diffused actions (replanning when they run out).
 */
export class DiffuserPlanner extends BatchedAgent<PlannedTrajectory> {
  readonly name = 'DiffuserPlanner';
  readonly model: DiffusionModelSpec;
  private readonly opts: DiffuserPlannerOptions;
  private readonly controller: DiffuserController;
  private readonly pdDims: { position: number[]; velocity: number[] };

  constructor(opts: DiffuserPlannerOptions) {
    checkModel('DiffuserPlanner', opts?.model);
    super(opts.model.layout.obsDim, opts.model.layout.actDim, opts.seed ?? 0);
    this.model = opts.model;
    this.opts = opts;
    assertInteger('DiffuserPlanner: horizon (tokens)', opts.horizon, 1);
    if (opts.model.backbone.causal && !opts.allowCausal) {
      throw new DfpArgumentError('DiffuserPlanner: expected a non-causal backbone (the transformer with causal: false); pass allowCausal: true to use a causal one');
    }
    this.controller = opts.controller ?? 'pd';
    if (this.controller !== 'pd' && this.controller !== 'diffused') throw new DfpArgumentError(`DiffuserPlanner: controller must be 'pd' or 'diffused', received ${describeValue(this.controller)}`);
    if (opts.replanEvery !== undefined) assertInteger('DiffuserPlanner: replanEvery', opts.replanEvery, 1);
    if (opts.goal !== undefined) assertFiniteVector('DiffuserPlanner: goal', opts.goal);
    const { obsDim, actDim } = opts.model.layout;
    const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
    this.pdDims = {
      position: [...(opts.controllerDims?.position ?? range(0, actDim))],
      velocity: [...(opts.controllerDims?.velocity ?? range(actDim, actDim))],
    };
    const { position, velocity } = this.pdDims;
    if (this.controller === 'pd' && (position.length !== actDim || velocity.length !== actDim || [...position, ...velocity].some((d) => !Number.isInteger(d) || d < 0 || d >= obsDim))) {
      throw new DfpArgumentError(`DiffuserPlanner: controllerDims must give ${actDim} position and ${actDim} velocity dims in [0, ${obsDim - 1}], received ${JSON.stringify(this.pdDims)}`);
    }
    if (opts.env) this.attach(opts.env);
  }

  /** The current plan of env slot `i`. */
  currentPlan(i = 0): PlannedTrajectory | null {
    return this.slots[i]?.plan ?? null;
  }

  protected needsReplan(slot: EnvSlot<PlannedTrajectory>): boolean {
    if (!slot.plan) return true;
    const t = slot.steps - slot.planStep;
    if (this.opts.replanEvery !== undefined && t >= this.opts.replanEvery) return true;
    return this.controller === 'diffused' && t >= slot.plan.actions.length;
  }

  protected actionFrom(slot: EnvSlot<PlannedTrajectory>, observation: ArrayLike<number>): ArrayLike<number> {
    const plan = slot.plan!;
    const t = slot.steps - slot.planStep;
    if (this.controller === 'diffused') return plan.actions[t];
    // Diffuser's plan_maze2d.py: next planned state, or the last one with zero velocity once the plan ends.
    const last = plan.observations.length - 1;
    const { position, velocity } = this.pdDims;
    return position.map((p, i) => {
      const v = velocity[i];
      const wp = plan.observations[Math.min(t, last)];
      const wv = t <= last ? wp[v] : 0;
      return wp[p] - observation[p] + (wv - observation[v]);
    });
  }

  /** Inpainting of the goal on the last frame of every plan. */
  private goalInpainting(goals: readonly (ArrayLike<number> | undefined)[], H: number): Inpainting | null {
    if (goals.every((g) => g === undefined)) return null;
    const { layout, normalizer } = this.model;
    const D = tokenDim(layout);
    const fd = frameDim(layout);
    const mask = new Float32Array(goals.length * H * D);
    const values = new Float32Array(goals.length * H * D);
    goals.forEach((g, b) => {
      if (g === undefined) throw new DfpArgumentError(`DiffuserPlanner: env ${b} has no goal while others have one`);
      const dims = this.opts.goalDims ?? Array.from({ length: g.length }, (_, i) => i);
      const zeros = this.opts.zeroAtGoalDims ?? Array.from({ length: g.length }, (_, i) => g.length + i).filter((d) => d < layout.obsDim);
      if (dims.length !== g.length) throw new DfpArgumentError(`DiffuserPlanner: goalDims has ${dims.length} dims for a goal of length ${g.length}`);
      const base = (b * H + H - 1) * D + (layout.frameStack - 1) * fd; // last frame of the last token
      const put = (d: number, v: number): void => {
        if (!Number.isInteger(d) || d < 0 || d >= layout.obsDim) throw new DfpArgumentError(`DiffuserPlanner: goal dim ${d} is not an observation dim (obsDim ${layout.obsDim})`);
        mask[base + d] = 1;
        values[base + d] = (v - normalizer.mean[d]) / normalizer.std[d];
      };
      dims.forEach((d, i) => put(d, g[i]));
      zeros.forEach((d) => put(d, 0));
    });
    return { mask, values };
  }

  protected async replan(requests: readonly ReplanRequest<PlannedTrajectory>[]): Promise<PlannedTrajectory[]> {
    const H = this.opts.horizon;
    const goals = requests.map((r) => r.goal ?? this.opts.goal);
    const res = await sample(this.model, requests.map((r) => r.observation), {
      horizon: H,
      rng: requests.map((r) => r.slot.rng), // env i's own stream: its plan does not depend on the other envs
      scheduling: 'full_sequence',
      samplingSteps: this.opts.samplingSteps,
      sampler: this.opts.sampler ?? 'ddpm',
      eta: this.opts.eta,
      inpaint: this.goalInpainting(goals, H),
    });
    return tokensToTrajectories(res.tokens, requests.length, H, this.model.layout, this.model.normalizer);
  }
}
