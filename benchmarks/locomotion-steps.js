#!/usr/bin/env node
'use strict';
/**
 * Env-step throughput of the MuJoCo locomotion envs (hopper-v4, halfcheetah-v4, walker2d-v4) on one core.
 *
 * Run: `npx tsc -b && node benchmarks/locomotion-steps.js [--seconds S]`.
 * For each env, with seeded uniform random actions in [-1, 1]:
 *   1. `LocomotionSimulator.advance(action)`: one env step (frameSkip MuJoCo steps + reward), what MPPI rollouts
 *      cost; the simulator is reset (with reset noise) when it terminates;
 *   2. `Env.step(action)`: the Gymnasium-style API (argument checks, fresh observation, time limit, resets);
 *   3. `getState()` + `setState()` round trip, and `clone()` + `close()`, in microseconds.
 * MuJoCo steps/s = (1) x frameSkip. Each rate is the best of 3 repeats of `--seconds / 3` seconds. Writes
 * `benchmarks/results/locomotion-steps-<YYYY-MM-DD>.json` with the machine, its load, Node version, seed and date.
 */
const { writeReport } = require('./bench-report.js');
const { Rng } = require('../packages/envs/dist/index.js');
const loco = require('../packages/envs/dist/locomotion/index.js');

const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 3;
const SEED = 0;

/** Best-of-3 rate in operations per second; `run(n)` performs n operations. */
function measure(run) {
  let calls = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    run(calls);
    if (Number(process.hrtime.bigint() - t0) / 1e6 > 50) break;
    calls *= 2;
  }
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    let ops = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < (SECONDS / 3) * 1e9) {
      run(calls);
      ops += calls;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    best = Math.max(best, ops / (elapsed / 1e9));
  }
  return best;
}

async function main() {
  await loco.loadMujoco();
  const results = [];
  for (const id of loco.LOCOMOTION_ENV_IDS) {
    const env = await loco.makeLocomotionEnv(id, { seed: SEED });
    const rng = new Rng(SEED);
    const pool = Array.from({ length: 4096 }, () => env.actionSpace.sample(rng));
    let k = 0;

    const sim = env.simulator.clone();
    sim.resetFromNoise(rng);
    const advance = measure((n) => {
      for (let i = 0; i < n; i++, k = (k + 1) & 4095) if (sim.advance(pool[k]).terminated) sim.resetFromNoise(rng);
    });

    env.reset({ seed: SEED });
    const api = measure((n) => {
      for (let i = 0; i < n; i++, k = (k + 1) & 4095) {
        const r = env.step(pool[k]);
        if (r.terminated || r.truncated) env.reset();
      }
    });

    const state = sim.getState();
    const roundTrip = measure((n) => {
      for (let i = 0; i < n; i++) sim.setState(sim.getState());
    });
    sim.setState(state);
    const cloneClose = measure((n) => {
      for (let i = 0; i < n; i++) env.clone().close();
    });

    const row = {
      env: id,
      frameSkip: env.spec.frameSkip,
      simulatorStepsPerSec: Math.round(advance),
      mujocoStepsPerSec: Math.round(advance * env.spec.frameSkip),
      envStepApiStepsPerSec: Math.round(api),
      getSetStateMicros: Number((1e6 / roundTrip).toFixed(2)),
      cloneCloseMicros: Number((1e6 / cloneClose).toFixed(1)),
    };
    results.push(row);
    process.stdout.write(
      `${id.padEnd(15)} simulator ${Math.round(advance)} steps/s (${Math.round(advance * env.spec.frameSkip)} mj_step/s) | ` +
        `Env.step ${Math.round(api)} steps/s | get+setState ${row.getSetStateMicros} us | clone+close ${row.cloneCloseMicros} us\n`,
    );
    sim.dispose();
    env.close();
  }

  writeReport('locomotion-steps', {
    command: `node benchmarks/locomotion-steps.js --seconds ${SECONDS}`,
    settings: { seed: SEED, secondsPerTiming: SECONDS, actions: 'uniform [-1, 1], seeded, cycled from a pool of 4096', threads: 1, mujoco: 'mujoco-js 0.0.7 (MuJoCo 3.3.8, WASM)' },
    results,
  });
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
