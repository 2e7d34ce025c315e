import { Command, CommanderError } from 'commander';
import { commands } from './commands/index';

/** Builds the `dfp` program: the CLI only parses flags and calls the packages' public APIs. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('dfp')
    .description('Diffusion Forcing planning toolkit: datasets, environments, training, planning and benchmarks')
    .version('0.1.0')
    .showHelpAfterError()
    // Set before the subcommands are created: commander copies it into them, so bad flags throw instead of exiting.
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Entry point used by `bin/dfp.js`. Errors print one clear line and exit with code 1. */
export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`dfp: ${(e as Error).message}\n`);
    if (process.env.DFP_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}
