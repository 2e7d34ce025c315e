'use strict';
/**
 * Shared pieces of the plain-JS benchmark scripts: the machine description every result file carries, and the
 * dated JSON writer (`benchmarks/results/<name>-<YYYY-MM-DD>.json`).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** CPU, cores, OS, Node version and 1-minute load (other processes share the cores; read rates with it). */
function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
}

/** Writes `report` (with `date` and `machine` added first) to `benchmarks/results/<name>-<date>.json`; returns the path. */
function writeReport(name, report) {
  const now = new Date();
  const full = { benchmark: name, date: now.toISOString(), machine: machineInfo(), ...report };
  const out = path.join(__dirname, 'results', `${name}-${now.toISOString().slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
  return out;
}

module.exports = { machineInfo, writeReport };
