/**
 * Character tries of prefixes (or, walked backwards, suffixes), shared by the value indexes:
 * one walk along a value finds every stored prefix of it.
 */

/** Receives the ids of satisfied conditions. */
export interface HitSink {
  hit(cond: number): void;
}

interface TrieNode<T> {
  /** Edges by their first character (in walk order). */
  edges: Map<number, TrieEdge<T>> | null;
  ids: T[] | null;
}

interface TrieEdge<T> {
  /** The characters this edge consumes, in walk order (reversed for suffix tries). */
  label: string;
  node: TrieNode<T>;
}

/**
 * Prefixes (or, walked backwards, suffixes) of many conditions, as a radix tree: chains of
 * single-child nodes are one edge, so a lookup compares whole labels instead of doing a map
 * lookup per character. T is what is stored at a prefix.
 */
export class CharTrie<T = number> {
  private readonly root: TrieNode<T> = { edges: null, ids: null };
  /** Where the last descend() stopped (the walk is not re-entrant; nothing nests). */
  private node: TrieNode<T> = this.root;

  constructor(private readonly backwards: boolean) {}

  add(value: string, id: T): void {
    const walk = this.backwards ? value.split('').reverse().join('') : value; // UTF-16 units, as walked
    let node = this.root;
    let k = 0;
    while (k < walk.length) {
      const edges = (node.edges ??= new Map());
      const edge = edges.get(walk.charCodeAt(k));
      if (!edge) {
        const leaf: TrieNode<T> = { edges: null, ids: [id] };
        edges.set(walk.charCodeAt(k), { label: walk.slice(k), node: leaf });
        return;
      }
      let l = 0;
      while (l < edge.label.length && k + l < walk.length && edge.label.charCodeAt(l) === walk.charCodeAt(k + l)) l++;
      if (l < edge.label.length) {
        const mid: TrieNode<T> = { edges: new Map(), ids: null };
        mid.edges!.set(edge.label.charCodeAt(l), { label: edge.label.slice(l), node: edge.node });
        edge.label = edge.label.slice(0, l);
        edge.node = mid;
      }
      node = edge.node;
      k += l;
    }
    (node.ids ??= []).push(id);
  }

  /**
   * From this.node, at walk position k of `value`, follows the edge that continues the value;
   * returns the new position, or -1 when no stored prefix goes further.
   */
  private descend(value: string, k: number): number {
    const edges = this.node.edges;
    const n = value.length;
    if (edges === null || k === n) return -1;
    const edge = edges.get(value.charCodeAt(this.backwards ? n - 1 - k : k));
    if (edge === undefined) return -1;
    const label = edge.label;
    const l = label.length;
    if (k + l > n) return -1;
    if (this.backwards) {
      for (let j = 1; j < l; j++) if (label.charCodeAt(j) !== value.charCodeAt(n - 1 - k - j)) return -1;
    } else if (l > 1 && !value.startsWith(label, k)) {
      return -1;
    }
    this.node = edge.node;
    return k + l;
  }

  /** Reports every condition id stored at a prefix (suffix) of `value`. */
  collect(this: CharTrie<number>, value: string, sink: HitSink): void {
    this.node = this.root;
    for (let k = 0; k >= 0; k = this.descend(value, k)) {
      const ids = this.node.ids;
      if (ids) for (const id of ids) sink.hit(id);
    }
  }

  /** Stamps every entry stored at a prefix (suffix) of `value` with `tick`. */
  mark(this: CharTrie<number>, value: string, stamps: Int32Array, tick: number): void {
    this.node = this.root;
    for (let k = 0; k >= 0; k = this.descend(value, k)) {
      const ids = this.node.ids;
      if (ids) for (const id of ids) stamps[id] = tick;
    }
  }

  /** Appends every entry stored at a prefix (suffix) of `value` to `out`. */
  gather(value: string, out: T[]): void {
    this.node = this.root;
    for (let k = 0; k >= 0; k = this.descend(value, k)) {
      const ids = this.node.ids;
      if (ids) for (const id of ids) out.push(id);
    }
  }
}
