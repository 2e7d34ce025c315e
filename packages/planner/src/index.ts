/**
 * @dfp/planner: Diffusion Forcing sampling (scheduling matrices, DDIM/DDPM over them, stabilization, prefix
 * caching), guidance (objectives, the paper's coefficient, Monte Carlo Guidance), the Diffusion Forcing
 * planner, the Diffuser and MPPI baselines, and batched evaluation.
 */
export type { Agent, ActOptions, ActBatchOptions, AgentResetOptions, AgentStats, EnvLike, PlannedTrajectory } from './api';
// Sampling
export { schedulingMatrix, pyramidMatrix, fullSequenceMatrix, autoregressiveMatrix, validateSchedulingMatrix, tokenPhase } from './schedule';
export type { SchedulingMatrix, SchedulingKind, SchedulingMatrixOptions, TokenPhase } from './schedule';
export { ddimTimes, stepCoefficients, x0Coefficients, qSampleCoefficients } from './ddim-step';
export type { SamplerKind, StepCoefficients, StepCoefficientOptions } from './ddim-step';
export { stabilizationLevel, planRow } from './stabilization';
export type { RowPlan, UnstartedTokens } from './stabilization';
export { rowCoefficients } from './row-coefficients';
export type { RowCoefficients } from './row-coefficients';
export { sample } from './sample';
export type { SampleOptions, SampleResult, SampleStats, Inpainting } from './sample';
export { ParallelSampler } from './parallel/parallel-sampler';
export { contiguousParts } from './parallel/sample-part';
export type { RowRange } from './parallel/sample-part';
export { rollout } from './rollout';
export type { RolloutOptions, RolloutResult } from './rollout';
export { normalizeObservations, tokensToTrajectories } from './frames';
// Guidance
export { goalDistance, rewardSum, custom, objectiveFromSpec } from './guidance/objectives';
export type { ObjectiveSpec, GuidanceObjective, GuidanceContext, PredictedFrames, GoalDistanceOptions, RewardSumOptions } from './guidance/objectives';
export { guidanceCoefficient } from './guidance/guidance-coefficient';
export { createGuidanceSetup, guidanceValue, predictedFrames } from './guidance/apply-guidance';
export type { GuidanceOptions, GuidanceSetup } from './guidance/apply-guidance';
export { mcgMean, mcgReduce, checkMcgSamples } from './guidance/monte-carlo-guidance';
// Agents and evaluation
export { BatchedAgent } from './agents/batched-agent';
export type { EnvSlot, ReplanRequest } from './agents/batched-agent';
export { DiffusionForcingPlanner } from './agents/diffusion-forcing-planner';
export type { DiffusionForcingPlannerOptions, DiffusionForcingPlan } from './agents/diffusion-forcing-planner';
export { DiffuserPlanner } from './agents/diffuser-planner';
export type { DiffuserPlannerOptions, DiffuserController } from './agents/diffuser-planner';
export { MPPIPlanner, goalDistanceCost } from './agents/mppi-planner';
export type { MPPIPlannerOptions, BatchDynamics, StateCost } from './agents/mppi-planner';
export { evaluate } from './evaluate';
export type { EvaluateOptions, EvaluationResult, EpisodeResult } from './evaluate';
