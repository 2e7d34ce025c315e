import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measurePairedRounds, perfMarkdown, perfPlan, readPerfResults, runPerfBench, runTorchReference, torchTasks, TORCH_INSTALL_HINT } from '@dfp/benchmarks';
import type { PerfResults } from '@dfp/benchmarks';
import { initBackend, tf } from '@dfp/core';

beforeAll(() => initBackend('wasm'));

const TINY = {
  rnn: { kind: 'rnn', hidden: 12, zDim: 6, embDim: 4, resBlocks: 2 } as const,
  transformer: { kind: 'transformer', width: 8, layers: 1, heads: 2, ffMult: 2, embDim: 4, causal: true } as const,
  trainBatch: 4,
  tokens: 3,
  samplingSteps: 3,
  replanBatches: [1, 2],
};

describe('perfPlan', () => {
  it('should time config A for the RNN on 1 and N threads and the transformer, and config B in three variants, batch 32 on 1 and N threads', () => {
    const p = perfPlan({ trainWorkers: 2 });
    expect(p.train.map((t) => [t.backbone, t.workers, t.batch, t.tokens, t.steps])).toEqual([['rnn', 1, 64, 30, 10], ['rnn', 2, 64, 30, 10], ['transformer', 1, 64, 30, 10]]);
    expect(p.replan.map((r) => [r.batch, r.mcg, r.samplingSteps, r.tokens, r.repeats, r.workers])).toEqual([[1, 1, 50, 30, 3, 1], [1, 4, 50, 30, 3, 1], [32, 1, 50, 30, 3, 1], [32, 1, 50, 30, 3, 2]]);
    expect(perfPlan({ planWorkers: 1 }).replan.map((r) => r.workers)).toEqual([1, 1, 1]);
    expect(perfPlan({ replanBatches: [32] }).replan.map((r) => [r.batch, r.workers])).toEqual([[32, 1], [32, 2]]);
    expect(perfPlan({ quick: true }).train[0].steps).toBeLessThan(p.train[0].steps);
  });

  it('should keep the slow cpu backend to single-thread steps and the batch-1 replan, and honour --configs', () => {
    const cpu = perfPlan({ trainWorkers: 2 }, 'cpu');
    expect(cpu.train.every((t) => t.workers === 1 && t.warmup === 0)).toBe(true);
    expect(cpu.replan.map((r) => [r.batch, r.mcg])).toEqual([[1, 1]]);
    expect(perfPlan({ configs: ['B'] }).train).toEqual([]);
    expect(perfPlan({ configs: ['A'] }).replan).toEqual([]);
  });
});

describe('torchTasks', () => {
  it('should ask PyTorch for each backbone once and every replan variant once (not per dfp thread count), with the same sizes', () => {
    const p = perfPlan({ trainWorkers: 2, sizes: TINY });
    const tasks = torchTasks(p, 3);
    expect(tasks.map((t) => [t.task, t.backbone, t.batch])).toEqual([['train', 'rnn', 4], ['train', 'transformer', 4], ['replan', 'rnn', 1], ['replan', 'rnn', 1], ['replan', 'rnn', 2]]);
    expect(tasks[0]).toMatchObject({ tokens: 3, seed: 3, rnn: TINY.rnn });
    expect(tasks[3]).toMatchObject({ mcg: 4, samplingSteps: 3, scale: 10 });
  });
});

describe('runTorchReference', () => {
  it('should report PyTorch as unavailable, with the install command, when the interpreter cannot import it', async () => {
    const r = await runTorchReference([], { python: '/nonexistent/python3' });
    expect(r.available).toBe(false);
    if (!r.available) {
      expect(r.reason).toMatch(/\/nonexistent\/python3 cannot import torch/);
      expect(r.install).toBe(TORCH_INSTALL_HINT);
    }
  });
});

describe('runPerfBench', () => {
  it('should measure both configs at tiny sizes, write a valid results file and print the tables', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dfp-perf-'));
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const run = await runPerfBench({ backends: ['wasm'], quick: true, skipTorch: true, trainWorkers: 1, planWorkers: 2, sizes: TINY, out, command: 'test', log: (l) => lines.push(l) });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
    const r: PerfResults = readPerfResults(run.file);
    expect(path.basename(run.file)).toMatch(/^perf-\d{4}-\d{2}-\d{2}\.json$/);
    expect(r.dfp.wasm.train.map((t) => [t.backbone, t.workers, t.runsMs.length])).toEqual([['rnn', 1, 3], ['transformer', 1, 3]]);
    expect(r.dfp.wasm.replan.map((p) => [p.batch, p.mcg, p.workers])).toEqual([[1, 1, 1], [1, 4, 1], [2, 1, 1], [2, 1, 2]]);
    // The 2-thread row does the same backbone work per part as the 1-thread row.
    expect(r.dfp.wasm.replan[3].tokenEvaluations).toBe(r.dfp.wasm.replan[2].tokenEvaluations);
    expect(r.ratios.filter((q) => q.config === 'B').map((q) => q.label)).toEqual(['batch 1, MCG off', 'batch 1, MCG R=4', 'batch 2, MCG off', 'batch 2, MCG off, 2 threads']);
    for (const t of r.dfp.wasm.train) expect(t.msPerStep).toBeGreaterThan(0);
    // The prefix cache evaluates fewer cells than the reference loop's (S + H)·H·R.
    for (const p of r.dfp.wasm.replan) expect(p.tokenEvaluations).toBeLessThan(p.referenceTokenEvaluations);
    expect(r.torch).toEqual({ available: false, reason: 'skipped (--skip-torch)', install: TORCH_INSTALL_HINT });
    expect(r.ratios.every((q) => q.ratio === null && q.torchMs === null)).toBe(true);
    expect(Object.keys(r.load)).toEqual(['wasm']);
    // The matMul floor: speed on the RNN step's shapes and the time its FLOPs take at the best rate.
    expect(r.dfp.wasm.matmul).toHaveLength(3);
    expect(r.matmulFloor!.stepGflop).toBeGreaterThan(0);
    expect(r.matmulFloor!.dfpMs.wasm).not.toBeNull();
    expect(r.matmulFloor!.torchMs).toEqual({});
    expect(run.markdown).toContain("Config A's matMul floor");
    expect(run.markdown).toContain('| rnn | ');
    expect(run.markdown).toContain('PyTorch unavailable: skipped (--skip-torch)');
    expect(lines.some((l) => l.startsWith('dfp wasm: config B batch 2, MCG off, 2 threads'))).toBe(true);
    expect(run.markdown).toContain('| 2 | off | wasm | 2 | ');
  });
});

describe('measurePairedRounds', () => {
  const spec = { backbone: 'rnn', batch: 4, tokens: 3, steps: 1, warmup: 1, workers: 1 } as const;
  const plan = perfPlan({ sizes: TINY });

  it('should alternate dfp and PyTorch blocks, swap their order every round and report the median of the per-round ratios', async () => {
    const before = tf.memory().numTensors;
    const calls: number[] = [];
    const torchMs = [1e6, 2e6, 4e6];
    const p = await measurePairedRounds(spec, plan, 0, {
      backend: 'wasm', rounds: 3, stepsPerRound: 2, torchThreads: 2,
      torchStepMs: async (steps) => (calls.push(steps), torchMs[calls.length - 1]),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(calls).toEqual([2, 2, 2]);
    expect(p!.rounds.map((x) => x.order)).toEqual(['dfp-first', 'torch-first', 'dfp-first']);
    expect(p!.rounds.map((x) => x.torchMs)).toEqual(torchMs);
    for (const x of p!.rounds) expect(x.ratio).toBeCloseTo(x.dfpMs / x.torchMs, 3);
    const sorted = p!.rounds.map((x) => x.ratio).sort((a, b) => a - b);
    expect(p!.ratio).toBe(sorted[1]);
    expect(p).toMatchObject({ backend: 'wasm', backbone: 'rnn', workers: 1, torchThreads: 2, stepsPerRound: 2, torchMs: 2e6 });
  });

  it('should give null when PyTorch cannot run', async () => {
    const p = await measurePairedRounds(spec, plan, 0, { backend: 'wasm', rounds: 2, stepsPerRound: 1, torchThreads: 2, torchStepMs: async () => null });
    expect(p).toBeNull();
  });
});

describe('perfMarkdown', () => {
  it('should show PyTorch times and the dfp / PyTorch ratio of each row', () => {
    const r: PerfResults = {
      benchmark: 'perf', command: 'dfp bench perf', date: '2026-11-27T00:00:00.000Z', seed: 0, quick: false, configs: ['A', 'B'],
      machine: { cpu: 'cpu', cores: 2, platform: 'linux', node: 'v20', tfjs: '4.22.0', wasmGemm: 'dfp GEMM, SIMD128 build' },
      load: { wasm: { start: [2.5, 2, 2], end: [3, 2, 2] } },
      models: { rnn: {}, transformer: {}, guidanceScale: 10 },
      dfp: {
        wasm: {
          train: [{ backbone: 'rnn', workers: 2, batch: 64, tokens: 30, params: 1068092, msPerStep: 600, cpuMsPerStep: 1100, tokensPerSec: 3200, runsMs: [600], load1m: 2 }],
          replan: [{ batch: 1, workers: 1, mcg: 1, tokens: 30, samplingSteps: 50, msPerReplan: 2400, cpuMsPerReplan: 2300, tokenEvaluations: 1964, referenceTokenEvaluations: 2400, runsMs: [2400], load1m: 2 }],
          matmul: [{ m: 64, k: 256, n: 256, ms: 0.4, gflops: 21 }],
        },
      },
      matmulFloor: { stepGflop: 11.86, dfpMs: { wasm: 565 }, torchMs: { 2: 125, 1: 130 } },
      torch: {
        available: true, version: '1.13.0a0', blas: ['libopenblasp-r0.3.21.so'], python: '3.11.2',
        runs: [
          { threads: 2, wallSec: 10, train: [{ backbone: 'rnn', batch: 64, tokens: 30, params: 1068092, msPerStep: 240, tokensPerSec: 8000, runsMs: [240], load1m: 2 }], replan: [{ batch: 1, mcg: 1, msPerReplan: 4800, runsMs: [4800], load1m: 2 }], matmul: [{ m: 64, k: 256, n: 256, ms: 0.1, gflops: 95 }] },
          { threads: 1, wallSec: 12, train: [{ backbone: 'rnn', batch: 64, tokens: 30, params: 1068092, msPerStep: 400, tokensPerSec: 4800, runsMs: [400], load1m: 2 }], replan: [{ batch: 1, mcg: 1, msPerReplan: 4000, runsMs: [4000], load1m: 2 }], matmul: [{ m: 64, k: 256, n: 256, ms: 0.11, gflops: 91 }] },
        ],
      },
      ratios: [
        { config: 'A', label: 'rnn, 2 threads', backend: 'wasm', dfpMs: 600, torchMs: 240, ratio: 2.5, torchBestMs: 240, torchBestThreads: 2, ratioBest: 2.5, goal: 1.5 },
        { config: 'B', label: 'batch 1, MCG off', backend: 'wasm', dfpMs: 2400, torchMs: 4800, ratio: 0.5, torchBestMs: 4000, torchBestThreads: 1, ratioBest: 0.6, goal: 1 },
      ],
      paired: null,
      notes: ['a note'],
    };
    expect(perfMarkdown(r)).not.toContain('Config A, paired');
    r.paired = {
      backend: 'wasm', backbone: 'rnn', workers: 2, torchThreads: 2, stepsPerRound: 5, dfpMs: 260, torchMs: 200, ratio: 1.3,
      rounds: [{ dfpMs: 250, torchMs: 200, ratio: 1.25, order: 'dfp-first', load1m: 2.1 }, { dfpMs: 270, torchMs: 200, ratio: 1.35, order: 'torch-first', load1m: 2.2 }],
    };
    r.ratios.push({ config: 'A', label: 'rnn, 2 threads, paired', backend: 'wasm', dfpMs: 260, torchMs: 200, ratio: 1.3, torchBestMs: null, torchBestThreads: null, ratioBest: null, goal: 1.5 });
    const md = perfMarkdown(r);
    expect(md).toContain('Config A, paired: rnn on wasm with 2 threads against PyTorch with 2 threads, 2 rounds of 5 steps each side');
    expect(md).toContain('| 2 | PyTorch, dfp | 270 ms | 200 ms | 1.35x | 2.20 |');
    expect(md).toContain('Median over rounds: dfp 260 ms, PyTorch 200 ms, ratio 1.30x (median of the rounds\' ratios; goal <= 1.50x).');
    expect(md).toContain('wasm matMul: dfp GEMM, SIMD128 build');
    expect(md).toContain('| PyTorch ms/step (2 threads) | PyTorch ms/step (1 thread) | dfp / PyTorch 2 threads | dfp / fastest PyTorch |');
    expect(md).toContain('| rnn | 1.07 M | wasm | 2 | 600 ms | 1100 ms | 3200 | 240 ms | 400 ms | 2.50x | 2.50x (vs 2 threads) |');
    expect(md).toContain('| 1 | off | wasm | 1 | 2400 ms | 2300 ms | 1964 / 2400 | 4800 ms | 4000 ms | 0.50x | 0.60x (vs 1 thread) |');
    expect(md).toContain('PyTorch 1.13.0a0 (Python 3.11.2), runs with 2 threads and 1 thread, BLAS: libopenblasp-r0.3.21.so');
    expect(md).toContain('wasm 2.50 -> 3.00');
    expect(md).toContain('- a note');
    expect(md).toContain('| [64x256]·[256x256] | 21.0 | 95.0 | 91.0 |');
    expect(md).toContain('dfp wasm (one thread) 565 ms, PyTorch 2 threads 125 ms, PyTorch 1 thread 130 ms');
  });
});
