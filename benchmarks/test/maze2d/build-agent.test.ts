import { initBackend } from '@dfp/core';
import type { DiffusionModel } from '@dfp/core';
import { DfpArgumentError, makeMaze2dEnv } from '@dfp/envs';
import { DEFAULT_METHOD_SETTINGS, buildAgent } from '@dfp/benchmarks';
import type { AgentInputs } from '@dfp/benchmarks';
import { DiffuserPlanner, DiffusionForcingPlanner, MPPIPlanner } from '@dfp/planner';
import { TINY_NON_CAUSAL, TINY_RNN, tinyModel } from '../helpers/tiny-checkpoints';

const info = (causal: boolean, windowTokens: number | null) => ({ dir: 'd', file: 'f', step: 1, backbone: causal ? 'rnn' : 'transformer', causal, parameters: 1, windowTokens });

describe('buildAgent', () => {
  const env = makeMaze2dEnv('maze2d-umaze-v1');
  let rnn: DiffusionModel;
  let nonCausal: DiffusionModel;
  const inputs = (model: AgentInputs['model']): AgentInputs => ({ envId: 'maze2d-umaze-v1', env, settings: DEFAULT_METHOD_SETTINGS, model, seed: 0, episodeLength: null });
  beforeAll(async () => {
    await initBackend('wasm');
    rnn = tinyModel(TINY_RNN);
    nonCausal = tinyModel(TINY_NON_CAUSAL);
  });
  afterAll(() => {
    rnn.dispose();
    nonCausal.dispose();
  });

  it('should build the three DF variants, differing only in MCG samples and scheduling', () => {
    const m = { model: rnn, info: info(true, 30) };
    const df = buildAgent('df', inputs(m));
    expect(df.agent).toBeInstanceOf(DiffusionForcingPlanner);
    expect(df.settings).toMatchObject({ scheduling: 'pyramid', mcgSamples: 4, scale: 10, samplingSteps: 50, maxHorizon: 30, episodeLength: 300 });
    expect(buildAgent('df-no-mcg', inputs(m)).settings).toMatchObject({ scheduling: 'pyramid', mcgSamples: 1 });
    expect(buildAgent('df-full-seq', inputs(m)).settings).toMatchObject({ scheduling: 'full_sequence', mcgSamples: 4 });
    expect(buildAgent('df', { ...inputs(m), episodeLength: 20 }).settings.episodeLength).toBe(20);
  });

  it("should plan Diffuser over the checkpoint's training window and read its plans as positions from the observation", async () => {
    const built = buildAgent('diffuser-pd', inputs({ model: nonCausal, info: info(false, 3) }));
    expect(built.agent).toBeInstanceOf(DiffuserPlanner);
    expect(built.settings).toMatchObject({ horizon: 3, controller: 'pd', sampler: 'ddpm' });
    built.agent.reset({ numEnvs: 1 });
    await built.agent.actBatch([[3, 3, 0, 0]], { goals: [[1, 1]] });
    const positions = built.planPositions(built.planOf(0), [3, 3, 0, 0]);
    expect(positions).toHaveLength(1 + 3 * 2);
    expect(positions[0]).toEqual([3, 3]);
    expect(() => buildAgent('diffuser-diffused', inputs({ model: nonCausal, info: info(false, null) }))).toThrow(/records no training window; set diffuser.horizon/);
  });

  it('should roll the MPPI nominal actions through the true dynamics for its plan', async () => {
    const built = buildAgent('mppi', { ...inputs(null), settings: { ...DEFAULT_METHOD_SETTINGS, mppi: { ...DEFAULT_METHOD_SETTINGS.mppi, horizon: 5, samples: 8 } } });
    expect(built.agent).toBeInstanceOf(MPPIPlanner);
    built.agent.reset({ numEnvs: 1 });
    await built.agent.actBatch([[3, 3, 0, 0]], { goals: [[1, 1]] });
    const positions = built.planPositions(built.planOf(0), [3, 3, 0, 0]);
    expect(positions).toHaveLength(6);
    expect(positions[0]).toEqual([3, 3]);
    expect(positions.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
  });

  it('should refuse columns that cannot run and model columns without a model', () => {
    expect(() => buildAgent('cql', inputs(null))).toThrow(/column 'cql' cannot run in dfp/);
    expect(() => buildAgent('df', inputs(null))).toThrow(DfpArgumentError);
  });
});
