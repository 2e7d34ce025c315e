import type { Command } from 'commander';

/** Each subcommand lives in its own file and exports `register(program)`; list them here. */
export const commands: ReadonlyArray<(program: Command) => void> = [
];
