import { MppiController, Rng, liveMujocoObjects, makeLocomotionEnv } from '@dfp/envs';
import type { MujocoEnv, MujocoState, RolloutModel } from '@dfp/envs';
import { TrueSimulatorMppi, defaultMethodSettings } from '@dfp/benchmarks';

const SETTINGS = { ...defaultMethodSettings('hopper-v4').mppi, samples: 4, horizon: 5 };

interface Policy {
  act(obs: Float64Array): Promise<Float64Array> | Float64Array;
  dispose(): void;
}

/** Runs `steps` steps of the hopper (reset seed 0) with the policy made for the env; returns the actions taken. */
async function drive(steps: number, make: (env: MujocoEnv) => Policy): Promise<number[][]> {
  const env = await makeLocomotionEnv('hopper-v4');
  const policy = make(env);
  try {
    let obs = env.reset({ seed: 0 }).observation;
    const actions: number[][] = [];
    for (let t = 0; t < steps; t++) {
      const a = await policy.act(obs);
      actions.push([...a]);
      obs = env.step(a).observation;
    }
    return actions;
  } finally {
    policy.dispose();
    env.close();
  }
}

function agentPolicy(env: MujocoEnv, seed: number, settings = SETTINGS): Policy {
  const agent = new TrueSimulatorMppi(env.simulator.clone(), () => env.simulator.getState(), settings);
  agent.reset({ numEnvs: 1, seed });
  return { act: (obs) => agent.act(obs), dispose: () => agent.dispose() };
}

describe('TrueSimulatorMppi', () => {
  it("should act as envs' MppiController planning from the env's true state, with slot 0's noise from split 0 of the seed", async () => {
    // Arrange: no shaping, so that a hand-built controller on the plain simulator plans the same objective.
    const settings = { ...SETTINGS, shaping: {} };
    const { shaping: _shaping, ...options } = settings;
    // Act
    const viaAgent = await drive(4, (env) => agentPolicy(env, 5, settings));
    const byHand = await drive(4, (env) => {
      const scratch = env.simulator.clone();
      const rollout: RolloutModel<MujocoState> = { spec: scratch.spec, setState: (s) => scratch.setState(s), advance: (a) => scratch.advance(a) };
      const controller = new MppiController(rollout, options, new Rng(5).split());
      return { act: () => env.actionSpace.clip(controller.act(env.simulator.getState())), dispose: () => scratch.dispose() };
    });
    // Assert
    expect(viaAgent).toEqual(byHand);
  });

  it('should be deterministic given the seed and differ across seeds', async () => {
    expect(await drive(3, (env) => agentPolicy(env, 1))).toEqual(await drive(3, (env) => agentPolicy(env, 1)));
    expect(await drive(3, (env) => agentPolicy(env, 1))).not.toEqual(await drive(3, (env) => agentPolicy(env, 2)));
  });

  it('should free its scratch simulator on dispose', async () => {
    const env = await makeLocomotionEnv('hopper-v4');
    const live = liveMujocoObjects();
    const agent = new TrueSimulatorMppi(env.simulator.clone(), () => env.simulator.getState(), SETTINGS);
    expect(liveMujocoObjects()).toBe(live + 1);
    agent.dispose();
    expect(liveMujocoObjects()).toBe(live);
    env.close();
  });
});
