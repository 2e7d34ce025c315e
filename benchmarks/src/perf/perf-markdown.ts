import type { PerfRatio, PerfResults } from './perf-results';

/** Markdown tables of a perf run (what `dfp bench perf` prints). */

const ms = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const times = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(2)}x`);
type TorchRun = Extract<PerfResults['torch'], { available: true }>['runs'][number];
const torchRuns = (r: PerfResults): TorchRun[] => (r.torch.available ? r.torch.runs : []);
const thr = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/** Header lines: command, date, machine, load, PyTorch build. */
export function perfHeader(r: PerfResults): string {
  const load = Object.entries(r.load).map(([k, v]) => `${k} ${v.start[0].toFixed(2)} -> ${v.end[0].toFixed(2)}`).join('; ');
  const torch = r.torch.available
    ? `PyTorch ${r.torch.version} (Python ${r.torch.python}), runs with ${r.torch.runs.map((x) => thr(x.threads)).join(' and ')}, BLAS: ${r.torch.blas.join(', ') || 'unknown'}`
    : `PyTorch unavailable: ${r.torch.reason}; install with \`${r.torch.install}\``;
  return [
    `\`${r.command}\` on ${r.date} (seed ${r.seed}${r.quick ? ', quick' : ''})`,
    `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.platform}, Node ${r.machine.node}, tfjs ${r.machine.tfjs}, wasm matMul: ${r.machine.wasmGemm}`,
    torch,
    `1-min load average (start -> end of each section): ${load}`,
  ].map((l) => `- ${l}`).join('\n');
}

/** PyTorch cells of a row (one per reference run) and its two ratios. */
function torchCells(r: PerfResults, q: PerfRatio | undefined, pick: (run: TorchRun) => number | undefined): string[] {
  const runs = torchRuns(r);
  const cells = runs.length > 0 ? runs.map((run) => ms(pick(run))) : ['n/a'];
  const best = q?.torchBestThreads ? ` (vs ${thr(q.torchBestThreads)})` : '';
  return [...cells, times(q?.ratio ?? null), `${times(q?.ratioBest ?? null)}${best}`];
}

/** Column titles of the PyTorch cells. */
function torchTitles(r: PerfResults, unit: string): string[] {
  const runs = torchRuns(r);
  const cols = runs.length > 0 ? runs.map((run) => `PyTorch ${unit} (${thr(run.threads)})`) : [`PyTorch ${unit}`];
  return [...cols, 'dfp / PyTorch 2 threads', 'dfp / fastest PyTorch'];
}

const table = (titles: string[], rows: string[][]): string =>
  [`| ${titles.join(' | ')} |`, `| ${titles.map(() => '---').join(' | ')} |`, ...rows.map((c) => `| ${c.join(' | ')} |`)].join('\n');

/** Config A: one training step. */
export function trainTable(r: PerfResults): string {
  const rows: string[][] = [];
  for (const [backend, res] of Object.entries(r.dfp)) {
    for (const t of res.train) {
      const q = r.ratios.find((x) => x.config === 'A' && x.backend === backend && x.label === trainLabel(t.backbone, t.workers));
      rows.push([t.backbone, `${(t.params / 1e6).toFixed(2)} M`, backend, String(t.workers), ms(t.msPerStep), ms(t.cpuMsPerStep), String(t.tokensPerSec),
        ...torchCells(r, q, (run) => run.train.find((x) => x.backbone === t.backbone)?.msPerStep)]);
    }
  }
  if (rows.length === 0) return '';
  const first = Object.values(r.dfp).flatMap((x) => x.train)[0];
  return [
    `Config A: one AdamW training step, batch ${first.batch} x ${first.tokens} tokens of 60 (median)`,
    '',
    table(['model', 'params', 'backend', 'dfp threads', 'dfp ms/step', 'dfp CPU ms/step', 'dfp tokens/s', ...torchTitles(r, 'ms/step')], rows),
  ].join('\n');
}

/** Config A's matMul floor: speed on the step's shapes and the time its matMul FLOPs alone take. */
export function matMulFloorTable(r: PerfResults): string {
  const f = r.matmulFloor;
  const dfpRows = Object.entries(r.dfp).filter(([, x]) => x.matmul.length > 0);
  if (!f || dfpRows.length === 0) return '';
  const runs = torchRuns(r).filter((x) => x.matmul.length > 0);
  const shapes = dfpRows[0][1].matmul;
  const gf = (rows: readonly { m: number; k: number; n: number; gflops: number }[], m: number, k: number, n: number): string =>
    rows.find((x) => x.m === m && x.k === k && x.n === n)?.gflops.toFixed(1) ?? 'n/a';
  const rows = shapes.map(({ m, k, n }) => [`[${m}x${k}]·[${k}x${n}]`, ...dfpRows.map(([, x]) => gf(x.matmul, m, k, n)), ...runs.map((x) => gf(x.matmul, m, k, n))]);
  const floor = [
    ...Object.entries(f.dfpMs).map(([b, v]) => `dfp ${b} (one thread) ${ms(v)}`),
    ...runs.map((x) => `PyTorch ${thr(x.threads)} ${ms(f.torchMs[String(x.threads)] ?? null)}`),
  ].join(', ');
  return [
    `Config A's matMul floor: one RNN step multiplies ${f.stepGflop.toFixed(2)} GFLOP (forward and backward). MatMul speed on the step's shapes, GFLOP/s:`,
    '',
    table(['shape', ...dfpRows.map(([b]) => `dfp ${b}`), ...runs.map((x) => `PyTorch ${thr(x.threads)}`)], rows),
    '',
    `The step's matMuls alone, at the fastest rate above: ${floor}. No fusion or overhead cut can bring a step below its floor.`,
  ].join('\n');
}

/** Config B: one guided replan. */
export function replanTable(r: PerfResults): string {
  const rows: string[][] = [];
  for (const [backend, res] of Object.entries(r.dfp)) {
    for (const p of res.replan) {
      const q = r.ratios.find((x) => x.config === 'B' && x.backend === backend && x.label === replanLabel(p.batch, p.mcg, p.workers));
      rows.push([String(p.batch), p.mcg === 1 ? 'off' : String(p.mcg), backend, String(p.workers), ms(p.msPerReplan), ms(p.cpuMsPerReplan), `${p.tokenEvaluations} / ${p.referenceTokenEvaluations}`,
        ...torchCells(r, q, (run) => run.replan.find((x) => x.batch === p.batch && x.mcg === p.mcg)?.msPerReplan)]);
    }
  }
  if (rows.length === 0) return '';
  const s = Object.values(r.dfp).flatMap((x) => x.replan)[0];
  return [
    `Config B: one guided replan (pyramid, ${s.samplingSteps} DDIM steps, ${s.tokens} tokens, goal guidance scale ${r.models.guidanceScale}; median; PyTorch runs the reference loop)`,
    '',
    table(['batch', 'MCG R', 'backend', 'dfp threads', 'dfp ms/replan', 'dfp CPU ms', 'cell evaluations (dfp / reference loop)', ...torchTitles(r, 'ms/replan')], rows),
  ].join('\n');
}

/** Label of a config-A row in `ratios`. */
export function trainLabel(backbone: string, workers: number): string {
  return `${backbone}, ${thr(workers)}`;
}

/** Label of the paired config-A row in `ratios`. */
export function pairedLabel(backbone: string, workers: number): string {
  return `${trainLabel(backbone, workers)}, paired`;
}

/** Config A's paired rounds: each round's dfp and PyTorch medians and their ratio, then the median ratio. */
export function pairedTable(r: PerfResults): string {
  const p = r.paired;
  if (!p) return '';
  const goal = r.ratios.find((x) => x.label === pairedLabel(p.backbone, p.workers))?.goal;
  const rows = p.rounds.map((x, i) => [String(i + 1), x.order === 'dfp-first' ? 'dfp, PyTorch' : 'PyTorch, dfp', ms(x.dfpMs), ms(x.torchMs), times(x.ratio), x.load1m.toFixed(2)]);
  return [
    `Config A, paired: ${p.backbone} on ${p.backend} with ${thr(p.workers)} against PyTorch with ${thr(p.torchThreads)}, ${p.rounds.length} rounds of ${p.stepsPerRound} steps each side, back to back (medians per block)`,
    '',
    table(['round', 'order', 'dfp ms/step', 'PyTorch ms/step', 'dfp / PyTorch', '1-min load'], rows),
    '',
    `Median over rounds: dfp ${ms(p.dfpMs)}, PyTorch ${ms(p.torchMs)}, ratio ${times(p.ratio)} (median of the rounds' ratios${goal ? `; goal <= ${times(goal)}` : ''}).`,
  ].join('\n');
}

/** Label of a config-B row in `ratios` (`batch 32, MCG off`; with more threads `batch 32, MCG off, 2 threads`). */
export function replanLabel(batch: number, mcg: number, workers = 1): string {
  return `batch ${batch}, MCG ${mcg === 1 ? 'off' : `R=${mcg}`}${workers > 1 ? `, ${thr(workers)}` : ''}`;
}

/** Everything: header, both tables, notes. */
export function perfMarkdown(r: PerfResults): string {
  return [perfHeader(r), trainTable(r), pairedTable(r), matMulFloorTable(r), replanTable(r), r.notes.map((n) => `- ${n}`).join('\n')].filter((s) => s.length > 0).join('\n\n');
}
