/**
 * Character tries of prefixes (or, walked backwards, suffixes), shared by the value indexes:
 * one walk along a value finds every stored prefix of it.
 *
 * Hot path: every string value at a path with prefix, suffix or wildcard matchers walks one or
 * more of these, so edges are found by array index for ASCII characters (a map only for the
 * rest) and a walk reports the id lists it passes rather than copying ids.
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
  /** The characters this edge consumes, in walk order (reversed for suffix tries). */
  label: string;
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
 */
export class CharTrie<T = number> {
  private readonly root: TrieNode<T> = newNode(null);
  /** Id lists met by the last walk (the walk is not re-entrant; nothing nests). */
  private readonly met: T[][] = [];

  constructor(private readonly backwards: boolean) {}

  add(value: string, id: T): void {
    const walk = this.backwards ? value.split('').reverse().join('') : value; // UTF-16 units, as walked
    let node = this.root;
    let k = 0;
    while (k < walk.length) {
      const c = walk.charCodeAt(k);
      const edge = edgeOf(node, c);
      if (!edge) {
        setEdge(node, c, { label: walk.slice(k), node: newNode([id]) });
        return;
      }
      let l = 0;
      while (l < edge.label.length && k + l < walk.length && edge.label.charCodeAt(l) === walk.charCodeAt(k + l)) l++;
      if (l < edge.label.length) {
        const mid = newNode<T>(null);
        setEdge(mid, edge.label.charCodeAt(l), { label: edge.label.slice(l), node: edge.node });
        edge.label = edge.label.slice(0, l);
        edge.node = mid;
      }
      node = edge.node;
      k += l;
    }
    (node.ids ??= []).push(id);
  }

  /**
   * Walks `value` and returns how many nodes with ids it passed; their id lists are
   * lists()[0 .. count), shortest prefix (suffix) first, valid until the next walk.
   */
  walk(value: string): number {
    const met = this.met;
    let count = 0;
    let node = this.root;
    const n = value.length;
    let k = 0;
    for (;;) {
      if (node.ids !== null) met[count++] = node.ids;
      if (k === n) return count;
      const edge = edgeOf(node, value.charCodeAt(this.backwards ? n - 1 - k : k));
      if (edge === undefined) return count;
      const label = edge.label;
      const l = label.length;
      if (k + l > n) return count;
      if (this.backwards) {
        for (let j = 1; j < l; j++) if (label.charCodeAt(j) !== value.charCodeAt(n - 1 - k - j)) return count;
      } else if (l > 1 && !value.startsWith(label, k)) {
        return count;
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
    const count = this.walk(value);
    const met = this.met;
    for (let i = 0; i < count; i++) {
      const ids = met[i]!;
      for (let j = 0; j < ids.length; j++) sink.hit(ids[j]!);
    }
  }
}
