import { DfpArgumentError } from '@dfp/envs';
import type { MujocoEnv, MujocoState } from '@dfp/envs';
import { DiffusionForcingPlanner, rewardSum } from '@dfp/planner';
import type { Agent } from '@dfp/planner';
import type { LoadedCheckpoint } from '../maze2d/checkpoint-store';
import type { LocomotionMethodSettings } from './bench-config';
import type { LocomotionColumnId } from './columns';
import { TrueSimulatorMppi } from './true-simulator-mppi';

/** What the agent of a planning column is built from. */
export interface LocomotionAgentInputs {
  /** An env of the task: the agent attaches to it (spaces, episode length); MPPI copies its simulator. */
  readonly env: MujocoEnv;
  readonly settings: LocomotionMethodSettings;
  /** The env's reward-token checkpoint (DF columns), else null. */
  readonly checkpoint: LoadedCheckpoint | null;
  /** Seed of the agent's noise (planner's `evaluate` reseeds it per batch). */
  readonly seed: number;
  /** Planned and evaluated episode length in env steps. */
  readonly episodeSteps: number;
  /** The true physical state of the env in slot i (MPPI plans from it). */
  readonly stateOf: (slot: number) => MujocoState;
}

/** A built agent and the settings it runs with (saved in the results). */
export interface BuiltLocomotionAgent {
  readonly agent: Agent;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * The DF planner of the `df` and `df-unguided` columns (DF §2–3 with the reward channel of §3.4): pyramid
 * schedule, the remaining episode capped at `maxHorizon` tokens, replanning every `openLoopHorizon` steps from the
 * current observation, executing its own diffused actions. `df` maximizes the predicted discounted return
 * `rewardSum({discount})` with MCG; `df-unguided` samples without guidance.
 */
function dfAgent(column: 'df' | 'df-unguided', inputs: LocomotionAgentInputs): BuiltLocomotionAgent {
  if (!inputs.checkpoint) throw new DfpArgumentError(`bench locomotion: column '${column}' needs a checkpoint`);
  const { model, info } = inputs.checkpoint;
  const s = inputs.settings.df;
  const guided = column === 'df';
  const maxHorizon = s.maxHorizon ?? info.windowTokens;
  if (maxHorizon === null) throw new DfpArgumentError(`bench locomotion: ${info.file} does not record its training window; set df.maxHorizon (tokens) in the bench config`);
  const settings = {
    scheduling: 'pyramid',
    guidance: guided ? 'rewardSum' : 'none',
    discount: s.discount,
    scale: guided ? s.scale : 0,
    mcgSamples: guided ? s.mcgSamples : 1,
    samplingSteps: s.samplingSteps,
    openLoopHorizon: s.openLoopHorizon ?? model.layout.frameStack,
    maxHorizon,
    frameStack: model.layout.frameStack,
    stabilizationLevel: s.stabilizationLevel,
    episodeLength: inputs.episodeSteps,
    controller: 'diffused actions',
  } as const;
  const agent = new DiffusionForcingPlanner({
    model,
    guidance: guided ? rewardSum({ discount: s.discount }) : null,
    scale: settings.scale,
    mcgSamples: settings.mcgSamples,
    samplingSteps: settings.samplingSteps,
    openLoopHorizon: settings.openLoopHorizon,
    horizon: 'remaining',
    maxHorizon,
    episodeLength: inputs.episodeSteps,
    stabilizationLevel: s.stabilizationLevel ?? undefined,
    seed: inputs.seed,
    env: inputs.env,
  });
  return { agent, settings };
}

/** The agent of a planning column, attached to `inputs.env`. @throws DfpArgumentError for `behaviour` (no agent) or a missing checkpoint. */
export function buildLocomotionAgent(column: LocomotionColumnId, inputs: LocomotionAgentInputs): BuiltLocomotionAgent {
  if (column === 'df' || column === 'df-unguided') return dfAgent(column, inputs);
  if (column === 'mppi') {
    const agent = new TrueSimulatorMppi(inputs.env.simulator.clone(), inputs.stateOf, inputs.settings.mppi, inputs.seed);
    agent.attach(inputs.env);
    return { agent, settings: { ...inputs.settings.mppi, dynamics: 'true simulator (mujoco-js, clone + setState)', reward: 'env reward + planning-only shaping' } };
  }
  throw new DfpArgumentError(`bench locomotion: column '${column}' does not plan (it reads the dataset)`);
}
