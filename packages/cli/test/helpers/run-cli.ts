import { CommanderError } from 'commander';
import { buildProgram } from '../../src/main';

/** What an in-process `dfp` run printed, and the error it ended with (if any). */
export interface CliRun {
  stdout: string;
  stderr: string;
  error?: Error;
}

/**
 * Runs `dfp <args>` in-process with `buildProgram()` (no build needed), capturing stdout and stderr. Commander
 * errors (bad flags) and errors thrown by actions are returned, not thrown, and never exit the process.
 */
export async function runCli(args: string[]): Promise<CliRun> {
  const program = buildProgram();
  let stdout = '';
  let stderr = '';
  const output = { writeOut: (s: string) => void (stdout += s), writeErr: (s: string) => void (stderr += s) };
  // Subcommands copy settings when created, so override exits and output on each of them too.
  for (const cmd of [program, ...program.commands]) cmd.exitOverride().configureOutput(output);
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'dfp', ...args]);
    return { stdout, stderr };
  } catch (e) {
    if (e instanceof CommanderError && e.exitCode === 0) return { stdout, stderr };
    return { stdout, stderr, error: e as Error };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
