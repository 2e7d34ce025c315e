import { DfpArgumentError } from '../errors';

/**
 * Optional learning-rate decay after warm-up (not in DF, whose LR stays constant: a deviation for small-batch CPU
 * training, where a constant LR leaves the loss at a noisy plateau). From update `fromStep` to `toStep` the LR
 * moves from `lr` to `finalLr` (linearly or along a half cosine) and stays at `finalLr` afterwards. The window is
 * given in absolute update numbers, so a run resumed with more `steps` keeps the same schedule.
 */
export interface LrDecay {
  readonly kind: 'linear' | 'cosine';
  readonly fromStep: number;
  readonly toStep: number;
  readonly finalLr: number;
}

/**
 * Learning rate for update number `step` (0-based): linear warm-up to `lr` over `warmupSteps` updates, then
 * constant (DF: `lr · min(1, (step + 1) / warmup_steps)`, no decay), or decayed as {@link LrDecay} says.
 */
export function warmupLearningRate(lr: number, warmupSteps: number, step: number, decay: LrDecay | null = null): number {
  const warm = warmupSteps <= 0 ? 1 : Math.min(1, (step + 1) / warmupSteps);
  return warm * decayedLearningRate(lr, step, decay);
}

/** The LR of {@link LrDecay} at update `step` (without warm-up); `lr` when `decay` is null. */
export function decayedLearningRate(lr: number, step: number, decay: LrDecay | null): number {
  if (!decay || step < decay.fromStep) return lr;
  const { fromStep, toStep, finalLr, kind } = decay;
  if (!(toStep > fromStep)) throw new DfpArgumentError(`lrDecay: toStep (${toStep}) must be greater than fromStep (${fromStep})`);
  const p = Math.min(1, (step - fromStep) / (toStep - fromStep)); // progress through the decay window
  const w = kind === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * p)) : 1 - p;
  return finalLr + (lr - finalLr) * w;
}
