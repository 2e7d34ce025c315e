import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DfpFileError } from '@dfp/envs';
import { datasetRef, loadOrGenerateDataset } from '@dfp/benchmarks';

describe('datasetRef', () => {
  it('should name the file as benchmarks/locomotion-datasets.js --out does and give the command that writes it', () => {
    const ref = datasetRef('data/locomotion', 'hopper-v4', 'medium', 100000, 0);
    expect(ref.file).toBe(path.join('data/locomotion', 'hopper-v4-medium-s0-n100000.safetensors'));
    expect(ref.generateCommand).toBe('node benchmarks/locomotion-datasets.js --steps 100000 --seed 0 --envs hopper-v4 --policies medium --out data/locomotion');
  });
});

describe('loadOrGenerateDataset', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-loco-data-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should generate and save a missing dataset, then load the same file', async () => {
    // Arrange
    const ref = datasetRef(dir, 'hopper-v4', 'random', 60, 3);
    const lines: string[] = [];
    // Act
    const made = await loadOrGenerateDataset(ref, { log: (l) => lines.push(l) });
    const loaded = await loadOrGenerateDataset(ref);
    // Assert
    expect(fs.existsSync(ref.file)).toBe(true);
    expect(lines[0]).toMatch(/not found: generating it \(60 rows of hopper-v4, random policy, seed 3\)/);
    expect(lines.some((l) => /60\/60 rows/.test(l))).toBe(true);
    expect(loaded.observations).toEqual(made.observations);
    expect(loaded.metadata).toMatchObject({ envId: 'hopper-v4', policy: 'random', seed: 3 });
  });

  it('should give the same first rows for a smaller dataset of the same seed (what the behaviour column relies on)', async () => {
    const big = await loadOrGenerateDataset(datasetRef(dir, 'hopper-v4', 'random', 60, 3));
    const small = await loadOrGenerateDataset(datasetRef(dir, 'hopper-v4', 'random', 25, 3));
    expect(small.observations).toEqual(big.observations.subarray(0, 25 * 11));
    expect(small.rewards).toEqual(big.rewards.subarray(0, 25));
  });

  it('should refuse a file whose content does not match its name', async () => {
    const ref = datasetRef(dir, 'hopper-v4', 'random', 60, 3);
    const liar = datasetRef(dir, 'hopper-v4', 'random', 60, 4);
    fs.copyFileSync(ref.file, liar.file);
    await expect(loadOrGenerateDataset(liar)).rejects.toThrow(DfpFileError);
    await expect(loadOrGenerateDataset(liar)).rejects.toThrow(/holds hopper-v4 random seed 3 with 60 rows, but its name says hopper-v4 random seed 4 with 60 rows/);
  });
});
