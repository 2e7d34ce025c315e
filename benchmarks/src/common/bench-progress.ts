import * as cliProgress from 'cli-progress';
import { formatDuration } from '@dfp/core';

/** How a benchmark reports progress: a cli-progress bar, a log line per interval, or nothing. */
export type BenchProgressMode = 'auto' | 'bar' | 'log' | 'none';

/**
 * Progress of a benchmark counted in env steps (the unit of work that is known in advance), shown as episodes
 * done, the current cell and the ETA. `auto` draws a bar on a TTY and otherwise logs a line at most every
 * `logEverySec` seconds and at each cell end. The ETA assumes the remaining steps cost what the done ones did:
 * cells differ (MPPI is cheap, guided DF is not), so it is rough until the slow cells have started.
 */
export class BenchProgress {
  private readonly mode: 'bar' | 'log' | 'none';
  private readonly bar?: cliProgress.SingleBar;
  private readonly t0 = performance.now();
  private lastLog = 0;
  private done = 0;
  private episodesDone = 0;
  private cell = '';

  constructor(
    private readonly totalSteps: number,
    private readonly totalEpisodes: number,
    mode: BenchProgressMode = 'auto',
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly logEverySec = 30,
  ) {
    this.mode = mode === 'auto' ? (stream.isTTY ? 'bar' : 'log') : mode;
    if (this.mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        { format: 'bench |{bar}| {percentage}% | episodes {episodes}/{totalEpisodes} | {cell} | elapsed {elapsed} | ETA {eta}', stream, hideCursor: true, clearOnComplete: false, fps: 2 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(totalSteps, 1), 0, this.payload());
    }
  }

  /** Elapsed seconds and the estimated seconds left. */
  estimate(): { elapsedSec: number; etaSec: number } {
    const elapsedSec = (performance.now() - this.t0) / 1000;
    const etaSec = this.done > 0 ? (elapsedSec * (this.totalSteps - this.done)) / this.done : Number.NaN;
    return { elapsedSec, etaSec };
  }

  private payload(): Record<string, string | number> {
    const { elapsedSec, etaSec } = this.estimate();
    return { episodes: this.episodesDone, totalEpisodes: this.totalEpisodes, cell: this.cell, elapsed: formatDuration(elapsedSec), eta: formatDuration(etaSec) };
  }

  private line(): string {
    const { elapsedSec, etaSec } = this.estimate();
    return `bench: episodes ${this.episodesDone}/${this.totalEpisodes}, steps ${this.done}/${this.totalSteps} | ${this.cell} | elapsed ${formatDuration(elapsedSec)} | ETA ${formatDuration(etaSec)}`;
  }

  /** Names the cell now running. */
  startCell(name: string): void {
    this.cell = name;
    this.bar?.update(this.done, this.payload());
  }

  /** Counts `n` env steps. */
  step(n = 1): void {
    this.done += n;
    if (this.bar) this.bar.update(this.done, this.payload());
    else if (this.mode === 'log' && performance.now() - this.lastLog > this.logEverySec * 1000) {
      this.lastLog = performance.now();
      this.stream.write(`${this.line()}\n`);
    }
  }

  /** Ends a cell: counts its episodes and any of its steps not counted (episodes cut early). */
  endCell(episodes: number, stepsPlanned: number, stepsDone: number, note: string): void {
    this.episodesDone += episodes;
    this.done += Math.max(0, stepsPlanned - stepsDone);
    if (this.bar) this.bar.update(this.done, this.payload());
    if (this.mode !== 'none') this.note(`${this.cell}: ${note}`);
  }

  /** Writes a message line (above the bar in bar mode). */
  note(message: string): void {
    if (this.mode === 'none') return;
    if (this.bar) this.bar.stop();
    this.stream.write(`${message}\n`);
    if (this.bar && this.done < this.totalSteps) this.bar.start(Math.max(this.totalSteps, 1), this.done, this.payload());
  }

  stop(): void {
    this.bar?.stop();
  }
}
