import * as os from 'node:os';
import type { PerfPlan, TrainStepSpec } from './perf-config';
import type { PerfResults } from './perf-results';
import { median, round } from './timing';
import { openTrainStep } from './train-step-bench';

/** What {@link measurePairedRounds} reports (`PerfResults['paired']`). */
export type PairedRounds = NonNullable<PerfResults['paired']>;

/** Options of {@link measurePairedRounds}. */
export interface PairedRoundsOptions {
  /** The tfjs backend in use (recorded). */
  readonly backend: string;
  /** Rounds (each: one dfp block and one PyTorch block). */
  readonly rounds: number;
  /** Timed steps per block. */
  readonly stepsPerRound: number;
  /** PyTorch's thread count (its reference process is started once per round). */
  readonly torchThreads: number;
  /** Median ms of `steps` PyTorch steps (after one warm-up step), or null when it cannot run. */
  readonly torchStepMs: (steps: number) => Promise<number | null>;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Config A as a paired comparison: `rounds` rounds, each timing `stepsPerRound` dfp steps (one warm model, kept
 * between rounds) and `stepsPerRound` PyTorch steps back to back, dfp first in even rounds and PyTorch first in odd
 * ones. Why: the machine is shared and its speed drifts over minutes (the same code measured 1.5x slower in a busy
 * hour); two medians taken minutes apart compare different machines, while each round's ratio compares the two
 * under about the same load. The run's ratio is the median of the rounds' ratios. Null when PyTorch cannot run or
 * the run was interrupted before a round finished.
 */
export async function measurePairedRounds(spec: TrainStepSpec, plan: PerfPlan, seed: number, o: PairedRoundsOptions): Promise<PairedRounds | null> {
  const session = await openTrainStep(spec, plan, seed);
  const rounds: PairedRounds['rounds'] = [];
  try {
    await session.time(0, spec.warmup);
    const timeDfp = async () => median((await session.time(o.stepsPerRound, 0)).map((r) => r.wallMs));
    for (let i = 0; i < o.rounds && !o.signal?.aborted; i++) {
      const dfpFirst = i % 2 === 0;
      let dfpMs: number;
      let torchMs: number | null;
      if (dfpFirst) {
        dfpMs = await timeDfp();
        torchMs = await o.torchStepMs(o.stepsPerRound);
      } else {
        torchMs = await o.torchStepMs(o.stepsPerRound);
        dfpMs = await timeDfp();
      }
      if (torchMs === null || o.signal?.aborted) break;
      rounds.push({ dfpMs: round(dfpMs), torchMs: round(torchMs), ratio: round(dfpMs / torchMs, 3), order: dfpFirst ? 'dfp-first' : 'torch-first', load1m: round(os.loadavg()[0], 2) });
      o.log?.(`  paired round ${i + 1}/${o.rounds}: dfp ${round(dfpMs)} ms, PyTorch ${round(torchMs)} ms, ratio ${round(dfpMs / torchMs, 2)}`);
    }
  } finally {
    await session.close();
  }
  if (rounds.length === 0) return null;
  return {
    backend: o.backend, backbone: spec.backbone, workers: spec.workers, torchThreads: o.torchThreads, stepsPerRound: o.stepsPerRound, rounds,
    dfpMs: round(median(rounds.map((r) => r.dfpMs))), torchMs: round(median(rounds.map((r) => r.torchMs))), ratio: round(median(rounds.map((r) => r.ratio)), 3),
  };
}
