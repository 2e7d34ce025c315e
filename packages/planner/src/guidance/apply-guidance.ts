import type { FrameNormalizer, TokenLayout } from '@dfp/core';
import { frameDim, tf } from '@dfp/core';
import { DfpArgumentError, assertFiniteVector, describeValue } from '@dfp/envs';
import { tidyObject } from '../chain';
import { checkMcgSamples, mcgReduce } from './monte-carlo-guidance';
import type { GuidanceContext, GuidanceObjective, PredictedFrames } from './objectives';

/**
 * Applying guidance inside a pyramid row (DF §3.2, Alg. 2 line 10): the objective J of the x0 predictions
 * of all tokens (averaged over Monte Carlo samples) is differentiated with respect to the noisy plan tokens
 * **as they were at the start of the row**, through the whole causal chain, and `scale · λ_t · ∂J/∂x_t` is
 * added to each token after its DDIM step (λ_t = 0 for tokens that are clean or do not step).
 */

/** Guidance settings of one sampling call. */
export interface GuidanceOptions {
  /** Objective to maximize (see `goalDistance`, `rewardSum`, `custom`). */
  readonly objective: GuidanceObjective;
  /** Guidance scale s (research doc §3.2: 8–12 in the README, 10–20 in issue #2). 0 gives the unguided sample. */
  readonly scale: number;
  /** Monte Carlo Guidance samples R (1 = off). @defaultValue 1 */
  readonly mcgSamples?: number;
  /** One goal per batch element, for objectives that read `ctx.goal`. */
  readonly goals?: readonly (ArrayLike<number> | undefined)[] | null;
  /** Frame weights `[B, F]` (F = horizon · frameStack), row-major. @defaultValue all ones */
  readonly frameWeights?: Float32Array | null;
  /** Planned episode length in frames (N of the N/F factor). @defaultValue null */
  readonly episodeLength?: number | null;
}

/** Guidance state of one sampling call: the objective and its context tensors, tiled over the R samples. */
export interface GuidanceSetup {
  readonly objective: GuidanceObjective;
  readonly scale: number;
  readonly samples: number;
  readonly ctx: GuidanceContext;
  readonly layout: TokenLayout;
  readonly mean: tf.Tensor1D;
  readonly std: tf.Tensor1D;
  dispose(): void;
}

/**
 * Validates guidance options and builds the context tensors once per sampling call (they live until
 * `dispose()`). Returns null when guidance is off (no options, or scale 0: exactly the unguided sampler).
 */
export function createGuidanceSetup(
  opts: GuidanceOptions | null | undefined,
  batch: number,
  horizon: number,
  layout: TokenLayout,
  normalizer: FrameNormalizer,
): GuidanceSetup | null {
  if (!opts) return null;
  const { objective, scale } = opts;
  if (typeof objective !== 'function') throw new DfpArgumentError(`guidance.objective must be a GuidanceObjective function, received ${describeValue(objective)}`);
  if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new DfpArgumentError(`guidance.scale must be a finite number, received ${describeValue(scale)}`);
  const R = checkMcgSamples(opts.mcgSamples ?? 1);
  if (scale === 0) return null;
  if (objective.needsReward && layout.rewardDim === 0) {
    throw new DfpArgumentError(`guidance objective '${objective.objectiveName}' needs a reward channel, but the model's layout has rewardDim 0`);
  }
  const F = horizon * layout.frameStack;
  const weights = opts.frameWeights ?? new Float32Array(batch * F).fill(1);
  if (weights.length !== batch * F) throw new DfpArgumentError(`guidance.frameWeights must have batch·frames = ${batch}·${F} = ${batch * F} entries, received ${weights.length}`);
  assertFiniteVector('guidance.frameWeights', weights);
  const goals = opts.goals ?? null;
  let goalData: Float32Array | null = null;
  let goalDim = 0;
  if (goals && goals.some((g) => g !== undefined)) {
    if (goals.length !== batch) throw new DfpArgumentError(`guidance.goals must have one entry per batch element (${batch}), received ${goals.length}`);
    goalDim = goals.find((g) => g !== undefined)!.length;
    goalData = new Float32Array(batch * goalDim);
    goals.forEach((g, b) => {
      if (g === undefined) throw new DfpArgumentError(`guidance.goals[${b}] is missing while other envs have goals`);
      assertFiniteVector(`guidance.goals[${b}]`, g, goalDim);
      goalData!.set(Array.from(g), b * goalDim);
    });
  } else if (objective.needsGoal) {
    throw new DfpArgumentError(`guidance objective '${objective.objectiveName}' needs a goal: pass {goal} to act(), goals to actBatch(), or a fixed goal to the objective`);
  }
  const episodeLength = opts.episodeLength ?? null;
  const tile = (data: Float32Array, cols: number): tf.Tensor2D => tf.tile(tf.tensor2d(data, [batch, cols]), [R, 1]) as tf.Tensor2D;
  const tensors = tidyObject(() => ({
    frameWeight: tile(weights, F),
    goal: goalData ? tile(goalData, goalDim) : null,
    mean: tf.tensor1d(Float32Array.from(normalizer.mean)),
    std: tf.tensor1d(Float32Array.from(normalizer.std)),
  }));
  return {
    objective,
    scale,
    samples: R,
    layout,
    mean: tensors.mean,
    std: tensors.std,
    ctx: { goal: tensors.goal, frameWeight: tensors.frameWeight, episodeLength, frames: F },
    dispose: () => tf.dispose([tensors.frameWeight, tensors.mean, tensors.std, ...(tensors.goal ? [tensors.goal] : [])]),
  };
}

/**
 * Un-normalized frames of x0 samples: `samples` are R token-major tensors `[H, B, D]`; the result has
 * N = R·B trajectories (sample-major) of F = H·frameStack frames.
 */
export function predictedFrames(setup: GuidanceSetup, samples: readonly tf.Tensor3D[]): PredictedFrames {
  const [H, B] = samples[0].shape;
  const { obsDim, actDim, rewardDim, frameStack } = setup.layout;
  const fd = frameDim(setup.layout);
  const stacked = samples.length === 1 ? tf.expandDims(samples[0], 0) : tf.stack(samples as tf.Tensor3D[]);
  const frames = tf.reshape(tf.transpose(stacked, [0, 2, 1, 3]), [samples.length * B, H * frameStack, fd]);
  const raw = tf.add(tf.mul(frames, setup.std), setup.mean) as tf.Tensor3D;
  const parts = tf.split(raw, rewardDim ? [obsDim, actDim, rewardDim] : [obsDim, actDim], 2) as tf.Tensor3D[];
  return { obs: parts[0], act: parts[1], reward: rewardDim ? parts[2] : null };
}

/** Guidance value `Σ_b mean_r J_b(sample r)` of R x0 samples of all tokens (each `[H, B, D]`). */
export function guidanceValue(setup: GuidanceSetup, samples: readonly tf.Tensor3D[]): tf.Scalar {
  if (samples.length !== setup.samples) throw new DfpArgumentError(`guidanceValue: expected ${setup.samples} samples, received ${samples.length}`);
  const j = setup.objective(predictedFrames(setup, samples), setup.ctx);
  const n = samples.length * samples[0].shape[1];
  if (!j || j.rank !== 1 || j.shape[0] !== n) {
    throw new DfpArgumentError(`guidance objective '${setup.objective.objectiveName}' must return shape [${n}], received ${j ? JSON.stringify(j.shape) : String(j)}`);
  }
  return mcgReduce(j, samples.length);
}

/**
 * Runs `run(x)` once under the gradient tape and returns both `∂value/∂x` and the network output `out`
 * computed on the way (so a guided row costs one forward and one backward pass, not two forwards).
 * `out` is kept outside every `tf.tidy`: the caller must dispose it.
 */
export function gradientAndOutput(x: tf.Tensor3D, run: (x: tf.Tensor3D) => { out: tf.Tensor3D; value: tf.Scalar }): { grad: tf.Tensor3D; out: tf.Tensor3D } {
  let out: tf.Tensor3D | null = null;
  try {
    // allowNoGradients: an objective that ignores the plan yields a zero gradient instead of an error.
    const { value, grads } = tf.engine().gradients(
      () => {
        const r = run(x);
        out = tf.keep(r.out);
        return r.value;
      },
      [x],
      undefined,
      true,
    );
    value.dispose();
    const grad = (grads[0] ?? tf.zerosLike(x)) as tf.Tensor3D;
    return { grad, out: out! };
  } catch (e) {
    (out as tf.Tensor3D | null)?.dispose();
    throw e;
  }
}
