import type { Command } from 'commander';
import { envSpec, evaluateMaze2dController, listEnvs, renderMazeSvg, writeFileAtomic } from '@dfp/envs';
import type { Maze2dControllerName, Maze2dGoalMode } from '@dfp/envs';
import { parseIntegerOption } from './dataset';

interface EnvFlags {
  episodes: number;
  policy: Maze2dControllerName;
  seed: number;
  goal: Maze2dGoalMode;
  list?: boolean;
  svg?: string;
}

/** Mean and standard error of the mean. */
function meanAndStandardError(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, se: 0 };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

function listIds(): void {
  for (const id of listEnvs()) {
    const spec = envSpec(id);
    const ref = spec.referenceScores ? `  (REF_MIN ${spec.referenceScores.min}, REF_MAX ${spec.referenceScores.max})` : '';
    process.stdout.write(`${id.padEnd(26)} ${spec.description ?? ''}${ref}\n`);
  }
}

/** `dfp env <envId>`: runs a scripted Maze2D policy, prints returns and normalized scores, optionally renders an SVG. */
export function register(program: Command): void {
  program
    .command('env')
    .description('run a scripted policy on a Maze2D env and print returns and D4RL normalized scores')
    .argument('[envId]', 'env id, e.g. maze2d-large-v1 (see --list)')
    .option('--episodes <n>', 'number of episodes', parseIntegerOption('--episodes', 1, 100_000), 10)
    .option('--policy <name>', "'waypoint' (D4RL's expert controller) or 'random'", 'waypoint')
    .option('--seed <n>', 'seed of the first reset and of the policy', parseIntegerOption('--seed', 0), 0)
    .option('--goal <mode>', "'fixed' (the G cell) or 'random' (Multi2D: a random goal per episode)", 'fixed')
    .option('--svg <file>', 'write an SVG rendering of the episodes (up to 10; the first plan dashed)')
    .option('--list', 'list the registered env ids and exit')
    .action((envId: string | undefined, flags: EnvFlags) => {
      if (flags.list) return listIds();
      if (!envId) throw new Error("missing argument 'envId' (use --list to see the ids)");
      const episodes = evaluateMaze2dController(envId, { episodes: flags.episodes, policy: flags.policy, seed: flags.seed, goal: flags.goal });
      process.stdout.write(`${envId}: ${flags.episodes} episodes, policy ${flags.policy}, goal ${flags.goal}, seed ${flags.seed}\n`);
      process.stdout.write('episode      return  normalized\n');
      episodes.forEach((e, i) => process.stdout.write(`${String(i).padStart(7)} ${e.return.toFixed(2).padStart(11)} ${e.normalizedScore.toFixed(1).padStart(11)}\n`));
      const ret = meanAndStandardError(episodes.map((e) => e.return));
      const norm = meanAndStandardError(episodes.map((e) => e.normalizedScore));
      process.stdout.write(`mean return ${ret.mean.toFixed(2)} ± ${ret.se.toFixed(2)}, normalized score ${norm.mean.toFixed(1)} ± ${norm.se.toFixed(1)} (± s.e.)\n`);
      if (flags.svg) {
        const shown = flags.goal === 'random' ? episodes.slice(0, 1) : episodes.slice(0, 10);
        const plan = shown[0].plan.length > 0 ? [shown[0].observations.slice(0, 2), ...shown[0].plan] : undefined;
        const svg = renderMazeSvg(envId, {
          trajectories: shown.map((e) => e.observations),
          goal: shown[0].goal,
          plan,
          title: `${envId} · ${flags.policy} · normalized ${norm.mean.toFixed(1)}`,
        });
        writeFileAtomic(flags.svg, svg);
        process.stdout.write(`wrote ${flags.svg}\n`);
      }
    });
}
