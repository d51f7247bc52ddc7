/** Latency samples and their percentiles; counters of a timed phase. */

/** A growable buffer of latency samples in milliseconds. */
export class Latencies {
  private buf = new Float64Array(1 << 14);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  /** p50/p90/p99/max in ms (NaN when there are no samples). */
  summary(): LatencySummary {
    if (this.n === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN };
    const sorted = this.buf.slice(0, this.n).sort();
    const at = (q: number): number => sorted[Math.min(this.n - 1, Math.floor(q * this.n))]!;
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[this.n - 1]! };
  }
}

export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Formats milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Formats a rate with thousands separators. */
export function rate(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return Math.round(value).toLocaleString('en-US');
}

export const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));
