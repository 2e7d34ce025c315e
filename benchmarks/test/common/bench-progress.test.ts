import { BenchProgress } from '@dfp/benchmarks';

/** A fake non-TTY stream collecting what is written. */
function stream(): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY: false, write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('BenchProgress', () => {
  it('should log a line per cell end (and per interval) with episodes, cell and ETA when not on a TTY', () => {
    const out = stream();
    const p = new BenchProgress(100, 4, 'auto', out, 0);
    p.startCell('maze2d-umaze-v1 single df');
    p.step(50);
    expect(out.text).toMatch(/^bench: episodes 0\/4, steps 50\/100 \| maze2d-umaze-v1 single df \| elapsed \d+s \| ETA \d+s\n$/);
    p.endCell(2, 60, 50, 'score 1.0');
    expect(out.text).toMatch(/maze2d-umaze-v1 single df: score 1\.0\n$/);
    p.step(1);
    expect(out.text).toMatch(/episodes 2\/4, steps 61\/100/);
    p.stop();
  });

  it('should write nothing in none mode and estimate the time left from the rate so far', () => {
    const out = stream();
    const p = new BenchProgress(10, 1, 'none', out);
    expect(Number.isNaN(p.estimate().etaSec)).toBe(true);
    p.step(5);
    p.note('hello');
    p.endCell(1, 10, 5, 'done');
    expect(out.text).toBe('');
    expect(p.estimate().etaSec).toBe(0);
  });
});
