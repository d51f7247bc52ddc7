/**
 * The matchers registered at one field path, indexed so that finding the conditions a leaf
 * value satisfies costs the same whether 5 or 50,000 rules look at that path: hash maps for
 * exact strings, numbers, folded strings and literals; character tries for prefixes and
 * suffixes (walked once along the value); a segment tree for numeric ranges. Only
 * wildcard, cidr and anything-but are checked one by one.
 */
import { Leaf, LeafKind, matchLeaf } from './leaf.js';
import type { Matcher } from './model.js';
import type { NumberKey } from './numbers.js';

/** One matcher of one condition, registered at a path. */
export interface Registration {
  readonly cond: number;
  readonly matcher: Matcher;
}

/** Receives the ids of satisfied conditions. */
export interface HitSink {
  hit(cond: number): void;
}

interface TrieNode {
  next: Map<number, TrieNode> | null;
  ids: number[] | null;
}

/** Prefixes (or, walked backwards, suffixes) of many conditions. */
class CharTrie {
  private readonly root: TrieNode = { next: null, ids: null };

  constructor(private readonly backwards: boolean) {}

  add(value: string, id: number): void {
    let node = this.root;
    const n = value.length;
    for (let k = 0; k < n; k++) {
      const code = value.charCodeAt(this.backwards ? n - 1 - k : k);
      node.next ??= new Map();
      let child = node.next.get(code);
      if (!child) {
        child = { next: null, ids: null };
        node.next.set(code, child);
      }
      node = child;
    }
    (node.ids ??= []).push(id);
  }

  collect(value: string, sink: HitSink): void {
    let node: TrieNode | undefined = this.root;
    const n = value.length;
    for (let k = 0; ; k++) {
      if (node.ids) for (const id of node.ids) sink.hit(id);
      if (k === n || node.next === null) return;
      node = node.next.get(value.charCodeAt(this.backwards ? n - 1 - k : k));
      if (!node) return;
    }
  }
}

interface RangeEntry {
  readonly cond: number;
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
}

/**
 * Numeric ranges over the whole double line. The distinct finite bounds cut the line into
 * 2m+1 elementary pieces (open gaps and the bound points themselves); each range covers a
 * run of pieces and is stored in O(log m) segment-tree nodes; a value's conditions are those
 * on the path from the root to its piece.
 */
class RangeIndex {
  private readonly bounds: number[];
  private readonly tree: Array<number[] | undefined>;
  private readonly pieces: number;

  constructor(entries: readonly RangeEntry[]) {
    const all = new Set<number>();
    for (const e of entries) {
      if (Number.isFinite(e.lo)) all.add(e.lo);
      if (Number.isFinite(e.hi)) all.add(e.hi);
    }
    this.bounds = [...all].sort((a, b) => a - b);
    this.pieces = 2 * this.bounds.length + 1;
    this.tree = [];
    for (const e of entries) {
      const from = e.lo === -Infinity ? 0 : 2 * this.indexOf(e.lo) + (e.loOpen ? 2 : 1);
      const to = e.hi === Infinity ? this.pieces - 1 : 2 * this.indexOf(e.hi) + (e.hiOpen ? 0 : 1);
      if (from <= to) this.insert(1, 0, this.pieces - 1, from, to, e.cond);
    }
  }

  private indexOf(bound: number): number {
    return this.lowerBound(bound);
  }

  /** First index whose bound is >= x (bounds.length if none). */
  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bounds[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

  collect(x: number, sink: HitSink): void {
    if (x !== x) return; // NaN is in no range
    const i = this.lowerBound(x);
    const piece = i < this.bounds.length && this.bounds[i] === x ? 2 * i + 1 : 2 * i;
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

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key);
  if (ids) ids.push(id);
  else map.set(key, [id]);
}

function hitAll(ids: readonly number[] | undefined, sink: HitSink): void {
  if (ids) for (const id of ids) sink.hit(id);
}

/** All matchers at one path, indexed by kind. Built from registrations; immutable after. */
export class ValueIndex {
  private readonly strings = new Map<string, number[]>();
  private readonly numbers = new Map<NumberKey, number[]>();
  private readonly folded = new Map<string, number[]>();
  private readonly literals: [number[], number[], number[]] = [[], [], []]; // true, false, null
  private prefix: CharTrie | null = null;
  private suffix: CharTrie | null = null;
  private prefixFolded: CharTrie | null = null;
  private suffixFolded: CharTrie | null = null;
  private ranges: RangeIndex | null = null;
  private readonly any: number[] = [];
  private readonly oneByOne: Registration[] = [];
  private needsFold = false;

  constructor(registrations: readonly Registration[]) {
    const ranges: RangeEntry[] = [];
    for (const { cond, matcher: m } of registrations) {
      switch (m.kind) {
        case 'string':
          push(this.strings, m.value, cond);
          break;
        case 'number':
          push(this.numbers, m.key, cond);
          break;
        case 'literal':
          this.literals[m.value === true ? 0 : m.value === false ? 1 : 2].push(cond);
          break;
        case 'equals-ignore-case':
          push(this.folded, m.value, cond);
          this.needsFold = true;
          break;
        case 'prefix':
          if (m.fold) (this.prefixFolded ??= new CharTrie(false)).add(m.value, cond);
          else (this.prefix ??= new CharTrie(false)).add(m.value, cond);
          this.needsFold ||= m.fold;
          break;
        case 'suffix':
          if (m.fold) (this.suffixFolded ??= new CharTrie(true)).add(m.value, cond);
          else (this.suffix ??= new CharTrie(true)).add(m.value, cond);
          this.needsFold ||= m.fold;
          break;
        case 'numeric':
          ranges.push({ cond, lo: m.lo, loOpen: m.loOpen, hi: m.hi, hiOpen: m.hiOpen });
          break;
        case 'exists':
          this.any.push(cond);
          break;
        default:
          this.oneByOne.push({ cond, matcher: m });
      }
    }
    if (ranges.length > 0) this.ranges = new RangeIndex(ranges);
  }

  /** Reports every condition one of whose matchers matches the leaf. */
  collect(leaf: Leaf, sink: HitSink): void {
    switch (leaf.kind) {
      case LeafKind.String: {
        const s = leaf.str;
        if (this.strings.size > 0) hitAll(this.strings.get(s), sink);
        if (this.prefix) this.prefix.collect(s, sink);
        if (this.suffix) this.suffix.collect(s, sink);
        if (this.needsFold) {
          const f = leaf.foldedString();
          if (this.folded.size > 0) hitAll(this.folded.get(f), sink);
          if (this.prefixFolded) this.prefixFolded.collect(f, sink);
          if (this.suffixFolded) this.suffixFolded.collect(f, sink);
        }
        break;
      }
      case LeafKind.Number:
        if (this.numbers.size > 0) hitAll(this.numbers.get(leaf.numberKey()), sink);
        if (this.ranges) this.ranges.collect(leaf.number(), sink);
        break;
      case LeafKind.True:
        hitAll(this.literals[0], sink);
        break;
      case LeafKind.False:
        hitAll(this.literals[1], sink);
        break;
      case LeafKind.Null:
        hitAll(this.literals[2], sink);
        break;
    }
    for (const id of this.any) sink.hit(id);
    for (const r of this.oneByOne) if (matchLeaf(r.matcher, leaf)) sink.hit(r.cond);
  }
}
