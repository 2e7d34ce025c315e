import { formatDuration } from '@dfp/core';
import { ProgressReporter } from '../../src/train/progress';

describe('formatDuration', () => {
  it('should format seconds compactly', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3723)).toBe('1h02m03s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

describe('ProgressReporter', () => {
  it('should write lines only at interval ends in log mode, and nothing in none mode', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = new ProgressReporter(10, 0, 'log', stream);
    p.update(1, 0.5, false);
    p.update(2, 0.25, true);
    p.note('checkpoint x');
    p.stop();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^step 2\/10 {2}loss 0\.2500 /);
    const quiet = new ProgressReporter(10, 0, 'none', stream);
    quiet.update(5, 1, true);
    quiet.note('x');
    expect(lines).toHaveLength(2);
  });
});
