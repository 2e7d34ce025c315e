import type { PerfResults } from './perf-results';

/** Markdown tables of a perf run (what `dfp bench perf` prints). */

const ms = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const ratio = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(2)}x`);

/** Header lines: command, date, machine, load, PyTorch build. */
export function perfHeader(r: PerfResults): string {
  const load = Object.entries(r.load).map(([k, v]) => `${k} ${v.start[0].toFixed(2)} -> ${v.end[0].toFixed(2)}`).join('; ');
  const torch = r.torch.available
    ? `PyTorch ${r.torch.version} (Python ${r.torch.python}), ${r.torch.threads} threads, BLAS: ${r.torch.blas.join(', ') || 'unknown'}`
    : `PyTorch unavailable: ${r.torch.reason}; install with \`${r.torch.install}\``;
  return [
    `\`${r.command}\` on ${r.date} (seed ${r.seed}${r.quick ? ', quick' : ''})`,
    `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.platform}, Node ${r.machine.node}, tfjs ${r.machine.tfjs}`,
    `${torch}`,
    `1-min load average (start -> end of each section): ${load}`,
  ].map((l) => `- ${l}`).join('\n');
}

/** Config A: one training step. */
export function trainTable(r: PerfResults): string {
  const rows: string[] = [];
  for (const [backend, res] of Object.entries(r.dfp)) {
    for (const t of res.train) {
      const torch = r.torch.available ? r.torch.train.find((x) => x.backbone === t.backbone) : undefined;
      const q = r.ratios.find((x) => x.config === 'A' && x.backend === backend && x.label === trainLabel(t.backbone, t.workers));
      rows.push(`| ${t.backbone} | ${(t.params / 1e6).toFixed(2)} M | ${backend} | ${t.workers} | ${ms(t.msPerStep)} | ${ms(t.cpuMsPerStep)} | ${t.tokensPerSec} | ${ms(torch?.msPerStep)} | ${torch ? Math.round(torch.tokensPerSec) : 'n/a'} | ${ratio(q?.ratio ?? null)} |`);
    }
  }
  if (rows.length === 0) return '';
  return [
    `Config A: one AdamW training step, batch ${firstTrain(r)?.batch ?? '?'} x ${firstTrain(r)?.tokens ?? '?'} tokens of 60 (median)`,
    '',
    '| model | params | backend | dfp threads | dfp ms/step | dfp CPU ms/step | dfp tokens/s | PyTorch ms/step | PyTorch tokens/s | dfp / PyTorch |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Config B: one guided replan. */
export function replanTable(r: PerfResults): string {
  const rows: string[] = [];
  for (const [backend, res] of Object.entries(r.dfp)) {
    for (const p of res.replan) {
      const torch = r.torch.available ? r.torch.replan.find((x) => x.batch === p.batch && x.mcg === p.mcg) : undefined;
      const q = r.ratios.find((x) => x.config === 'B' && x.backend === backend && x.label === replanLabel(p.batch, p.mcg));
      rows.push(`| ${p.batch} | ${p.mcg === 1 ? 'off' : p.mcg} | ${backend} | ${ms(p.msPerReplan)} | ${ms(p.cpuMsPerReplan)} | ${p.tokenEvaluations} / ${p.referenceTokenEvaluations} | ${ms(torch?.msPerReplan)} | ${ratio(q?.ratio ?? null)} |`);
    }
  }
  if (rows.length === 0) return '';
  const s = Object.values(r.dfp).flatMap((x) => x.replan)[0];
  return [
    `Config B: one guided replan (pyramid, ${s?.samplingSteps ?? '?'} DDIM steps, ${s?.tokens ?? '?'} tokens, goal guidance scale ${r.models.guidanceScale}; median)`,
    '',
    '| batch | MCG R | backend | dfp ms/replan | dfp CPU ms | cell evaluations (dfp / reference loop) | PyTorch ms/replan (reference loop) | dfp / PyTorch |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function firstTrain(r: PerfResults) {
  return Object.values(r.dfp).flatMap((x) => x.train)[0];
}

/** Label of a config-A row in `ratios`. */
export function trainLabel(backbone: string, workers: number): string {
  return `${backbone}, ${workers} thread${workers === 1 ? '' : 's'}`;
}

/** Label of a config-B row in `ratios`. */
export function replanLabel(batch: number, mcg: number): string {
  return `batch ${batch}, MCG ${mcg === 1 ? 'off' : `R=${mcg}`}`;
}

/** Everything: header, both tables, notes. */
export function perfMarkdown(r: PerfResults): string {
  return [perfHeader(r), trainTable(r), replanTable(r), r.notes.map((n) => `- ${n}`).join('\n')].filter((s) => s.length > 0).join('\n\n');
}
