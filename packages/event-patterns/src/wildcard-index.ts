/**
 * Many wildcards at one field path, filed so that a value is checked in full only against the
 * few wildcards that could match it: by their literal first piece (a prefix trie), else by
 * their literal last piece (a suffix trie), else — `*x*y*` — by one two-character piece of
 * their longest literal, which any matching value must contain. Only wildcards whose literals
 * are all shorter than two characters (`*`, `*a*`) are checked one by one.
 */
import { CharTrie } from './trie.js';
import { wildcardMatches, type Wildcard } from './wildcard.js';

interface Entry {
  /** What the caller gets back (a condition id, or an anything-but entry). */
  readonly id: number;
  readonly wildcard: Wildcard;
  /** Position in `infixStamp` (infix entries only). */
  readonly slot: number;
}

/** Buckets of two-character pieces; a power of two. */
const BUCKETS = 1024;

function bucketOf(a: number, b: number): number {
  return (a * 31 + b) & (BUCKETS - 1);
}

export class WildcardIndex {
  private byPrefix: CharTrie<Entry> | null = null;
  private bySuffix: CharTrie<Entry> | null = null;
  private infix: Array<Entry[] | undefined> | null = null;
  private infixCount = 0;
  /** Per infix entry: the tick of the last value it was checked against (a bucket may repeat). */
  private infixStamp = new Int32Array(0);
  private tick = 0;
  private readonly oneByOne: Entry[] = [];
  /** Scratch list of trie entries (the index is not re-entrant; nothing nests). */
  private readonly found: Entry[] = [];
  /** Ids of the wildcards that matched the last value given to find(). */
  readonly out: number[] = [];

  add(id: number, wildcard: Wildcard): void {
    const pieces = wildcard.pieces;
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    if (first !== '') return (this.byPrefix ??= new CharTrie(false)).add(first, { id, wildcard, slot: -1 });
    if (last !== '') return (this.bySuffix ??= new CharTrie(true)).add(last, { id, wildcard, slot: -1 });
    let longest = '';
    for (const p of pieces) if (p.length > longest.length) longest = p;
    if (longest.length < 2) {
      this.oneByOne.push({ id, wildcard, slot: -1 });
      return;
    }
    const infix = (this.infix ??= new Array<Entry[] | undefined>(BUCKETS));
    // The least crowded bucket among the piece's two-character pieces.
    let best = -1;
    for (let k = 0; k + 1 < longest.length; k++) {
      const b = bucketOf(longest.charCodeAt(k), longest.charCodeAt(k + 1));
      if (best < 0 || (infix[b]?.length ?? 0) < (infix[best]?.length ?? 0)) best = b;
    }
    const slot = this.infixCount++;
    if (this.infixStamp.length < this.infixCount) {
      const bigger = new Int32Array(this.infixCount * 2);
      bigger.set(this.infixStamp);
      this.infixStamp = bigger;
    }
    (infix[best] ??= []).push({ id, wildcard, slot });
  }

  /** Fills `out` with the ids of the wildcards that match `value`; returns their count. */
  find(value: string): number {
    const out = this.out;
    out.length = 0;
    const found = this.found;
    if (this.byPrefix || this.bySuffix) {
      found.length = 0;
      this.byPrefix?.gather(value, found);
      this.bySuffix?.gather(value, found);
      for (const e of found) if (wildcardMatches(e.wildcard, value)) out.push(e.id);
    }
    if (this.infix) this.findInfix(value, this.infix);
    for (const e of this.oneByOne) if (wildcardMatches(e.wildcard, value)) out.push(e.id);
    return out.length;
  }

  /** One pass over the value's two-character pieces, checking the wildcards filed under each. */
  private findInfix(value: string, infix: ReadonlyArray<Entry[] | undefined>): void {
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const stamp = this.infixStamp;
    let a = value.charCodeAt(0);
    for (let k = 1; k < value.length; k++) {
      const b = value.charCodeAt(k);
      const bucket = infix[bucketOf(a, b)];
      a = b;
      if (bucket === undefined) continue;
      for (const e of bucket) {
        if (stamp[e.slot] === tick) continue;
        stamp[e.slot] = tick;
        if (wildcardMatches(e.wildcard, value)) this.out.push(e.id);
      }
    }
  }

  private restart(): number {
    this.infixStamp.fill(0);
    return (this.tick = 1);
  }
}
