import type { Command } from 'commander';
import { register as registerBench } from './bench';
import { register as registerCheckpoint } from './checkpoint';
import { register as registerDataset } from './dataset';
import { register as registerEnv } from './env';
import { register as registerTrain } from './train';

/** Each subcommand lives in its own file and exports `register(program)`; list them here. */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerBench,
  registerCheckpoint,
  registerDataset,
  registerEnv,
  registerTrain,
];
