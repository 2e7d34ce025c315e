/**
 * Learning rate for update number `step` (0-based): linear warm-up to `lr` over `warmupSteps` updates, then
 * constant (DF: `lr · min(1, (step + 1) / warmup_steps)`, no decay).
 */
export function warmupLearningRate(lr: number, warmupSteps: number, step: number): number {
  if (warmupSteps <= 0) return lr;
  return lr * Math.min(1, (step + 1) / warmupSteps);
}
