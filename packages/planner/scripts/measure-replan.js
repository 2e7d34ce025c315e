#!/usr/bin/env node
// Milliseconds per replan of the Diffusion Forcing planner (one `sample` call: pyramid, DDIM, guidance).
// Usage (after `npm run build`): node packages/planner/scripts/measure-replan.js [--backbone tiny|default|paper-medium]
//   [--batch 1,32] [--mcg 1,4] [--steps 50] [--horizon 30] [--repeats 2] [--no-cache] [--unguided] [--backend wasm|cpu]
// Prints one JSON line per configuration. Maze2D token layout (obs 4, act 2, frame stack 10), random weights.
'use strict';
const { DiffusionModel, initBackend } = require('@dfp/core');
const { Rng } = require('@dfp/envs');
const { sample, goalDistance } = require('@dfp/planner');

const BACKBONES = {
  tiny: { kind: 'rnn', hidden: 16, zDim: 8, embDim: 8, resBlocks: 1 },
  default: { kind: 'rnn', hidden: 256, zDim: 128, embDim: 64, resBlocks: 3 }, // core's DEFAULT_RNN_CONFIG
  'paper-medium': { kind: 'rnn', hidden: 512, zDim: 128, embDim: 16, resBlocks: 3 }, // DF paper, network_size 16
};

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const list = (s) => s.split(',').map(Number);

async function main() {
  const backend = await initBackend(arg('backend', 'wasm'));
  const name = arg('backbone', 'tiny');
  const layout = { obsDim: 4, actDim: 2, rewardDim: 0, frameStack: 10 };
  const norm = { mean: Float32Array.from([2, 2, 0, 0, 0, 0]), std: Float32Array.from([1, 1, 2, 2, 0.7, 0.7]) };
  const model = DiffusionModel.create({ layout, backbone: BACKBONES[name], schedule: { kind: 'linear', K: 1000 } }, norm, 0);
  const S = Number(arg('steps', 50));
  const H = Number(arg('horizon', 30));
  const repeats = Number(arg('repeats', 2));
  const cachePrefix = !process.argv.includes('--no-cache');
  const guided = !process.argv.includes('--unguided');
  for (const B of list(arg('batch', '1,32'))) {
    for (const R of list(arg('mcg', '1,4'))) {
      const obs = Array.from({ length: B }, (_, b) => [1 + (b % 3), 1 + (b % 2), 0, 0]);
      const goals = obs.map(() => [3, 3]);
      const opts = (seed) => ({
        horizon: H, samplingSteps: S, rng: new Rng(seed), cachePrefix,
        guidance: guided ? { objective: goalDistance(), scale: 10, mcgSamples: R, goals } : null,
      });
      await sample(model, obs, opts(0)); // warm-up
      const ms = [];
      let stats;
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        stats = (await sample(model, obs, opts(r + 1))).stats;
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      console.log(JSON.stringify({ backbone: name, backend, batch: B, mcgSamples: R, guided, cachePrefix, S, H, msPerReplan: Math.round(ms[Math.floor(ms.length / 2)]), runs: ms.map(Math.round), rows: stats.rows, backboneCalls: stats.backboneCalls, tokenEvaluations: stats.tokenEvaluations, params: model.parameterCount }));
      if (!guided) break; // MCG needs guidance
    }
  }
  model.dispose();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
