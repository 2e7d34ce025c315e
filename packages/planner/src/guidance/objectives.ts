import { tf } from '@dfp/core';
import { DfpArgumentError, assertFiniteVector, describeValue } from '@dfp/envs';

/**
 * Guidance objectives: plain differentiable functions of the planner's x0 predictions, un-normalized
 * (DF §3.1–3.3). An objective returns one value per trajectory that the planner **maximizes**
 * (`J`, the "episode return" of the reference code); goal distances are therefore returned negated.
 */

/** The x0 predictions of a plan, un-normalized and unstacked into frames; N trajectories of F frames. */
export interface PredictedFrames {
  /** Predicted next observations o_{t+1}: `[N, F, obsDim]`. */
  readonly obs: tf.Tensor3D;
  /** Predicted actions a_t: `[N, F, actDim]`. */
  readonly act: tf.Tensor3D;
  /** Predicted rewards r_t `[N, F, 1]`, or null when the model has no reward channel. */
  readonly reward: tf.Tensor3D | null;
}

/** What an objective may use besides the predictions. */
export interface GuidanceContext {
  /** One goal per trajectory `[N, goalDim]` (from `act({goal})` / `env.getTarget()`), or null. */
  readonly goal: tf.Tensor2D | null;
  /**
   * Weight of each frame `[N, F]`: 1 for real frames, 0 for the final padding frame of the episode and
   * for frames past its end (reference `weight[-1] = 0`).
   */
  readonly frameWeight: tf.Tensor2D;
  /** Planned episode length N in frames (for the N/F factor of DF §3.1), or null when unknown. */
  readonly episodeLength: number | null;
  /** Frames F in the plan. */
  readonly frames: number;
}

/** A guidance objective: `(predictions, context) -> J [N]`, to be maximized. */
export interface GuidanceObjective {
  (pred: PredictedFrames, ctx: GuidanceContext): tf.Tensor1D;
  /** Short name for logs and errors. */
  readonly objectiveName: string;
  /** True when the objective reads `pred.reward` (the model must have a reward channel). */
  readonly needsReward?: boolean;
  /** True when the objective reads `ctx.goal` (the caller must pass goals). */
  readonly needsGoal?: boolean;
  /** The builder's arguments as plain data, so another thread can rebuild it ({@link objectiveFromSpec}); absent for `custom`. */
  readonly spec?: ObjectiveSpec;
}

/** A built-in objective as plain data (what crosses to worker threads). */
export type ObjectiveSpec =
  | { readonly kind: 'goalDistance'; readonly goal: number[] | null; readonly dims: number[] | null; readonly horizonFactor: boolean }
  | { readonly kind: 'rewardSum'; readonly discount: number };

/**
 * Rebuilds a built-in objective from its {@link ObjectiveSpec} (`objectiveFromSpec(goalDistance(g).spec!)` acts
 * as `goalDistance(g)`).
 * @throws DfpArgumentError on an unknown kind.
 */
export function objectiveFromSpec(spec: ObjectiveSpec): GuidanceObjective {
  switch (spec?.kind) {
    case 'goalDistance':
      return goalDistance(spec.goal ?? undefined, { ...(spec.dims ? { dims: spec.dims } : {}), horizonFactor: spec.horizonFactor });
    case 'rewardSum':
      return rewardSum({ discount: spec.discount });
    default:
      throw new DfpArgumentError(`objectiveFromSpec: expected {kind: 'goalDistance' | 'rewardSum', ...}, received ${describeValue(spec)}`);
  }
}

function named(fn: (pred: PredictedFrames, ctx: GuidanceContext) => tf.Tensor1D, props: { objectiveName: string; needsReward?: boolean; needsGoal?: boolean; spec?: ObjectiveSpec }): GuidanceObjective {
  return Object.assign(fn, props);
}

/** Options of {@link goalDistance}. */
export interface GoalDistanceOptions {
  /**
   * Observation dims compared with the goal (Maze2D: the position `[x, y]`).
   * @defaultValue `[0, 1, ..., goal.length - 1]` (`[0, 1]` when the goal comes from the context)
   */
  readonly dims?: readonly number[];
  /**
   * Multiply by N/F, the planned episode length over the plan's frames, as the reference code does
   * (`-(n_frames · dist).mean()` over frames): the per-frame weight grows as the remaining horizon shrinks.
   * Needs `episodeLength` in the context.
   * @defaultValue false (the paper's plain Σ_t ||p_t − g||)
   */
  readonly horizonFactor?: boolean;
}

/**
 * Goal reaching (DF §3.1, App. B.5): `J = −Σ_frames w_f · ||obs_f[dims] − g||`, the Euclidean (not squared)
 * distance of every planned frame to the goal, so that any time step may be the one that reaches it.
 * With `horizonFactor`, `J` is multiplied by N/F.
 *
 * @param goal - a fixed goal; when omitted, the per-env goals passed to `act`/`actBatch` are used.
 */
export function goalDistance(goal?: ArrayLike<number>, opts: GoalDistanceOptions = {}): GuidanceObjective {
  if (goal !== undefined) assertFiniteVector('goalDistance: goal', goal);
  const fixed = goal === undefined ? null : Float32Array.from(goal);
  const g = fixed ? fixed.length : (opts.dims?.length ?? 2);
  const dims = opts.dims ? [...opts.dims] : Array.from({ length: g }, (_, i) => i);
  if (dims.length !== g || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new DfpArgumentError(`goalDistance: dims must be ${g} non-negative integers (one per goal entry), received ${describeValue(opts.dims)}`);
  }
  return named(
    (pred, ctx) => {
      const [n, f, obsDim] = pred.obs.shape;
      const bad = dims.find((d) => d >= obsDim);
      if (bad !== undefined) throw new DfpArgumentError(`goalDistance: dim ${bad} is out of range for obsDim ${obsDim}`);
      const target = fixed ? tf.tensor2d(fixed, [1, g]) : ctx.goal;
      if (!target) throw new DfpArgumentError('goalDistance: no goal; pass goalDistance(goal) or a goal to act()/actBatch()');
      if (target.shape[1] !== g) throw new DfpArgumentError(`goalDistance: goals must have ${g} entries (dims ${dims.join(',')}), received ${target.shape[1]}`);
      // Select dims with a one-hot matMul (gather's gradient is missing on wasm).
      const sel = new Float32Array(obsDim * g);
      dims.forEach((d, j) => (sel[d * g + j] = 1));
      const pos = tf.matMul(tf.reshape(pred.obs, [n * f, obsDim]), tf.tensor2d(sel, [obsDim, g])).reshape([n, f, g]);
      const diff = tf.sub(pos, tf.expandDims(target, 1));
      // max(·, 1e-12) keeps the gradient finite at distance 0 (torch's norm gives 0 there).
      const dist = tf.sqrt(tf.maximum(tf.sum(tf.square(diff), -1), 1e-12));
      let total = tf.sum(tf.mul(dist, ctx.frameWeight), 1);
      if (opts.horizonFactor) {
        if (ctx.episodeLength === null) throw new DfpArgumentError('goalDistance: horizonFactor needs the planned episode length (planner option episodeLength or an attached env)');
        total = tf.mul(total, ctx.episodeLength / ctx.frames);
      }
      return tf.neg(total) as tf.Tensor1D;
    },
    {
      objectiveName: 'goalDistance', needsGoal: fixed === null,
      spec: { kind: 'goalDistance', goal: fixed ? Array.from(fixed) : null, dims: opts.dims ? [...opts.dims] : null, horizonFactor: opts.horizonFactor ?? false },
    },
  );
}

/** Options of {@link rewardSum}. */
export interface RewardSumOptions {
  /** Discount γ in (0, 1]: frame j is weighted γ^j. @defaultValue 1 */
  readonly discount?: number;
}

/**
 * Predicted return `J = Σ_frames w_f · γ^f · r_f` (DF §3.4 dense-reward path, `use_reward=True`). Needs a
 * model whose layout has a reward channel (`rewardDim = 1`).
 */
export function rewardSum(opts: RewardSumOptions = {}): GuidanceObjective {
  const gamma = opts.discount ?? 1;
  if (typeof gamma !== 'number' || !(gamma > 0 && gamma <= 1)) throw new DfpArgumentError(`rewardSum: discount must be in (0, 1], received ${describeValue(gamma)}`);
  return named(
    (pred, ctx) => {
      if (!pred.reward) throw new DfpArgumentError('rewardSum: the model has no reward channel (layout.rewardDim = 0); use goalDistance or custom()');
      const [, f] = pred.reward.shape;
      const disc = tf.tensor2d(Float32Array.from({ length: f }, (_, j) => gamma ** j), [1, f]);
      return tf.sum(tf.mul(tf.squeeze(pred.reward, [2]), tf.mul(ctx.frameWeight, disc)), 1) as tf.Tensor1D;
    },
    { objectiveName: 'rewardSum', needsReward: true, spec: { kind: 'rewardSum', discount: gamma } },
  );
}

/**
 * A user-defined objective: any differentiable tfjs function of the predictions returning one value per
 * trajectory (`[N]`) to maximize. The result's shape is checked on every call.
 */
export function custom(fn: (pred: PredictedFrames, ctx: GuidanceContext) => tf.Tensor, name = 'custom'): GuidanceObjective {
  if (typeof fn !== 'function') throw new DfpArgumentError(`custom: expected a function (pred, ctx) => Tensor1D, received ${describeValue(fn)}`);
  return named(
    (pred, ctx) => {
      const v = fn(pred, ctx);
      const n = pred.obs.shape[0];
      if (!v || v.rank !== 1 || v.shape[0] !== n) {
        throw new DfpArgumentError(`custom objective '${name}': must return a Tensor1D of shape [${n}] (one value per trajectory), received shape ${v ? JSON.stringify(v.shape) : String(v)}`);
      }
      return v as tf.Tensor1D;
    },
    { objectiveName: name },
  );
}
