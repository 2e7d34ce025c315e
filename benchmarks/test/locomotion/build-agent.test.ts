import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '@dfp/core';
import { makeLocomotionEnv } from '@dfp/envs';
import type { MujocoEnv } from '@dfp/envs';
import { DiffusionForcingPlanner } from '@dfp/planner';
import { TrueSimulatorMppi, buildLocomotionAgent, defaultMethodSettings, loadLocomotionCheckpoint, locomotionCheckpointRef } from '@dfp/benchmarks';
import type { LocomotionAgentInputs } from '@dfp/benchmarks';
import { writeTinyRewardCheckpoint } from './tiny-reward-checkpoint';

describe('buildLocomotionAgent', () => {
  let dir: string;
  let env: MujocoEnv;
  let inputs: LocomotionAgentInputs;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-agent-'));
    writeTinyRewardCheckpoint(path.join(dir, 'hopper-medium'), { windowTokens: 5 });
    env = await makeLocomotionEnv('hopper-v4', { maxEpisodeSteps: 40 });
    const checkpoint = loadLocomotionCheckpoint(locomotionCheckpointRef(dir, 'hopper-v4', { checkpointNames: { name: '{task}-{dataset}', config: '' }, dataset: 'medium' }));
    inputs = { env, settings: defaultMethodSettings('hopper-v4'), checkpoint, seed: 0, episodeSteps: 40, stateOf: () => env.simulator.getState() };
  });
  afterAll(() => {
    inputs.checkpoint?.model.dispose();
    env.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should build the reward-guided DF planner: one token open loop and the configured horizon by default', () => {
    const built = buildLocomotionAgent('df', inputs);
    expect(built.agent).toBeInstanceOf(DiffusionForcingPlanner);
    expect(built.settings).toEqual({
      scheduling: 'pyramid', guidance: 'rewardSum', discount: 0.99, scale: 10, mcgSamples: 4, samplingSteps: 20, openLoopHorizon: 2, maxHorizon: 8,
      frameStack: 2, stabilizationLevel: null, episodeLength: 40, controller: 'diffused actions',
    });
  });

  it("should build the unguided ablation, and fall back to the checkpoint's training window without a horizon cap", () => {
    const built = buildLocomotionAgent('df-unguided', { ...inputs, settings: { ...inputs.settings, df: { ...inputs.settings.df, maxHorizon: null, openLoopHorizon: 6 } } });
    expect(built.settings).toMatchObject({ guidance: 'none', scale: 0, mcgSamples: 1, maxHorizon: 5, openLoopHorizon: 6 });
  });

  it('should plan and return a clamped action from the diffused plan', async () => {
    const built = buildLocomotionAgent('df', { ...inputs, settings: { ...inputs.settings, df: { ...inputs.settings.df, samplingSteps: 2, mcgSamples: 2, maxHorizon: 2 } } });
    built.agent.reset({ seed: 0 });
    const a = await built.agent.act(env.reset({ seed: 0 }).observation);
    expect(a).toHaveLength(3);
    expect([...a].every((v) => v >= -1 && v <= 1)).toBe(true);
    expect((built.agent as DiffusionForcingPlanner).currentPlan(0)!.rewards).toHaveLength(4);
  });

  it('should build MPPI on the true simulator, and refuse the behaviour column and a missing checkpoint', () => {
    const built = buildLocomotionAgent('mppi', inputs);
    expect(built.agent).toBeInstanceOf(TrueSimulatorMppi);
    expect(built.settings).toMatchObject({ samples: 8, horizon: 12, dynamics: 'true simulator (mujoco-js, clone + setState)' });
    built.agent.dispose();
    expect(() => buildLocomotionAgent('behaviour', inputs)).toThrow(/does not plan/);
    expect(() => buildLocomotionAgent('df', { ...inputs, checkpoint: null })).toThrow(/column 'df' needs a checkpoint/);
  });
});
