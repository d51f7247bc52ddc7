/**
 * CPU accounting from /proc, to tell whether the server, the load generator or the disk
 * limited a phase: process CPU is in cores (1.0 = one core busy for the whole phase), the
 * machine line splits all cores into busy and iowait.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime+stime of a process in seconds, or NaN when it cannot be read. */
export function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

interface MachineTicks {
  readonly total: number;
  readonly idle: number;
  readonly iowait: number;
}

function machineTicks(): MachineTicks {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, idle: v[3] ?? 0, iowait: v[4] ?? 0 };
  } catch {
    return { total: NaN, idle: NaN, iowait: NaN };
  }
}

/** The pid of a running nats-server on this machine, if /proc shows one. */
export function findPid(command: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) return Number(entry);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}

/**
 * CPU used over one interval: per watched process in cores (`client` is this process, `other`
 * everything else on the machine, kernel included), and the machine's busy/iowait share.
 */
export interface CpuReport {
  readonly cores: Record<string, number>;
  /** Share of all cores busy (0..1). */
  readonly machineBusy: number;
  /** Share of all cores idle waiting on I/O (0..1). */
  readonly machineIowait: number;
}

/** Starts measuring; `stop()` returns the CPU used since. */
export function measureCpu(processes: Record<string, number | undefined>): { stop(): CpuReport } {
  const t0 = performance.now();
  const self0 = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(processes).map(([k, pid]) => [k, pid === undefined ? NaN : processSeconds(pid)]));
  const m0 = machineTicks();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const self = process.cpuUsage(self0);
      const cores: Record<string, number> = { client: (self.user + self.system) / 1e6 / seconds };
      for (const [k, pid] of Object.entries(processes)) cores[k] = pid === undefined ? NaN : (processSeconds(pid) - before[k]!) / seconds;
      const m1 = machineTicks();
      const total = m1.total - m0.total;
      const machineBusy = 1 - (m1.idle - m0.idle + m1.iowait - m0.iowait) / total;
      const watched = Object.values(cores).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      cores['other'] = Math.max(0, machineBusy * cpus().length - watched);
      return { cores, machineBusy, machineIowait: (m1.iowait - m0.iowait) / total };
    },
  };
}

export function cpuModel(): string {
  const list = cpus();
  return `${list[0]?.model.trim() ?? 'unknown'} × ${list.length}`;
}
