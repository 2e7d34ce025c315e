import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { DfpArgumentError } from '@dfp/envs';
import { README_BENCH_MARKERS, readmeFigure, renderReadmeSection, replaceBetweenMarkers, updateReadmeBenchSection, writeMaze2dResults } from '@dfp/benchmarks';
import { okCell, sampleResults } from '../helpers/sample-results';

const { start, end } = README_BENCH_MARKERS;
const noMarkers = fc.string().filter((s) => !s.includes('<!--'));

describe('replaceBetweenMarkers', () => {
  it('should replace only the text between the markers, idempotently', () => {
    fc.assert(
      fc.property(noMarkers, noMarkers, noMarkers, noMarkers, (before, old, after, body) => {
        const text = `${before}${start}${old}${end}${after}`;
        const once = replaceBetweenMarkers(text, body);
        expect(once.startsWith(`${before}${start}`)).toBe(true);
        expect(once.endsWith(`${end}${after}`)).toBe(true);
        expect(once).toContain(body.trim());
        expect(replaceBetweenMarkers(once, body)).toBe(once);
      }),
    );
  });

  it('should reject missing, repeated and swapped markers', () => {
    expect(() => replaceBetweenMarkers('# README', 'x')).toThrow(DfpArgumentError);
    expect(() => replaceBetweenMarkers('# README', 'x')).toThrow(/marker <!-- bench:maze2d:start --> not found/);
    expect(() => replaceBetweenMarkers(`${start}${end}${start}`, 'x')).toThrow(/exactly once/);
    expect(() => replaceBetweenMarkers(`${end} ${start}`, 'x')).toThrow(/comes before/);
  });
});

describe('renderReadmeSection / readmeFigure', () => {
  it('should show the table, the DF figure of the largest maze and a link to the JSON', () => {
    const r = sampleResults([
      okCell('maze2d-umaze-v1', 'single', 'mppi', 'MPPI', [1]),
      okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [2]),
      okCell('maze2d-large-v1', 'single', 'df', 'Ours', [3]),
    ]);
    expect(readmeFigure(r)).toBe('maze2d-2026-01-01/maze2d-large-v1-single-df-ep0.svg');
    const s = renderReadmeSection(r, 'benchmarks/results/maze2d-2026-01-01.json');
    expect(s).toContain('| Maze2D U-Maze | 1.0 ± 1.5 (paper 33.2) | 2.0 ± 1.5 (paper 116.7 ± 2.0) |');
    expect(s).toContain('](benchmarks/results/maze2d-2026-01-01/maze2d-large-v1-single-df-ep0.svg)');
    expect(s).toContain('[maze2d-2026-01-01.json](benchmarks/results/maze2d-2026-01-01.json)');
    expect(readmeFigure(sampleResults([]))).toBeNull();
  });
});

describe('updateReadmeBenchSection', () => {
  it('should rewrite the section of a README file from a results file, with links relative to the README', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-readme-'));
    try {
      const readme = path.join(dir, 'README.md');
      fs.writeFileSync(readme, `# dfp\n\n${start}\nold table\n${end}\n\nmore text\n`);
      const results = path.join(dir, 'benchmarks', 'results', 'maze2d-2026-01-01.json');
      writeMaze2dResults(results, sampleResults([okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [2])]));
      updateReadmeBenchSection(readme, results);
      const text = fs.readFileSync(readme, 'utf8');
      expect(text).not.toContain('old table');
      expect(text).toMatch(/^# dfp\n\n<!-- bench:maze2d:start -->\nMaze2D \(D4RL v1\)/);
      expect(text).toContain('(benchmarks/results/maze2d-2026-01-01/maze2d-umaze-v1-single-df-ep0.svg)');
      expect(text.endsWith(`${end}\n\nmore text\n`)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
