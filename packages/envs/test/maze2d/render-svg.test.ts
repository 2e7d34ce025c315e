import { DfpArgumentError, mazeLayout, parseMaze, renderMazeSvg } from '@dfp/envs';
import { assertThrowsWith } from '../../../../test/helpers/assertions';

const count = (svg: string, re: RegExp): number => (svg.match(re) ?? []).length;

describe('renderMazeSvg', () => {
  it('should draw one square per cell, walls in the wall colour', () => {
    const svg = renderMazeSvg('maze2d-medium-v1');
    const layout = mazeLayout('medium');
    const walls = layout.cells.reduce((a, b) => a + b, 0);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="384" height="384"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(count(svg, /<rect x="\d+" y="\d+" width="48" height="48" fill="#3b4252"/g)).toBe(walls);
    expect(count(svg, /<rect x="\d+" y="\d+" width="48" height="48" fill="#eceff4"/g)).toBe(64 - walls);
  });

  it("should plot obs y horizontally and obs x vertically, origin at the top (D4RL/Diffuser)", () => {
    // A trajectory starting at qpos (x=7, y=1) of the large maze: row 7, column 1.
    const svg = renderMazeSvg('maze2d-large-v1', { trajectories: [[[7, 1], [7, 2]]], cellSize: 10 });
    expect(svg).toContain('<circle cx="17.0" cy="77.0"'); // ((y + 0.7)·10, (x + 0.7)·10)
    expect(svg).toContain('points="17.0,77.0 27.0,77.0"');
  });

  it('should draw trajectories, start and end markers, the goal and a dashed plan', () => {
    const obs = Float64Array.of(3, 1, 0, 0, 3, 2, 0, 0, 3, 3, 0, 0); // flat [x, y, vx, vy] rows
    const svg = renderMazeSvg('maze2d-umaze-v1', { trajectories: [obs, [[1, 2], [1, 3]]], plan: [[3, 1], [3, 3], [1, 3]], goal: [1, 1] });
    expect(count(svg, /<polyline/g)).toBe(3);
    expect(count(svg, /<title>start \d<\/title>/g)).toBe(2);
    expect(count(svg, /<title>end \d<\/title>/g)).toBe(2);
    expect(count(svg, /stroke-dasharray="7\.7 4\.8"/g)).toBe(1); // only the plan is dashed
    expect(svg).toContain('<title>goal</title>');
    expect(svg.indexOf('stroke="#1f77b4"')).toBeGreaterThan(0);
    expect(svg.indexOf('stroke="#ff7f0e"')).toBeGreaterThan(0); // a second colour for the second trajectory
  });

  it('should take any layout and escape the title', () => {
    const svg = renderMazeSvg(parseMaze('###\n#G#\n###'), { title: 'a < b & "c"' });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
  });

  it.each([
    ['a flat array not a multiple of the stride', { trajectories: [new Float64Array(6)] }, /length 6, not a multiple of stride 4/],
    ['a non-finite point', { plan: [[1, Number.NaN]] }, /plan has a non-finite point/],
    ['a bad goal', { goal: [1] }, /goal: expected length 2/],
    ['a bad cell size', { cellSize: -1 }, /cellSize must be a positive number/],
  ])('should reject %s', (_, options, pattern) => {
    assertThrowsWith(() => renderMazeSvg('maze2d-umaze-v1', options), DfpArgumentError, pattern);
  });

  it('should reject unknown env ids', () => {
    assertThrowsWith(() => renderMazeSvg('maze2d-open-v0'), DfpArgumentError, /unknown Maze2D env id/);
  });
});
