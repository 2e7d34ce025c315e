import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { z } from 'zod';
import type { PerfPlan, ReplanSpec, TrainStepSpec } from './perf-config';

/** How to get the PyTorch column on Debian 12 (PyTorch 1.13 with OpenBLAS; research notes, compute-stack.md). */
export const TORCH_INSTALL_HINT = 'apt-get install python3-torch libopenblas0-openmp';

/** Debian's interpreter: `python3-torch` is installed for it (a pyenv `python3` earlier on PATH cannot see it). */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** The reference script (`benchmarks/reference/perf_reference.py`, two folders up from `src/perf` and `dist/perf`). */
export const TORCH_SCRIPT = path.resolve(__dirname, '../../reference/perf_reference.py');

const trainResult = z.object({ msPerStep: z.number(), runsMs: z.array(z.number()), tokensPerSec: z.number(), params: z.number(), spec: z.record(z.string(), z.unknown()) });
const replanResult = z.object({ msPerReplan: z.number(), runsMs: z.array(z.number()), params: z.number(), spec: z.record(z.string(), z.unknown()) });
const matMulResult = z.object({ matmul: z.array(z.object({ m: z.number(), k: z.number(), n: z.number(), ms: z.number(), gflops: z.number() })), spec: z.record(z.string(), z.unknown()) });
const scriptOutput = z.object({
  torch: z.string(), threads: z.number(), blas: z.array(z.string()), python: z.string(),
  results: z.array(z.union([trainResult, replanResult, matMulResult])),
});

/** What the reference run reports. */
export type TorchOutput = z.infer<typeof scriptOutput>;

/** The PyTorch column: measurements, or why there are none. */
export type TorchReference =
  | { readonly available: true; readonly output: TorchOutput; readonly wallSec: number }
  | { readonly available: false; readonly reason: string; readonly install: string };

/** The reference task of a config-A measurement. */
export function torchTrainTask(t: TrainStepSpec, plan: PerfPlan, seed: number): Record<string, unknown> {
  return { task: 'train', backbone: t.backbone, batch: t.batch, tokens: t.tokens, steps: t.steps, warmup: t.warmup, seed, rnn: plan.rnn, transformer: plan.transformer };
}

/** The reference task of a config-B measurement. */
export function torchReplanTask(r: ReplanSpec, plan: PerfPlan, seed: number): Record<string, unknown> {
  return {
    task: 'replan', backbone: 'rnn', batch: r.batch, tokens: r.tokens, samplingSteps: r.samplingSteps, mcg: r.mcg, repeats: r.repeats,
    warmup: r.warmup, scale: plan.guidanceScale, seed, rnn: plan.rnn,
  };
}

/** The reference task of the matMul floor (see `matmul-floor.ts`). */
export function torchMatMulTask(shapes: readonly [number, number, number][], seed: number): Record<string, unknown> {
  return { task: 'matmul', shapes, seed };
}

/** The reference tasks of a plan (config A once per backbone, config B once per batch and R, whatever dfp's thread count). */
export function torchTasks(plan: PerfPlan, seed: number): Record<string, unknown>[] {
  const seen = new Set<string>();
  const train = plan.train.filter((t) => !seen.has(t.backbone) && seen.add(t.backbone)).map((t) => torchTrainTask(t, plan, seed));
  const replan = plan.replan.filter((r) => !seen.has(`${r.batch} ${r.mcg}`) && seen.add(`${r.batch} ${r.mcg}`));
  return [...train, ...replan.map((r) => torchReplanTask(r, plan, seed))];
}

/** Runs `python args`; resolves with stdout, rejects with the exit reason and the tail of stderr. */
function runPython(python: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      for (const l of lines) onLine?.(l);
    });
    child.on('error', (e) => reject(e));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit code ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/** Whether `python` can import torch: null when it can, else the reason. */
export async function torchUnavailableReason(python = DEFAULT_PYTHON): Promise<string | null> {
  try {
    await runPython(python, ['-c', 'import torch'], process.env);
    return null;
  } catch (e) {
    return `${python} cannot import torch (${(e as Error).message.slice(0, 200)})`;
  }
}

/**
 * Runs the PyTorch reference (`perf_reference.py`) for `tasks` with `threads` threads. Never throws for a missing
 * PyTorch: returns `available: false` with the reason and the install command (pass `checked` to skip the check).
 */
export async function runTorchReference(
  tasks: Record<string, unknown>[],
  options: { python?: string; threads?: number; checked?: boolean; onProgress?: (message: string) => void; signal?: AbortSignal } = {},
): Promise<TorchReference> {
  const python = options.python ?? DEFAULT_PYTHON;
  const env = { ...process.env, DFP_TORCH_THREADS: String(options.threads ?? 2) };
  const reason = options.checked ? null : await torchUnavailableReason(python);
  if (reason) return { available: false, reason, install: TORCH_INSTALL_HINT };
  const t0 = performance.now();
  const stdout = await runPython(python, [TORCH_SCRIPT, JSON.stringify(tasks)], env, (line) => {
    if (!line.startsWith('{"progress"')) return;
    const { progress: p, ms } = JSON.parse(line) as { progress: Record<string, unknown>; ms: number };
    const what = p.task === 'matmul' ? 'matMul shapes' : `${p.task} ${p.backbone} batch ${p.batch}${p.mcg ? ` R ${p.mcg}` : ''}`;
    options.onProgress?.(`  pytorch (${env.DFP_TORCH_THREADS} threads) ${what}: ${Math.round(ms)} ms`);
  }, options.signal);
  const parsed = scriptOutput.safeParse(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
  if (!parsed.success) throw new Error(`${TORCH_SCRIPT}: unexpected output (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  return { available: true, output: parsed.data, wallSec: (performance.now() - t0) / 1000 };
}
