import type { DiffusionModel } from '@dfp/core';
import { DfpArgumentError, mazeLayout, maze2dStepBatch, maze2dTask } from '@dfp/envs';
import type { EnvLike } from '@dfp/planner';
import { DiffuserPlanner, DiffusionForcingPlanner, MPPIPlanner, goalDistance } from '@dfp/planner';
import type { Agent, PlannedTrajectory } from '@dfp/planner';
import type { MethodSettings } from './bench-config';
import type { CheckpointInfo } from './checkpoint-store';
import type { Maze2dColumnId } from './columns';

/** What an agent of a column is built from. */
export interface AgentInputs {
  readonly envId: string;
  /** The env (or an env with its spaces) the agent is attached to. */
  readonly env: EnvLike;
  readonly settings: MethodSettings;
  /** The checkpoint of the column's model kind (null for MPPI). */
  readonly model: { readonly model: DiffusionModel; readonly info: CheckpointInfo } | null;
  /** Seed of the agent's sampling noise (evaluate reseeds it per batch). */
  readonly seed: number;
  /** Planned episode length when episodes are cut short (tests only); null = the env's full length. */
  readonly episodeLength: number | null;
}

/** A built agent, the settings it runs with (saved in the results) and how to read its plans for figures. */
export interface BuiltAgent {
  readonly agent: Agent;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The current plan object of env slot `i` (identity changes at each replan), or null. */
  readonly planOf: (slot: number) => unknown;
  /** Planned `(x, y)` positions of a plan made from `observation`, starting at the observation. */
  readonly planPositions: (plan: unknown, observation: ArrayLike<number>) => Array<[number, number]>;
}

/** MPPI with its nominal action sequence readable (for figures: rolled out through the dynamics). */
class InspectableMppiPlanner extends MPPIPlanner {
  nominal(i: number): Float64Array | null {
    return this.slots[i]?.plan ?? null;
  }
}

function trajectoryPositions(plan: unknown, observation: ArrayLike<number>): Array<[number, number]> {
  const p = plan as PlannedTrajectory;
  return [[observation[0], observation[1]], ...p.observations.map((o): [number, number] => [o[0], o[1]])];
}

function requireModel(column: string, inputs: AgentInputs): { model: DiffusionModel; info: CheckpointInfo } {
  if (!inputs.model) throw new DfpArgumentError(`bench maze2d: column '${column}' needs a checkpoint`);
  return inputs.model;
}

/** The Diffusion Forcing planner of the `df`, `df-no-mcg` and `df-full-seq` columns (DF §2–3). */
function dfAgent(column: 'df' | 'df-no-mcg' | 'df-full-seq', inputs: AgentInputs): BuiltAgent {
  const { model, info } = requireModel(column, inputs);
  const s = inputs.settings.df;
  const settings = {
    scheduling: column === 'df-full-seq' ? 'full_sequence' : 'pyramid',
    scale: s.scale,
    mcgSamples: column === 'df-no-mcg' ? 1 : s.mcgSamples,
    samplingSteps: s.samplingSteps,
    openLoopHorizon: s.openLoopHorizon,
    stabilizationLevel: s.stabilizationLevel,
    maxHorizon: s.maxHorizon ?? info.windowTokens,
    horizonFactor: s.horizonFactor,
    workers: s.workers,
    episodeLength: inputs.episodeLength ?? inputs.env.maxEpisodeSteps,
    controller: 'diffused actions',
  } as const;
  const agent = new DiffusionForcingPlanner({
    model,
    guidance: goalDistance(undefined, { horizonFactor: s.horizonFactor }),
    scale: settings.scale,
    mcgSamples: settings.mcgSamples,
    scheduling: settings.scheduling,
    samplingSteps: settings.samplingSteps,
    openLoopHorizon: settings.openLoopHorizon,
    stabilizationLevel: settings.stabilizationLevel ?? undefined,
    maxHorizon: settings.maxHorizon ?? undefined,
    episodeLength: settings.episodeLength,
    seed: inputs.seed,
    workers: settings.workers,
    env: inputs.env,
  });
  return { agent, settings, planOf: (i) => agent.currentPlan(i), planPositions: trajectoryPositions };
}

/** The Diffuser baseline (`diffuser-pd` = Diffuser*, `diffuser-diffused`), research doc maze2d-d4rl.md §5.3. */
function diffuserAgent(column: 'diffuser-pd' | 'diffuser-diffused', inputs: AgentInputs): BuiltAgent {
  const { model, info } = requireModel(column, inputs);
  const s = inputs.settings.diffuser;
  const horizon = s.horizon ?? info.windowTokens;
  if (horizon === null) throw new DfpArgumentError(`bench maze2d: ${info.file} records no training window; set diffuser.horizon (tokens) in the bench config`);
  const settings = { horizon, samplingSteps: s.samplingSteps, sampler: s.sampler, controller: column === 'diffuser-pd' ? 'pd' : 'diffused', replan: 'once at t = 0' } as const;
  const agent = new DiffuserPlanner({ model, horizon, samplingSteps: s.samplingSteps, sampler: s.sampler, controller: settings.controller, seed: inputs.seed, env: inputs.env });
  return { agent, settings, planOf: (i) => agent.currentPlan(i), planPositions: trajectoryPositions };
}

/** MPPI on the true maze dynamics (`maze2dStepBatch`), cost = distance to the goal. */
function mppiAgent(inputs: AgentInputs): BuiltAgent {
  const layout = mazeLayout(maze2dTask(inputs.envId).maze);
  const s = inputs.settings.mppi;
  const agent = new InspectableMppiPlanner({
    dynamics: (states, actions, out) => void maze2dStepBatch(states, actions, layout, out),
    obsDim: 4,
    actDim: 2,
    ...s,
    seed: inputs.seed,
    env: inputs.env,
  });
  const planPositions = (plan: unknown, observation: ArrayLike<number>): Array<[number, number]> => {
    const U = plan as Float64Array;
    const state = Float64Array.from(observation);
    const out: Array<[number, number]> = [[state[0], state[1]]];
    for (let t = 0; t < U.length / 2; t++) {
      maze2dStepBatch(state, U.subarray(2 * t, 2 * t + 2), layout, state);
      out.push([state[0], state[1]]);
    }
    return out;
  };
  return { agent, settings: { ...s, dynamics: 'true (maze2dStepBatch)', cost: 'distance to goal' }, planOf: (i) => agent.nominal(i), planPositions };
}

/**
 * Builds the agent of a runnable column.
 * @throws DfpArgumentError for columns that cannot run here (CQL, IQL) or a missing model.
 */
export function buildAgent(column: Maze2dColumnId, inputs: AgentInputs): BuiltAgent {
  switch (column) {
    case 'df':
    case 'df-no-mcg':
    case 'df-full-seq':
      return dfAgent(column, inputs);
    case 'diffuser-pd':
    case 'diffuser-diffused':
      return diffuserAgent(column, inputs);
    case 'mppi':
      return mppiAgent(inputs);
    default:
      throw new DfpArgumentError(`bench maze2d: column '${column}' cannot run in dfp`);
  }
}
