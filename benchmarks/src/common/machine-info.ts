import * as os from 'node:os';

/** The machine a benchmark ran on, saved with every result (rates depend on it and on the load). */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly platform: string;
  readonly node: string;
  /** 1-minute load average when the run ended (other processes share the cores). */
  readonly loadAverage1m: number;
  /** tfjs backend the models ran on. */
  readonly backend: string;
}

/** CPU, cores, OS, Node version, load and backend of this machine. */
export function machineInfo(backend: string): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
    backend,
  };
}
