import * as cliProgress from 'cli-progress';

/** How training reports progress: a cli-progress bar, one log line per interval, or nothing. */
export type ProgressMode = 'auto' | 'bar' | 'log' | 'none';

/** Seconds as `1h02m03s` / `2m03s` / `3s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(r).padStart(2, '0')}s`;
  return m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/**
 * Training progress: step, loss, steps/s and ETA. `auto` draws a cli-progress bar when the stream is a TTY and
 * otherwise writes a clean line every `logEvery` steps (for logs and CI).
 */
export class ProgressReporter {
  private readonly bar?: cliProgress.SingleBar;
  private readonly mode: 'bar' | 'log' | 'none';
  private readonly t0 = performance.now();
  private readonly startStep: number;

  constructor(
    private readonly total: number,
    startStep: number,
    mode: ProgressMode = 'auto',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.startStep = startStep;
    this.mode = mode === 'auto' ? (stream.isTTY ? 'bar' : 'log') : mode;
    if (this.mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        { format: 'train |{bar}| {value}/{total} | loss {loss} | {speed} steps/s | ETA {etaText}', stream, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, startStep, { loss: '-', speed: '-', etaText: '?' }); // cli-progress owns `eta`
    }
  }

  /** Steps per second since the start (of this run, resumed steps excluded) and the estimated time left. */
  rate(step: number): { stepsPerSec: number; etaSec: number; elapsedSec: number } {
    const elapsedSec = (performance.now() - this.t0) / 1000;
    const stepsPerSec = (step - this.startStep) / Math.max(elapsedSec, 1e-9);
    return { stepsPerSec, etaSec: (this.total - step) / Math.max(stepsPerSec, 1e-9), elapsedSec };
  }

  /** Reports step `step` with the mean loss of the current interval; `logLine` says whether this step ends an interval. */
  update(step: number, loss: number, logLine: boolean): void {
    const { stepsPerSec, etaSec } = this.rate(step);
    if (this.bar) {
      this.bar.update(step, { loss: loss.toPrecision(4), speed: stepsPerSec.toFixed(2), etaText: formatDuration(etaSec) });
    } else if (this.mode === 'log' && logLine) {
      this.stream.write(`step ${step}/${this.total}  loss ${loss.toPrecision(4)}  ${stepsPerSec.toFixed(2)} steps/s  ETA ${formatDuration(etaSec)}\n`);
    }
  }

  /** Writes a message line in `log` mode (the bar shows progress by itself). */
  note(message: string): void {
    if (this.mode === 'log') this.stream.write(`${message}\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
