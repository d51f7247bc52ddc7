/**
 * Numeric ranges over the whole double line. The distinct finite bounds cut the line into
 * 2m+1 elementary pieces (open gaps and the bound points themselves); a value's conditions are
 * those whose range covers its piece. Each piece's conditions are laid out in one flat array
 * when that stays small (a binary search and one slice per value); with heavily overlapping
 * ranges that could grow quadratic, so a segment tree holds each range in O(log m) nodes
 * instead and a value collects the lists on its root-to-leaf path.
 */
import type { HitSink } from './trie.js';

export interface RangeEntry {
  readonly cond: number;
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
}

export class RangeIndex {
  private readonly bounds: Float64Array;
  private readonly pieces: number;
  private readonly tree: Array<number[] | undefined> = [];
  /** Flat layout: piece p's conditions are ids[start[p], start[p + 1]); null when the tree is used. */
  private readonly start: Int32Array | null = null;
  private readonly ids: Int32Array | null = null;

  constructor(entries: readonly RangeEntry[]) {
    const all = new Set<number>();
    for (const e of entries) {
      if (Number.isFinite(e.lo)) all.add(e.lo);
      if (Number.isFinite(e.hi)) all.add(e.hi);
    }
    this.bounds = Float64Array.from([...all].sort((a, b) => a - b));
    this.pieces = 2 * this.bounds.length + 1;
    for (const e of entries) {
      const from = e.lo === -Infinity ? 0 : 2 * this.lowerBound(e.lo) + (e.loOpen ? 2 : 1);
      const to = e.hi === Infinity ? this.pieces - 1 : 2 * this.lowerBound(e.hi) + (e.hiOpen ? 0 : 1);
      if (from <= to) this.insert(1, 0, this.pieces - 1, from, to, e.cond);
    }
    // Flat up to 16 KB of ids beyond 8 per range: dozens of overlapping ranges (thresholds
    // `> x` at one path) stay flat, a quadratic blow-up does not.
    const flat = this.flatten(8 * entries.length + 4096);
    if (flat) {
      [this.start, this.ids] = flat;
      this.tree = [];
    }
  }

  /** First index whose bound is >= x (bounds.length if none). */
  private lowerBound(x: number): number {
    // Halving without a data-dependent branch (the comparison picks the base): a miss-predicted
    // branch per step costs more than the step.
    const bounds = this.bounds;
    let base = 0;
    let n = bounds.length;
    if (n === 0) return 0;
    while (n > 1) {
      const half = n >>> 1;
      base = bounds[base + half - 1]! < x ? base + half : base;
      n -= half;
    }
    return bounds[base]! < x ? base + 1 : base;
  }

  private insert(node: number, l: number, r: number, from: number, to: number, cond: number): void {
    if (from <= l && r <= to) {
      (this.tree[node] ??= []).push(cond);
      return;
    }
    const mid = (l + r) >>> 1;
    if (from <= mid) this.insert(2 * node, l, mid, from, to, cond);
    if (to > mid) this.insert(2 * node + 1, mid + 1, r, from, to, cond);
  }

  /** Each piece's full list, laid out flat; null when that would exceed `budget` ids. */
  private flatten(budget: number): [Int32Array, Int32Array] | null {
    const start = new Int32Array(this.pieces + 1);
    const out: number[] = [];
    const path: number[] = [];
    const walk = (node: number, l: number, r: number): boolean => {
      const own = this.tree[node];
      if (own) path.push(...own);
      if (l === r) {
        start[l] = out.length;
        out.push(...path);
        start[l + 1] = out.length;
      } else {
        const mid = (l + r) >>> 1;
        if (!walk(2 * node, l, mid) || !walk(2 * node + 1, mid + 1, r)) return false;
      }
      if (own) path.length -= own.length;
      return out.length <= budget;
    };
    return walk(1, 0, this.pieces - 1) ? [start, Int32Array.from(out)] : null;
  }

  collect(x: number, sink: HitSink): void {
    if (x !== x) return; // NaN is in no range
    const i = this.lowerBound(x);
    const piece = i < this.bounds.length && this.bounds[i] === x ? 2 * i + 1 : 2 * i;
    const start = this.start;
    if (start !== null) {
      const ids = this.ids!;
      for (let k = start[piece]!, end = start[piece + 1]!; k < end; k++) sink.hit(ids[k]!);
      return;
    }
    let node = 1;
    let l = 0;
    let r = this.pieces - 1;
    for (;;) {
      const ids = this.tree[node];
      if (ids) for (const id of ids) sink.hit(id);
      if (l === r) return;
      const mid = (l + r) >>> 1;
      if (piece <= mid) {
        node = 2 * node;
        r = mid;
      } else {
        node = 2 * node + 1;
        l = mid + 1;
      }
    }
  }
}
