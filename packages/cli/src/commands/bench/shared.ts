import type { Command } from 'commander';

/** Helpers shared by the `dfp bench` subcommands. */

/** Commander parser for a comma-separated list (`a,b,c`). */
export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The command line as given (only options set on the command line), for the results file. */
export function commandLine(cmd: Command): string {
  const parts = ['dfp', 'bench', cmd.name()];
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    if (cmd.getOptionValueSource(key) !== 'cli') continue;
    const v = cmd.getOptionValue(key) as unknown;
    parts.push(opt.long ?? `--${key}`);
    if (v !== true) parts.push(Array.isArray(v) ? v.join(',') : String(v));
  }
  return parts.join(' ');
}

/** Runs `fn` with an abort signal that Ctrl-C fires (a second Ctrl-C quits at once). */
export async function withSigint<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${what}: interrupted; writing the finished cells (Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
