/**
 * Character tries of prefixes (or, walked backwards, suffixes), shared by the value indexes:
 * one walk along a value finds every stored prefix of it.
 *
 * Hot path: every string value at a path with prefix, suffix or wildcard matchers walks one or
 * more of these, so edges are found by array index for ASCII characters (a map only for the
 * rest), labels are compared as numbers (walks over strings and over event bytes alike) and
 * a walk reports the id lists it passes rather than copying ids.
 */

/** Receives the ids of satisfied conditions. */
export interface HitSink {
  hit(cond: number): void;
}

/** Edges whose first character is below this are found by array index. */
const DIRECT = 128;

interface TrieNode<T> {
  /** Edges by first character (in walk order) below DIRECT, indexed by it; null when none. */
  direct: Array<TrieEdge<T> | undefined> | null;
  /** Edges by first character from DIRECT up, or null when there are none. */
  wide: Map<number, TrieEdge<T>> | null;
  ids: T[] | null;
}

interface TrieEdge<T> {
  /** The characters this edge consumes: units[from, from + length) of its trie's pool. */
  from: number;
  length: number;
  node: TrieNode<T>;
}

function newNode<T>(ids: T[] | null): TrieNode<T> {
  return { direct: null, wide: null, ids };
}

function edgeOf<T>(node: TrieNode<T>, c: number): TrieEdge<T> | undefined {
  const direct = node.direct;
  if (direct !== null && c < direct.length) return direct[c];
  return c < DIRECT || node.wide === null ? undefined : node.wide.get(c);
}

function setEdge<T>(node: TrieNode<T>, c: number, edge: TrieEdge<T>): void {
  if (c >= DIRECT) {
    (node.wide ??= new Map()).set(c, edge);
    return;
  }
  // Only as long as the highest character needs (digits, say, need 58 slots, not 128).
  let direct = node.direct;
  if (direct === null || direct.length <= c) {
    const longer = new Array<TrieEdge<T> | undefined>(c + 1).fill(undefined);
    if (direct !== null) for (let i = 0; i < direct.length; i++) longer[i] = direct[i];
    node.direct = direct = longer;
  }
  direct[c] = edge;
}

/**
 * Prefixes (or, walked backwards, suffixes) of many conditions, as a radix tree: chains of
 * single-child nodes are one edge, so a lookup compares whole labels instead of doing a
 * lookup per character. T is what is stored at a prefix.
 *
 * Labels are runs of one pool of UTF-16 units, so a walk compares flat numbers with the
 * value's characters, or with the bytes of ASCII event text (walkBytes) where the value was
 * never cut out as a string.
 */
export class CharTrie<T = number> {
  private readonly root: TrieNode<T> = newNode(null);
  /** Id lists met by the last walk (the walk is not re-entrant; nothing nests). */
  private readonly met: T[][] = [];
  /** The labels' units, in walk order (reversed for suffix tries). */
  private units = new Uint16Array(16);
  private unitsLen = 0;

  constructor(private readonly backwards: boolean) {}

  add(value: string, id: T): void {
    const walk = this.backwards ? value.split('').reverse().join('') : value; // UTF-16 units, as walked
    const units = this.units;
    let node = this.root;
    let k = 0;
    while (k < walk.length) {
      const c = walk.charCodeAt(k);
      const edge = edgeOf(node, c);
      if (!edge) {
        setEdge(node, c, { from: this.store(walk, k), length: walk.length - k, node: newNode([id]) });
        return;
      }
      let l = 0;
      while (l < edge.length && k + l < walk.length && units[edge.from + l] === walk.charCodeAt(k + l)) l++;
      if (l < edge.length) {
        const mid = newNode<T>(null);
        setEdge(mid, units[edge.from + l]!, { from: edge.from + l, length: edge.length - l, node: edge.node });
        edge.length = l;
        edge.node = mid;
      }
      node = edge.node;
      k += l;
    }
    (node.ids ??= []).push(id);
  }

  /** Appends walk[k ..) to the pool; returns where it starts. */
  private store(walk: string, k: number): number {
    const from = this.unitsLen;
    const n = walk.length - k;
    if (from + n > this.units.length) {
      const bigger = new Uint16Array(Math.max(2 * this.units.length, from + n));
      bigger.set(this.units);
      this.units = bigger;
    }
    for (let j = 0; j < n; j++) this.units[from + j] = walk.charCodeAt(k + j);
    this.unitsLen = from + n;
    return from;
  }

  /**
   * Walks `value` and returns how many nodes with ids it passed; their id lists are
   * lists()[0 .. count), shortest prefix (suffix) first, valid until the next walk.
   */
  walk(value: string): number {
    const met = this.met;
    const units = this.units;
    const back = this.backwards;
    const n = value.length;
    let count = 0;
    let node = this.root;
    let k = 0;
    for (;;) {
      if (node.ids !== null) met[count++] = node.ids;
      if (k === n) return count;
      const edge = edgeOf(node, value.charCodeAt(back ? n - 1 - k : k));
      if (edge === undefined) return count;
      const l = edge.length;
      if (k + l > n) return count;
      const from = edge.from;
      if (back) {
        for (let j = 1; j < l; j++) if (units[from + j] !== value.charCodeAt(n - 1 - k - j)) return count;
      } else {
        for (let j = 1; j < l; j++) if (units[from + j] !== value.charCodeAt(k + j)) return count;
      }
      node = edge.node;
      k += l;
    }
  }

  /**
   * walk() over ASCII text in bytes, b[start, end), each byte read through `map` (SAME_BYTE,
   * or LOWER_BYTE to walk the text's foldCase).
   */
  walkBytes(b: Uint8Array, start: number, end: number, map: Uint8Array): number {
    const met = this.met;
    const units = this.units;
    const back = this.backwards;
    const n = end - start;
    let count = 0;
    let node = this.root;
    let k = 0;
    for (;;) {
      if (node.ids !== null) met[count++] = node.ids;
      if (k === n) return count;
      const edge = edgeOf(node, map[b[back ? end - 1 - k : start + k]!]!);
      if (edge === undefined) return count;
      const l = edge.length;
      if (k + l > n) return count;
      const from = edge.from;
      if (back) {
        for (let j = 1, at = end - 1 - k - 1; j < l; j++, at--) if (units[from + j] !== map[b[at]!]) return count;
      } else {
        for (let j = 1, at = start + k + 1; j < l; j++, at++) if (units[from + j] !== map[b[at]!]) return count;
      }
      node = edge.node;
      k += l;
    }
  }

  /** The id lists of the last walk(). */
  lists(): readonly T[][] {
    return this.met;
  }

  /** Reports every condition id stored at a prefix (suffix) of `value`. */
  collect(this: CharTrie<number>, value: string, sink: HitSink): void {
    this.report(this.walk(value), sink);
  }

  /** collect() over ASCII text in bytes (walkBytes). */
  collectBytes(this: CharTrie<number>, b: Uint8Array, start: number, end: number, map: Uint8Array, sink: HitSink): void {
    this.report(this.walkBytes(b, start, end, map), sink);
  }

  private report(this: CharTrie<number>, count: number, sink: HitSink): void {
    const met = this.met;
    for (let i = 0; i < count; i++) {
      const ids = met[i]!;
      for (let j = 0; j < ids.length; j++) sink.hit(ids[j]!);
    }
  }
}
