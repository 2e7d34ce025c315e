import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { generateMaze2dDataset, saveDataset } from '@dfp/envs';
import type { RewardTiming } from '@dfp/envs';

/** Commander parser for an integer flag in `[min, max]`; the error names the flag. */
export function parseIntegerOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} expects an integer in [${min}, ${max}], received '${value}'`);
    }
    return n;
  };
}

/** Commander parser for a finite number flag `>= min`. */
export function parseNumberOption(flag: string, min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${flag} expects a number >= ${min}, received '${value}'`);
    return n;
  };
}

interface DatasetFlags {
  steps: number;
  seed: number;
  out: string;
  actionNoise: number;
  rewardTiming: RewardTiming;
  quiet?: boolean;
}

/** `dfp dataset <envId>`: generates a D4RL-style Maze2D dataset with the waypoint controller and saves it. */
export function register(program: Command): void {
  program
    .command('dataset')
    .description("generate a Maze2D dataset with D4RL's waypoint controller and save it as safetensors")
    .argument('<envId>', 'a Maze2D env id, e.g. maze2d-umaze-v1')
    .option('--steps <n>', 'number of transitions', parseIntegerOption('--steps', 1, 50_000_000), 1_000_000)
    .option('--seed <n>', 'random seed', parseIntegerOption('--seed', 0), 0)
    .requiredOption('--out <file>', 'output .safetensors file (written atomically)')
    .option('--action-noise <std>', 'std of Gaussian action noise (D4RL --noisy: 0.5)', parseNumberOption('--action-noise', 0), 0)
    .option('--reward-timing <when>', "'post-step' (env reward) or 'pre-step' (D4RL's relabel offset)", 'post-step')
    .option('--quiet', 'no progress bar')
    .action((envId: string, flags: DatasetFlags) => {
      const showBar = !flags.quiet && process.stderr.isTTY === true;
      const bar = new SingleBar({
        stream: process.stderr,
        format: `${envId} [{bar}] {percentage}% | {value}/{total} steps | ETA {eta_formatted}`,
      });
      if (showBar) bar.start(flags.steps, 0);
      const start = Date.now();
      try {
        const ds = generateMaze2dDataset(envId, {
          steps: flags.steps,
          seed: flags.seed,
          actionNoise: flags.actionNoise,
          rewardTiming: flags.rewardTiming,
          onProgress: showBar ? (done) => bar.update(done) : undefined,
          progressEvery: 20_000,
        });
        if (showBar) bar.stop();
        saveDataset(flags.out, ds);
        const goals = ds.timeouts.reduce((a, b) => a + b, 0);
        process.stdout.write(
          `wrote ${flags.out}: ${ds.size} transitions of ${envId} (seed ${flags.seed}, ${goals} goals reached or capped) in ${((Date.now() - start) / 1000).toFixed(1)} s\n`,
        );
      } finally {
        if (showBar) bar.stop();
      }
    });
}
