import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError } from '@dfp/envs';
import { maze2dResultsSchema, readMaze2dResults, writeMaze2dResults } from '@dfp/benchmarks';
import { naCell, okCell, sampleResults } from '../helpers/sample-results';

describe('writeMaze2dResults / readMaze2dResults', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-bench-results-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should round-trip a valid results file', () => {
    const results = sampleResults([okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [100, 120]), naCell('maze2d-umaze-v1', 'single', 'cql', 'CQL', 'not implemented')]);
    const file = path.join(dir, 'ok.json');
    writeMaze2dResults(file, results);
    expect(readMaze2dResults(file)).toEqual(results);
  });

  it('should refuse to write invalid results, naming the field, and write nothing', () => {
    const bad = sampleResults([{ ...okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [1]), summary: null }]);
    const file = path.join(dir, 'bad.json');
    expect(() => writeMaze2dResults(file, bad)).toThrow(DfpArgumentError);
    expect(() => writeMaze2dResults(file, bad)).toThrow(/cells\.0\.summary: a cell has a summary exactly when its status is ok/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('should reject episode counts that disagree, non-finite scores and unknown columns', () => {
    const cell = okCell('maze2d-umaze-v1', 'single', 'df', 'Ours', [1, 2]);
    expect(maze2dResultsSchema.safeParse(sampleResults([{ ...cell, episodes: cell.episodes.slice(1) }])).success).toBe(false);
    expect(maze2dResultsSchema.safeParse(sampleResults([{ ...cell, summary: { ...cell.summary!, meanScore: Number.NaN } }])).success).toBe(false);
    expect(maze2dResultsSchema.safeParse(sampleResults([{ ...cell, column: 'ours' }])).success).toBe(false);
  });

  it('should report a truncated file as a file error', () => {
    const file = path.join(dir, 'truncated.json');
    fs.writeFileSync(file, '{"format": "dfp-bench-maze2d", "cells": [');
    expect(() => readMaze2dResults(file)).toThrow(DfpFileError);
  });
});
