#!/usr/bin/env node
'use strict';
/**
 * Generates the in-project locomotion datasets (random / medium / expert behaviour policies on the true
 * simulator, see `packages/envs/src/locomotion/dataset-presets.ts`) and measures their generation time and mean
 * D4RL normalized return.
 *
 * Run: `npx tsc -b && node benchmarks/locomotion-datasets.js [--steps N] [--seed S] [--envs a,b] [--policies p,q] [--out DIR]`
 * (defaults: 100000 rows, seed 0, all envs and policies, no files saved). With `--out`, each dataset is saved as
 * `DIR/<env>-<policy>-s<seed>-n<N>.safetensors`. One log line per 10% of each dataset; Ctrl-C stops at once.
 * Writes `benchmarks/results/locomotion-datasets-<YYYY-MM-DD>.json` with the command, machine, load, seed and
 * per-dataset rows/s, minutes per 100k rows (measured rate, extrapolated when N < 100k), complete episodes,
 * mean return and mean normalized score.
 */
const fs = require('node:fs');
const path = require('node:path');
const loco = require('../packages/envs/dist/locomotion/index.js');
const { writeReport } = require('./bench-report.js');

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const STEPS = Number(flag('steps', '100000'));
const SEED = Number(flag('seed', '0'));
const ENVS = flag('envs', loco.LOCOMOTION_ENV_IDS.join(',')).split(',');
const POLICIES = flag('policies', loco.LOCOMOTION_POLICIES.join(',')).split(',');
const OUT = flag('out', undefined);

/** Mean length of the complete episodes (rows up to the `episodes`-th terminal or timeout); null if none. */
function meanCompleteEpisodeLength(ds) {
  let ends = 0;
  for (let t = 0; t < ds.size; t++) {
    if (ds.terminals[t] === 1 || ds.timeouts[t] === 1) ends++;
    if (ends === ds.metadata.episodes && ends > 0) return Number(((t + 1) / ends).toFixed(1));
  }
  return null;
}

async function main() {
  const results = [];
  for (const envId of ENVS) {
    for (const policy of POLICIES) {
      const t0 = process.hrtime.bigint();
      const ds = await loco.generateLocomotionDataset({
        envId, policy, steps: STEPS, seed: SEED, progressEvery: Math.max(1, Math.round(STEPS / 10)),
        onProgress: (done, total) => {
          const s = Number(process.hrtime.bigint() - t0) / 1e9;
          process.stdout.write(`  ${envId} ${policy}: ${done}/${total} rows, ${s.toFixed(0)} s\n`);
        },
      });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = ds.metadata;
      let file;
      if (OUT) {
        file = path.join(OUT, `${envId}-${policy}-s${SEED}-n${STEPS}.safetensors`);
        fs.mkdirSync(OUT, { recursive: true });
        loco.saveLocomotionDataset(file, ds);
      }
      const row = {
        env: envId,
        policy,
        rows: STEPS,
        preset: m.preset,
        seconds: Number(seconds.toFixed(1)),
        rowsPerSec: Number((STEPS / seconds).toFixed(1)),
        minutesPer100kRows: Number((100000 / (STEPS / seconds) / 60).toFixed(1)),
        completeEpisodes: m.episodes,
        meanEpisodeLength: meanCompleteEpisodeLength(ds),
        meanReturn: Number.isFinite(m.meanReturn) ? Number(m.meanReturn.toFixed(1)) : null,
        meanNormalizedScore: Number.isFinite(m.meanNormalizedScore) ? Number(m.meanNormalizedScore.toFixed(1)) : null,
        file: file ? path.relative(process.cwd(), file) : undefined,
      };
      results.push(row);
      process.stdout.write(
        `${envId.padEnd(15)} ${policy.padEnd(7)} ${row.rowsPerSec} rows/s (${row.minutesPer100kRows} min/100k) | ` +
          `${m.episodes} episodes | mean return ${row.meanReturn} | normalized ${row.meanNormalizedScore}\n`,
      );
    }
  }
  writeReport('locomotion-datasets', {
    command: `node benchmarks/locomotion-datasets.js ${process.argv.slice(2).join(' ')}`.trim(),
    settings: { seed: SEED, rows: STEPS, threads: 1, generatorVersion: loco.LOCOMOTION_GENERATOR_VERSION },
    notes: 'Episode statistics cover complete episodes only (the last, cut one is left out); normalized scores use the D4RL reference returns (x100). Rates depend on the machine load (loadAverage1m).',
    results,
  });
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
