/** The benchmark's printed table and the per-phase rows that feed it. */
import type { CpuReport } from './cpu.js';
import { ms, rate, type LatencySummary } from './stats.js';

export interface Row {
  readonly phase: string;
  readonly concurrency: string;
  /** Units per second. */
  readonly rate: number;
  readonly unit: string;
  readonly latency?: LatencySummary;
  /** What was counted: "412,300 ev / 41,230 req, 0 err". */
  readonly count: string;
  readonly cpu?: CpuReport;
  /** Which processes' CPU to show, in order (e.g. ['server', 'client']). */
  readonly cpuOf?: readonly string[];
}

function cpuCell(row: Row): string {
  if (!row.cpu || !row.cpuOf) return '';
  const parts = [...row.cpuOf, 'other'].map((k) => `${k[0]}${Number.isFinite(row.cpu!.cores[k]) ? row.cpu!.cores[k]!.toFixed(2) : '?'}`);
  return `${parts.join(' ')} | io ${Math.round(row.cpu.machineIowait * 100)}%`;
}

/** Renders rows as an aligned text table. */
export function table(rows: readonly Row[]): string {
  const head = ['phase', 'C', 'throughput', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'count', 'CPU cores (s=server c=client n=nats o=other) | iowait'];
  const cells = rows.map((r) => [
    r.phase,
    r.concurrency,
    `${rate(r.rate)} ${r.unit}`,
    ms(r.latency?.p50 ?? NaN),
    ms(r.latency?.p90 ?? NaN),
    ms(r.latency?.p99 ?? NaN),
    ms(r.latency?.max ?? NaN),
    r.count,
    cpuCell(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const right = new Set([1, 2, 3, 4, 5, 6]);
  const line = (c: readonly string[]): string => c.map((v, i) => (right.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Sum of a Prometheus metric over all its label sets, from /metrics text (NaN if absent). */
export function metricSum(text: string, name: string): number {
  let sum = NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const next = line[name.length];
    if (next !== ' ' && next !== '{') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    sum = (Number.isNaN(sum) ? 0 : sum) + value;
  }
  return sum;
}

export const count = (n: number): string => n.toLocaleString('en-US');
