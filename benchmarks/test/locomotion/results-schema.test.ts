import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpArgumentError, DfpFileError } from '@dfp/envs';
import { locomotionResultsSchema, readLocomotionResults, writeLocomotionResults } from '@dfp/benchmarks';
import { naCell, okCell, sampleLocomotionResults } from './sample-locomotion-results';

describe('writeLocomotionResults / readLocomotionResults', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-results-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should round-trip a valid results file', () => {
    const results = sampleLocomotionResults([okCell('hopper-v4', 'mppi', 'MPPI', [10, 12]), naCell('hopper-v4', 'df', 'DF', 'no checkpoint: dfp bench locomotion --train')]);
    const file = path.join(dir, 'ok.json');
    writeLocomotionResults(file, results);
    expect(readLocomotionResults(file)).toEqual(results);
  });

  it('should refuse to write invalid results, naming the field, and write nothing', () => {
    const bad = sampleLocomotionResults([{ ...okCell('hopper-v4', 'mppi', 'MPPI', [1]), summary: null }]);
    const file = path.join(dir, 'bad.json');
    expect(() => writeLocomotionResults(file, bad)).toThrow(DfpArgumentError);
    expect(() => writeLocomotionResults(file, bad)).toThrow(/cells\.0\.summary: a cell has a summary exactly when its status is ok/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('should reject disagreeing episode counts, non-finite scores, unknown envs and columns, and a missing command', () => {
    const cell = okCell('hopper-v4', 'df', 'DF', [1, 2]);
    const valid = (cells: unknown[], extra = {}) => locomotionResultsSchema.safeParse({ ...sampleLocomotionResults([]), cells, ...extra }).success;
    expect(valid([cell])).toBe(true);
    expect(valid([{ ...cell, episodes: cell.episodes.slice(1) }])).toBe(false);
    expect(valid([{ ...cell, summary: { ...cell.summary!, stderrScore: Number.POSITIVE_INFINITY } }])).toBe(false);
    expect(valid([{ ...cell, env: 'ant-v4' }])).toBe(false);
    expect(valid([{ ...cell, column: 'cql' }])).toBe(false);
    expect(valid([], { command: undefined })).toBe(false);
  });

  it('should report a truncated file as a file error', () => {
    const file = path.join(dir, 'truncated.json');
    fs.writeFileSync(file, '{"format": "dfp-bench-locomotion", "cells": [');
    expect(() => readLocomotionResults(file)).toThrow(DfpFileError);
  });
});
