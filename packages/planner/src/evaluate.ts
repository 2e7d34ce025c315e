import { DfpArgumentError, assertInteger, describeValue, hasReferenceScores, normalizedScore } from '@dfp/envs';
import type { Env, StepResult } from '@dfp/envs';
import type { Agent } from './api';

/** An env that exposes its goal (Maze2D's `getTarget`), for multi-goal evaluation. */
interface TargetEnv extends Env {
  getTarget(): ArrayLike<number>;
}

function targetOf(env: Env): Float64Array | undefined {
  const t = (env as Partial<TargetEnv>).getTarget;
  return typeof t === 'function' ? Float64Array.from(t.call(env)) : undefined;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Number of episodes. */
  readonly episodes: number;
  /** Episode i resets its env with seed `seed + i`. @defaultValue 0 */
  readonly seed?: number;
  /** Each batch of episodes reseeds the agent with `agentSeed + first episode index`. @defaultValue seed */
  readonly agentSeed?: number;
  /** Envs created from a factory (episodes run in batches of this size). @defaultValue min(episodes, 32) */
  readonly batchSize?: number;
  /** Cut episodes after this many steps (DF evaluates Maze2D-Large for 600 of its 800 steps). @defaultValue env.maxEpisodeSteps */
  readonly maxSteps?: number;
  /** Distance to `env.getTarget()` that counts as reaching the goal (D4RL's sparse-reward radius). @defaultValue 0.5 */
  readonly goalRadius?: number;
  /** Custom success test of a step; overrides `info.success` and the goal radius. */
  readonly isSuccess?: (step: StepResult, env: Env) => boolean;
  /** Called after each episode (progress). */
  readonly onEpisode?: (episode: EpisodeResult) => void;
}

/** Outcome of one episode. */
export interface EpisodeResult {
  readonly index: number;
  readonly seed: number;
  readonly return: number;
  /** D4RL normalized score x100 when the env has reference scores, else null. */
  readonly normalizedScore: number | null;
  /** Whether the goal was reached at least once; null when the env has neither `info.success` nor a target. */
  readonly success: boolean | null;
  /** Steps until the goal was first reached (1 = after the first action), null if never or not applicable. */
  readonly firstReach: number | null;
  readonly steps: number;
  /** Wall-clock ms of the batch this episode ran in. */
  readonly wallMs: number;
}

/** Summary of {@link evaluate}. */
export interface EvaluationResult {
  readonly episodes: EpisodeResult[];
  readonly meanReturn: number;
  /** Standard error of the mean return. */
  readonly stderrReturn: number;
  readonly meanNormalizedScore: number | null;
  readonly stderrNormalizedScore: number | null;
  readonly successRate: number | null;
  /** Mean time to first reach over the successful episodes. */
  readonly meanFirstReach: number | null;
  readonly timings: {
    readonly totalMs: number;
    readonly envSteps: number;
    readonly msPerEnvStep: number;
    readonly replans: number;
    readonly planMs: number;
    readonly msPerReplan: number | null;
  };
}

function meanAndStderr(xs: readonly number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return [mean, Math.sqrt(variance / n)];
}

function reached(step: StepResult, env: Env, radius: number): boolean | null {
  if (typeof step.info.success === 'boolean') return step.info.success;
  const target = targetOf(env);
  if (!target) return null;
  let d2 = 0;
  for (let i = 0; i < target.length; i++) d2 += (step.observation[i] - target[i]) ** 2;
  return Math.sqrt(d2) <= radius;
}

/**
 * Runs `episodes` episodes of `agent`, as batches through `agent.actBatch` (the paper runs 32 envs in
 * parallel). Episode i uses env seed `seed + i`; for multi-goal envs the goal of each episode is read from
 * `env.getTarget()` and passed to the agent. Returns per-episode return, normalized score (when the env has
 * reference scores), success and time to first reach of the goal (the metric the DF authors recommend),
 * and timings.
 *
 * @param envs - one env (episodes run one at a time), an array (batch = its length), or a factory.
 */
export async function evaluate(envs: Env | readonly Env[] | (() => Env), agent: Agent, opts: EvaluateOptions): Promise<EvaluationResult> {
  const episodes = assertInteger('evaluate: episodes', opts?.episodes, 1);
  const seed = assertInteger('evaluate: seed', opts.seed ?? 0, 0);
  const agentSeed = assertInteger('evaluate: agentSeed', opts.agentSeed ?? seed, 0);
  const radius = opts.goalRadius ?? 0.5;
  if (!(radius > 0)) throw new DfpArgumentError(`evaluate: goalRadius must be > 0, received ${describeValue(radius)}`);
  let pool: Env[];
  const owned = typeof envs === 'function';
  if (typeof envs === 'function') {
    const n = assertInteger('evaluate: batchSize', opts.batchSize ?? Math.min(episodes, 32), 1);
    pool = Array.from({ length: Math.min(n, episodes) }, () => envs());
  } else {
    pool = Array.isArray(envs) ? [...envs] : [envs as Env];
    if (pool.length === 0) throw new DfpArgumentError('evaluate: envs must not be empty');
  }
  try {
    agent.attach(pool[0]);
    pool.forEach((e, j) => {
      if (e.observationSpace.size !== pool[0].observationSpace.size || e.actionSpace.size !== pool[0].actionSpace.size) {
        throw new DfpArgumentError(`evaluate: env ${j} ('${e.id}') has different space sizes from env 0 ('${pool[0].id}')`);
      }
    });
    const maxSteps = assertInteger('evaluate: maxSteps', opts.maxSteps ?? pool[0].maxEpisodeSteps, 1);
    const before = agent.stats;
    const t0 = performance.now();
    const results: EpisodeResult[] = [];
    let envSteps = 0;
    for (let start = 0; start < episodes; start += pool.length) {
      const k = Math.min(pool.length, episodes - start);
      const batch = pool.slice(0, k);
      const tb = performance.now();
      agent.reset({ numEnvs: k, seed: agentSeed + start });
      const obs = batch.map((e, j) => e.reset({ seed: seed + start + j }).observation);
      const acc = batch.map(() => ({ ret: 0, steps: 0, success: null as boolean | null, firstReach: null as number | null }));
      let active = batch.map((_, j) => j);
      while (active.length > 0) {
        const actions = await agent.actBatch(active.map((j) => obs[j]), { goals: active.map((j) => targetOf(batch[j])), envIndices: active });
        const still: number[] = [];
        active.forEach((j, i) => {
          const r = batch[j].step(actions[i]);
          const a = acc[j];
          a.ret += r.reward;
          a.steps++;
          envSteps++;
          obs[j] = r.observation;
          const hit = opts.isSuccess ? opts.isSuccess(r, batch[j]) : reached(r, batch[j], radius);
          if (hit !== null) a.success = (a.success ?? false) || hit;
          if (hit && a.firstReach === null) a.firstReach = a.steps;
          if (!(r.terminated || r.truncated || a.steps >= maxSteps)) still.push(j);
        });
        active = still;
      }
      const wallMs = performance.now() - tb;
      batch.forEach((e, j) => {
        const ep: EpisodeResult = {
          index: start + j,
          seed: seed + start + j,
          return: acc[j].ret,
          normalizedScore: hasReferenceScores(e.id) ? normalizedScore(e.id, acc[j].ret) : null,
          success: acc[j].success,
          firstReach: acc[j].firstReach,
          steps: acc[j].steps,
          wallMs,
        };
        results.push(ep);
        opts.onEpisode?.(ep);
      });
    }
    const after = agent.stats;
    const [meanReturn, stderrReturn] = meanAndStderr(results.map((r) => r.return));
    const scores = results.map((r) => r.normalizedScore).filter((s): s is number => s !== null);
    const [meanScore, stderrScore] = scores.length === results.length ? meanAndStderr(scores) : [null, null];
    const succ = results.map((r) => r.success).filter((s): s is boolean => s !== null);
    const reaches = results.map((r) => r.firstReach).filter((s): s is number => s !== null);
    const totalMs = performance.now() - t0;
    const replans = after.replans - before.replans;
    const planMs = after.planMs - before.planMs;
    return {
      episodes: results,
      meanReturn,
      stderrReturn,
      meanNormalizedScore: meanScore,
      stderrNormalizedScore: stderrScore,
      successRate: succ.length === results.length ? succ.filter(Boolean).length / succ.length : null,
      meanFirstReach: reaches.length > 0 ? reaches.reduce((a, b) => a + b, 0) / reaches.length : null,
      timings: { totalMs, envSteps, msPerEnvStep: totalMs / envSteps, replans, planMs, msPerReplan: replans > 0 ? planMs / replans : null },
    };
  } finally {
    if (owned) pool.forEach((e) => e.close());
  }
}
