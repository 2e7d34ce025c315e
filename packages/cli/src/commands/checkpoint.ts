import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { DfpArgumentError, initBackend, latestCheckpoint, loadCheckpoint, readCheckpoint, saveCheckpoint } from '@dfp/core';

/** Flags of `dfp checkpoint export`. */
export interface ExportFlags {
  readonly ema?: boolean;
}

/**
 * Writes a model-only copy (weights, or EMA weights with `--ema`, plus config and normalizer; no optimizer moments)
 * of the latest checkpoint of `source` into `dest`: about a third of a training checkpoint, the form that ships
 * under `checkpoints/`. The training run's resolved `config.json` and `TRAINING.md` are copied along.
 * @returns the path of the written checkpoint JSON.
 */
export async function exportCheckpoint(source: string, dest: string, flags: ExportFlags = {}): Promise<string> {
  await initBackend();
  const file = fs.existsSync(source) && fs.statSync(source).isDirectory() ? latestCheckpoint(source) : source;
  if (!file) throw new DfpArgumentError(`dfp checkpoint export: no checkpoint in '${source}'`);
  const meta = readCheckpoint(file).meta;
  const { model } = loadCheckpoint(file, { ema: flags.ema ?? false });
  try {
    const written = saveCheckpoint(dest, model, { step: meta.step, rng: undefined, train: meta.train ?? undefined, config: meta.config });
    for (const extra of ['config.json', 'TRAINING.md', 'train-log.jsonl']) {
      const from = path.join(path.dirname(file), extra);
      const to = path.join(dest, extra);
      if (fs.existsSync(from) && path.resolve(from) !== path.resolve(to)) fs.copyFileSync(from, to);
    }
    return written;
  } finally {
    model.dispose();
  }
}

export function register(program: Command): void {
  const checkpoint = program.command('checkpoint').description('inspect and export training checkpoints');
  checkpoint
    .command('export <source> <dest>')
    .description('write a model-only copy (no optimizer state) of the latest checkpoint of <source> into <dest>')
    .option('--ema', 'export the EMA weights (when the run kept an EMA)')
    .action(async (source: string, dest: string, flags: ExportFlags) => {
      const written = await exportCheckpoint(source, dest, flags);
      process.stdout.write(`exported ${written} (${(fs.statSync(written.replace(/\.json$/, '.safetensors')).size / 1e6).toFixed(1)} MB of weights)\n`);
    });
  checkpoint
    .command('info <target>')
    .description('print the step, model config and training options of a checkpoint (file or folder)')
    .action((target: string) => {
      const { meta, file } = readCheckpoint(target);
      process.stdout.write(`${JSON.stringify({ file, step: meta.step, model: meta.model, optimizer: meta.optimizer, ema: meta.ema, train: meta.train }, null, 2)}\n`);
    });
}
