import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { episodeFigureSvg, figureFileName, writeCellFigures } from '@dfp/benchmarks';
import type { EpisodeTrace } from '@dfp/benchmarks';

const TRACE: EpisodeTrace = { index: 3, positions: [3, 3, 3, 2.5, 3, 2], lastPlan: [[3, 2], [3, 1.5], [2.5, 1]], lastPlanStep: 2, goal: [1, 1] };

describe('episodeFigureSvg', () => {
  it('should draw the maze, the executed path, the dashed last plan and a caption', () => {
    const svg = episodeFigureSvg('maze2d-umaze-v1', 'single', 'df', TRACE, 87.25);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toMatch(/stroke-dasharray/);
    expect(svg).toContain('Maze2D U-Maze · Ours · episode 3 · score 87.3 · dashed: last plan (step 2)');
  });

  it('should draw no plan when the agent made none', () => {
    const svg = episodeFigureSvg('maze2d-umaze-v1', 'multi', 'mppi', { ...TRACE, lastPlan: null, lastPlanStep: null }, null);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg).not.toMatch(/last plan/);
  });
});

describe('writeCellFigures', () => {
  it('should write one SVG per trace and return paths relative to the results folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-figures-'));
    try {
      const files = writeCellFigures(path.join(dir, 'maze2d-x'), dir, { envId: 'maze2d-umaze-v1', goal: 'single', column: 'df' }, [TRACE], [0, 0, 0, 50]);
      expect(files).toEqual([`maze2d-x/${figureFileName('maze2d-umaze-v1', 'single', 'df', 3)}`]);
      expect(fs.readFileSync(path.join(dir, files[0]), 'utf8')).toContain('score 50.0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
