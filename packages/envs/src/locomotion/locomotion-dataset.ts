import type { D4RLDataset } from '../io/d4rl-hdf5';
import { DfpArgumentError, assertInteger, describeValue } from '../errors';
import { normalizedScore } from '../registry';
import { Rng } from '../rng';
import { type LocomotionPolicyName, type LocomotionPreset, locomotionPreset } from './dataset-presets';
import { LOCOMOTION_MAX_EPISODE_STEPS, type MujocoEnv } from './mujoco-env';
import { MppiController, type MppiOptions, validateMppiOptions } from './mppi-controller';
import { type PlanningShaping, ShapedRollout } from './planning-objective';
import { locomotionSpec, makeLocomotionEnv } from './register-locomotion-envs';

/** Version tag written into every generated dataset; bump it when the generator's output changes. */
export const LOCOMOTION_GENERATOR_VERSION = 'dfp-locomotion-1';

/** Provenance and summary of a generated dataset (stored as safetensors metadata). */
export interface LocomotionDatasetMetadata {
  readonly envId: string;
  readonly policy: LocomotionPolicyName;
  readonly seed: number;
  readonly generatorVersion: string;
  /** The behaviour policy actually used (preset plus overrides). */
  readonly preset: LocomotionPreset;
  readonly maxEpisodeSteps: number;
  /** Episodes that ended by termination or time limit (the last, cut episode is not counted). */
  readonly episodes: number;
  /** Mean undiscounted return of those episodes (NaN when there are none). */
  readonly meanReturn: number;
  /** D4RL normalized score of `meanReturn` (x100 scale; NaN when there are no complete episodes). */
  readonly meanNormalizedScore: number;
}

/**
 * A generated locomotion dataset: D4RL's layout plus `nextObservations` (always stored, so every transition,
 * terminal ones included, gives a model frame `[o_{t+1}, a_t, r_t]`) and D4RL-style `infos/qpos`, `infos/qvel`
 * (the simulator state before the action; Float32, so only approximately restorable).
 */
export interface LocomotionDataset extends D4RLDataset {
  readonly nextObservations: Float32Array;
  readonly metadata: LocomotionDatasetMetadata;
}

/** Options of {@link generateLocomotionDataset}. */
export interface GenerateLocomotionOptions {
  /** `'hopper-v4'`, `'halfcheetah-v4'` or `'walker2d-v4'`. */
  readonly envId: string;
  /** Behaviour policy preset (see {@link locomotionPreset}). */
  readonly policy: LocomotionPolicyName;
  /** Number of rows N (transitions). */
  readonly steps: number;
  /** Seed of everything random: reset noise, MPPI noise, action noise. */
  readonly seed: number;
  /** Overrides of the preset's MPPI options (ignored by the random policy). */
  readonly mppi?: Partial<MppiOptions>;
  /** Replaces the preset's planning shaping. */
  readonly shaping?: PlanningShaping;
  /** Replaces the preset's action noise std. */
  readonly actionNoise?: number;
  /** @defaultValue 1000 */
  readonly maxEpisodeSteps?: number;
  /** Called every `progressEvery` rows and at the end with `(rowsDone, steps)`. */
  readonly onProgress?: (done: number, total: number) => void;
  /** @defaultValue 1000 */
  readonly progressEvery?: number;
  /** Aborts generation between env steps (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/** Resolves the preset and the overrides into the behaviour policy to run. */
function resolvePreset(o: GenerateLocomotionOptions): LocomotionPreset {
  const base = locomotionPreset(o.envId, o.policy);
  const mppi = base.mppi === null ? null : validateMppiOptions({ ...base.mppi, ...(o.mppi ?? {}) });
  const actionNoise = o.actionNoise ?? base.actionNoise;
  if (!(typeof actionNoise === 'number' && Number.isFinite(actionNoise) && actionNoise >= 0)) {
    throw new DfpArgumentError(`generateLocomotionDataset: actionNoise must be a finite number >= 0, received ${describeValue(actionNoise)}`);
  }
  return { mppi, shaping: o.shaping ?? base.shaping, actionNoise };
}

/** Row-major output buffers of the dataset. */
function allocate(n: number, obsDim: number, actDim: number, nq: number, nv: number) {
  return {
    observations: new Float32Array(n * obsDim),
    nextObservations: new Float32Array(n * obsDim),
    actions: new Float32Array(n * actDim),
    rewards: new Float32Array(n),
    terminals: new Float32Array(n),
    timeouts: new Float32Array(n),
    qpos: new Float32Array(n * nq),
    qvel: new Float32Array(n * nv),
  };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Generates an offline dataset by running a behaviour policy in the true simulator: uniform random actions, or
 * MPPI ({@link MppiController}) planning on a clone of the env's simulator with the planning-only shaping of
 * {@link ShapedRollout}, plus optional Gaussian action noise. Episodes run until termination or the time limit
 * (then the env is reset) and are concatenated until `steps` rows; the final, cut episode ends with
 * `timeouts = 1`. Each episode draws its reset seed and all its noise from its own split of `new Rng(seed)`,
 * so the output is a pure function of the options.
 * @throws DfpArgumentError for an unknown env id or policy, or invalid options.
 */
export async function generateLocomotionDataset(o: GenerateLocomotionOptions): Promise<LocomotionDataset> {
  if (o === null || typeof o !== 'object') throw new DfpArgumentError(`generateLocomotionDataset: expected an options object, received ${describeValue(o)}`);
  const spec = locomotionSpec(o.envId);
  const n = assertInteger('generateLocomotionDataset: steps', o.steps, 1, 100_000_000);
  assertInteger('generateLocomotionDataset: seed', o.seed, Number.MIN_SAFE_INTEGER);
  const maxEpisodeSteps = assertInteger('generateLocomotionDataset: maxEpisodeSteps', o.maxEpisodeSteps ?? LOCOMOTION_MAX_EPISODE_STEPS, 1);
  const progressEvery = assertInteger('generateLocomotionDataset: progressEvery', o.progressEvery ?? 1000, 1);
  const preset = resolvePreset(o);
  o.signal?.throwIfAborted();

  const env: MujocoEnv = await makeLocomotionEnv(o.envId, { maxEpisodeSteps });
  const scratch = env.simulator.clone();
  try {
    const { nq, nv } = env.simulator;
    const { obsDim, actDim } = spec;
    const out = allocate(n, obsDim, actDim, nq, nv);
    const master = new Rng(o.seed);
    const returns: number[] = [];
    let row = 0;
    while (row < n) {
      const rng = master.split();
      const controller = preset.mppi ? new MppiController(new ShapedRollout(scratch, preset.shaping), preset.mppi, rng) : null;
      let obs = env.reset({ seed: rng.int(0, 2 ** 31 - 1) }).observation;
      let episodeReturn = 0;
      for (;;) {
        const state = env.simulator.getState();
        const action = controller ? controller.act(state) : env.actionSpace.sample(rng);
        if (preset.actionNoise > 0) for (let i = 0; i < actDim; i++) action[i] += preset.actionNoise * rng.normal();
        const clipped = env.actionSpace.clip(action);
        const r = env.step(clipped);
        out.observations.set(obs, row * obsDim);
        out.nextObservations.set(r.observation, row * obsDim);
        out.actions.set(clipped, row * actDim);
        out.qpos.set(state.qpos, row * nq);
        out.qvel.set(state.qvel, row * nv);
        out.rewards[row] = r.reward;
        out.terminals[row] = r.terminated ? 1 : 0;
        row++;
        episodeReturn += r.reward;
        const ended = r.terminated || r.truncated;
        if (ended) returns.push(episodeReturn);
        out.timeouts[row - 1] = !r.terminated && (r.truncated || row === n) ? 1 : 0;
        if (row % progressEvery === 0 || row === n) o.onProgress?.(row, n);
        if (row % 256 === 0) {
          await yieldToEventLoop();
          o.signal?.throwIfAborted();
        }
        if (ended || row === n) break;
        obs = r.observation;
      }
    }
    const meanReturn = returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : Number.NaN;
    return {
      size: n,
      obsDim,
      actDim,
      observations: out.observations,
      actions: out.actions,
      rewards: out.rewards,
      terminals: out.terminals,
      timeouts: out.timeouts,
      nextObservations: out.nextObservations,
      infos: { qpos: { data: out.qpos, shape: [n, nq] }, qvel: { data: out.qvel, shape: [n, nv] } },
      metadata: {
        envId: o.envId,
        policy: o.policy,
        seed: o.seed,
        generatorVersion: LOCOMOTION_GENERATOR_VERSION,
        preset,
        maxEpisodeSteps,
        episodes: returns.length,
        meanReturn,
        meanNormalizedScore: returns.length > 0 ? normalizedScore(o.envId, meanReturn) : Number.NaN,
      },
    };
  } finally {
    scratch.dispose();
    env.close();
  }
}
