import { assertInteger, DfpArgumentError, describeValue } from '../errors';
import { normalizedScore } from '../registry';
import { Rng } from '../rng';
import type { Maze2dGoalMode } from './maze2d-env';
import { makeMaze2dEnv } from './register-maze2d';
import { WaypointController } from './waypoint-controller';

/** Scripted Maze2D policies: D4RL's waypoint expert, or uniform random actions. */
export type Maze2dControllerName = 'waypoint' | 'random';

/** Options of {@link evaluateMaze2dController}. */
export interface EvaluateMaze2dOptions {
  readonly episodes: number;
  readonly policy: Maze2dControllerName;
  /** Seeds the first `reset` (later resets continue the env's generator) and the policy. @defaultValue 0 */
  readonly seed?: number;
  /** @defaultValue 'fixed' */
  readonly goal?: Maze2dGoalMode;
}

/** One evaluated episode. */
export interface Maze2dEpisode {
  readonly return: number;
  readonly normalizedScore: number;
  /** `[steps + 1, 4]` observations from the reset to the last step. */
  readonly observations: Float64Array;
  readonly goal: Float64Array;
  /** Waypoints `[x, y]` of the controller's first plan (empty for the random policy). */
  readonly plan: Float64Array[];
}

/**
 * Runs full episodes of a scripted policy and scores them. The waypoint controller is rebuilt for every
 * episode, so it replans from each start; D4RL's reference-score script reused one controller and planned
 * once, which is why its REF_MAX (100 normalized) is lower than this controller's usual score (research
 * doc §3.1: about 144 / 155 / 201 on umaze / medium / large).
 */
export function evaluateMaze2dController(envId: string, options: EvaluateMaze2dOptions): Maze2dEpisode[] {
  const episodes = assertInteger('evaluateMaze2dController: episodes', options.episodes, 1);
  const seed = assertInteger('evaluateMaze2dController: seed', options.seed ?? 0, Number.MIN_SAFE_INTEGER);
  if (options.policy !== 'waypoint' && options.policy !== 'random') {
    throw new DfpArgumentError(`evaluateMaze2dController: policy must be 'waypoint' or 'random', received ${describeValue(options.policy)}`);
  }
  const env = makeMaze2dEnv(envId, { goal: options.goal ?? 'fixed' });
  const policyRng = new Rng(seed).split();
  const results: Maze2dEpisode[] = [];
  const action = new Float64Array(2);
  for (let ep = 0; ep < episodes; ep++) {
    let obs = env.reset(ep === 0 ? { seed } : {}).observation;
    const goal = env.getTarget();
    const controller = new WaypointController(env.layout, policyRng);
    const observations = new Float64Array((env.maxEpisodeSteps + 1) * 4);
    observations.set(obs, 0);
    let total = 0;
    let plan: Float64Array[] = [];
    for (let t = 1; t <= env.maxEpisodeSteps; t++) {
      if (options.policy === 'waypoint') {
        controller.control(obs, goal, action);
        if (t === 1) plan = controller.waypoints;
      } else {
        action.set(env.actionSpace.sample(policyRng));
      }
      const r = env.step(action);
      obs = r.observation;
      observations.set(obs, 4 * t);
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
    results.push({ return: total, normalizedScore: normalizedScore(envId, total), observations, goal, plan });
  }
  env.close();
  return results;
}
