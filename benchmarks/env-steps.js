#!/usr/bin/env node
'use strict';
/**
 * Env-step throughput of Maze2D on one core (issue target: >= 5M steps/s).
 *
 * Run: `npm run bench:env` (builds, then `node benchmarks/env-steps.js [--seconds S]`).
 * Measures, for each maze, with seeded uniform random actions in [-1.2, 1.2] (some clipped) so that
 * balls hit walls often:
 *   1. `stepInPlace`: the internal allocation-free step on a Float64Array state (dataset generator path);
 *   2. `maze2dStepBatch(states, actions, maze, states)`: the public batched step, 1024 balls, in place;
 *   3. `maze2dStep(state, action, maze, out)`: the public single step with argument checks;
 *   4. `Maze2dEnv.step(action)`: the Gymnasium-style API (fresh observation per step, time limit, resets);
 * and 5. `generateMaze2dDataset`: rows per second with the waypoint controller.
 * Each timing is the best of 3 repeats of at least `--seconds / 3` seconds. Writes
 * `benchmarks/results/env-steps-<YYYY-MM-DD>.json` with the machine, Node version, seeds and date.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const envs = require('../packages/envs/dist/index.js');
// Internal hot path (not part of the public API, hence the file path).
const { stepInPlace } = require('../packages/envs/dist/maze2d/dynamics.js');

const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 3;
const SEED = 0;
const BATCH = 1024;
const ACTION_POOL = 1 << 16;

/** Best-of-3 rate in operations per second; `run(n)` performs n operations. */
function measure(run, opsPerCall) {
  let calls = 1;
  // Calibrate to ~50 ms per timed chunk.
  for (;;) {
    const t0 = process.hrtime.bigint();
    run(calls);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > 50) break;
    calls *= 2;
  }
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    let ops = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < (SECONDS / 3) * 1e9) {
      run(calls);
      ops += calls * opsPerCall;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    best = Math.max(best, ops / (elapsed / 1e9));
  }
  return best;
}

function randomActions(rng) {
  return rng.fillUniform(new Float64Array(2 * ACTION_POOL), -1.2, 1.2);
}

/** `n` states at random free cells (reset distribution). */
function randomStates(rng, layout, n) {
  const s = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const [r, c] = rng.choice(layout.emptyAndGoalCells);
    s.set([r + rng.uniformRange(-0.1, 0.1), c + rng.uniformRange(-0.1, 0.1), 0.1 * rng.normal(), 0.1 * rng.normal()], 4 * i);
  }
  return s;
}

const results = [];
for (const id of ['maze2d-umaze-v1', 'maze2d-medium-v1', 'maze2d-large-v1']) {
  const env = envs.makeMaze2dEnv(id, { seed: SEED });
  const layout = env.layout;
  const rng = new envs.Rng(SEED);
  const actions = randomActions(rng);
  const mask = ACTION_POOL - 1;

  const one = randomStates(rng, layout, 1);
  let k = 0;
  const inPlace = measure((n) => {
    for (let i = 0; i < n; i++, k = (k + 1) & mask) stepInPlace(one, 0, actions[2 * k], actions[2 * k + 1], layout);
  }, 1);

  const states = randomStates(rng, layout, BATCH);
  const batchActions = new Float64Array(2 * BATCH);
  let offset = 0;
  const batch = measure((n) => {
    for (let i = 0; i < n; i++) {
      batchActions.set(actions.subarray(offset, offset + 2 * BATCH));
      offset = (offset + 2 * BATCH) % actions.length;
      envs.maze2dStepBatch(states, batchActions, layout, states);
    }
  }, BATCH);

  const single = randomStates(rng, layout, 1);
  const act = new Float64Array(2);
  const pure = measure((n) => {
    for (let i = 0; i < n; i++, k = (k + 1) & mask) {
      act[0] = actions[2 * k];
      act[1] = actions[2 * k + 1];
      envs.maze2dStep(single, act, layout, single);
    }
  }, 1);

  env.reset({ seed: SEED });
  const api = measure((n) => {
    for (let i = 0; i < n; i++, k = (k + 1) & mask) {
      act[0] = actions[2 * k];
      act[1] = actions[2 * k + 1];
      const r = env.step(act);
      if (r.truncated || r.terminated) env.reset();
    }
  }, 1);

  const datasetSteps = 200_000;
  const dataset = measure((n) => {
    for (let i = 0; i < n; i++) envs.generateMaze2dDataset(id, { steps: datasetSteps, seed: SEED });
  }, datasetSteps);

  const row = {
    env: id,
    stepInPlaceStepsPerSec: Math.round(inPlace),
    maze2dStepBatchStepsPerSec: Math.round(batch),
    maze2dStepStepsPerSec: Math.round(pure),
    envStepApiStepsPerSec: Math.round(api),
    datasetRowsPerSec: Math.round(dataset),
  };
  results.push(row);
  process.stdout.write(
    `${id.padEnd(18)} stepInPlace ${(inPlace / 1e6).toFixed(1)}M/s | maze2dStepBatch ${(batch / 1e6).toFixed(1)}M/s | ` +
      `maze2dStep ${(pure / 1e6).toFixed(1)}M/s | Env.step ${(api / 1e6).toFixed(2)}M/s | dataset ${(dataset / 1e6).toFixed(2)}M rows/s\n`,
  );
}

const date = new Date().toISOString().slice(0, 10);
const report = {
  benchmark: 'env-steps',
  command: `node benchmarks/env-steps.js --seconds ${SECONDS}`,
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)), // other processes share the cores; read rates with it
  },
  settings: { seed: SEED, batch: BATCH, secondsPerTiming: SECONDS, actions: 'uniform [-1.2, 1.2], seeded, cycled from a pool of 65536', threads: 1 },
  target: '>= 5M maze2d steps/s on one core',
  results,
};
const out = path.join(__dirname, 'results', `env-steps-${date}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
