/**
 * Many wildcards, prefixes and suffixes at one field path, so that a value is walked once
 * forwards and once backwards for all of them, and checked in full only against the few
 * wildcards that could match it. A prefix is filed as the wildcard `prefix*`, a suffix as
 * `*suffix`; wildcards by their literal first piece (a prefix trie), else by their literal
 * last piece (a suffix trie), else — `*x*y*` — by their longest literal, which any matching
 * value must contain: one of six characters or more in a PieceSet (found by skipping through
 * the value), a shorter one by one of its three- (or two-) character pieces. Only wildcards
 * whose literals are all shorter than two characters (`*`, `*a*`) are checked one by one.
 *
 * Hot path: a wildcard found through a trie is known to start (end) with the piece it was
 * filed by, so only the rest is checked — nothing at all for `abc*` and `*abc`. Every search
 * and check has a twin over ASCII event text in bytes (collectBytes), for values that were
 * never cut out as strings.
 */
import { SAME_BYTE } from './fold.js';
import { PieceSet } from './piece-set.js';
import { CharTrie, type HitSink } from './trie.js';
import { indexOfUnits, unitsAt, unitsOf } from './units.js';
import { wildcardMatches, type Wildcard } from './wildcard.js';

class Entry {
  /** Sum of the literal lengths: no shorter value matches. */
  readonly minLength: number;
  readonly firstLength: number;
  readonly last: string;
  /** The pieces as UTF-16 units, for the checks over bytes. */
  readonly units: readonly Uint16Array[];
  /** `abc*` or `*abc`: found through a trie, it matches without a check. */
  readonly plain: boolean;

  constructor(
    /** What the caller gets back (a condition id, or an anything-but entry). */
    readonly id: number,
    readonly wildcard: Wildcard,
    /** Position in `infixStamp` (infix entries only). */
    readonly slot: number,
  ) {
    const pieces = wildcard.pieces;
    let length = 0;
    for (const p of pieces) length += p.length;
    this.minLength = length;
    this.firstLength = pieces[0]!.length;
    this.last = pieces[pieces.length - 1]!;
    this.units = pieces.map(unitsOf);
    this.plain = pieces.length === 2 && (pieces[0] === '' || pieces[1] === '');
  }

  /** Whether a value that starts with the first piece matches. */
  matchesAfterFirst(value: string): boolean {
    const pieces = this.wildcard.pieces;
    const n = value.length;
    if (pieces.length === 1) return n === this.firstLength;
    if (n < this.firstLength + this.last.length) return false;
    if (this.last.length > 0 && !value.endsWith(this.last)) return false;
    return pieces.length === 2 || middleMatches(pieces, value, this.firstLength, n - this.last.length);
  }

  /** Whether a value that ends with the last piece matches (the first piece is empty). */
  matchesBeforeLast(value: string): boolean {
    const pieces = this.wildcard.pieces;
    if (value.length < this.minLength) return false;
    return pieces.length === 2 || middleMatches(pieces, value, 0, value.length - this.last.length);
  }

  /** Whether a value matches whose first and last pieces are both empty. */
  matchesInfix(value: string): boolean {
    return value.length >= this.minLength && middleMatches(this.wildcard.pieces, value, 0, value.length);
  }

  /** matchesAfterFirst() of the ASCII text b[start, end). */
  matchesAfterFirstBytes(b: Uint8Array, start: number, end: number): boolean {
    const units = this.units;
    const n = end - start;
    if (units.length === 1) return n === this.firstLength;
    const lastLength = this.last.length;
    if (n < this.firstLength + lastLength) return false;
    if (lastLength > 0 && !unitsAt(b, end - lastLength, end, units[units.length - 1]!)) return false;
    return units.length === 2 || middleMatchesBytes(units, b, start + this.firstLength, end - lastLength);
  }

  /** matchesBeforeLast() of the ASCII text b[start, end). */
  matchesBeforeLastBytes(b: Uint8Array, start: number, end: number): boolean {
    const units = this.units;
    if (end - start < this.minLength) return false;
    return units.length === 2 || middleMatchesBytes(units, b, start, end - this.last.length);
  }

  /** matchesInfix() of the ASCII text b[start, end). */
  matchesInfixBytes(b: Uint8Array, start: number, end: number): boolean {
    return end - start >= this.minLength && middleMatchesBytes(this.units, b, start, end);
  }
}

/** middleMatches() over ASCII text in bytes: the inner pieces in order within b[from, limit). */
function middleMatchesBytes(units: readonly Uint16Array[], b: Uint8Array, from: number, limit: number): boolean {
  let pos = from;
  for (let i = 1; i < units.length - 1; i++) {
    const u = units[i]!;
    const at = indexOfUnits(b, pos, limit, u);
    if (at < 0) return false;
    pos = at + u.length;
  }
  return true;
}

/** The inner pieces found in order, greedily, within value[from, limit). */
function middleMatches(pieces: readonly string[], value: string, from: number, limit: number): boolean {
  let pos = from;
  for (let i = 1; i < pieces.length - 1; i++) {
    const p = pieces[i]!;
    const at = value.indexOf(p, pos);
    if (at < 0 || at + p.length > limit) return false;
    pos = at + p.length;
  }
  return true;
}

/** find()'s sink: writes the ids down, reusing its array. */
class OutSink implements HitSink {
  readonly ids: number[] = [];
  count = 0;
  hit(id: number): void {
    this.ids[this.count++] = id;
  }
}

/** Literals at least this long are found by skipping (PieceSet), not at every position. */
const LONG_PIECE = 6;

/** Buckets of short pieces; a power of two. */
const BUCKETS = 1024;

function bucketOf2(a: number, b: number): number {
  return (a * 31 + b) & (BUCKETS - 1);
}

function bucketOf3(a: number, b: number, c: number): number {
  return (a * 961 + b * 31 + c) & (BUCKETS - 1);
}

export class WildcardIndex {
  private byPrefix: CharTrie<Entry> | null = null;
  private bySuffix: CharTrie<Entry> | null = null;
  /** Infix wildcards with a literal of LONG_PIECE characters or more, by that literal. */
  private long: PieceSet<Entry> | null = null;
  /** Infix wildcards by a three-character piece (longest literal of three to LONG_PIECE - 1). */
  private infix3: Array<Entry[] | undefined> | null = null;
  /** Infix wildcards by a two-character piece (longest literal of two). */
  private infix2: Array<Entry[] | undefined> | null = null;
  private infixCount = 0;
  /** Per infix entry: the tick of the last value it was checked against (a bucket may repeat). */
  private infixStamp = new Int32Array(0);
  private tick = 0;
  private readonly oneByOne: Entry[] = [];
  private readonly outSink = new OutSink();
  /** Ids of what matched the last value given to find(): out[0 .. count). */
  readonly out: number[] = this.outSink.ids;

  /** Files a plain prefix (matched by every value that starts with it). */
  addPrefix(id: number, prefix: string): void {
    // source is only for messages, which plain affixes never produce.
    this.add(id, { source: '', pieces: [prefix, ''] });
  }

  /** Files a plain suffix (matched by every value that ends with it). */
  addSuffix(id: number, suffix: string): void {
    this.add(id, { source: '', pieces: ['', suffix] });
  }

  add(id: number, wildcard: Wildcard): void {
    const pieces = wildcard.pieces;
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    if (first !== '') return (this.byPrefix ??= new CharTrie(false)).add(first, new Entry(id, wildcard, -1));
    if (last !== '') return (this.bySuffix ??= new CharTrie(true)).add(last, new Entry(id, wildcard, -1));
    let longest = '';
    for (const p of pieces) if (p.length > longest.length) longest = p;
    if (longest.length < 2) {
      this.oneByOne.push(new Entry(id, wildcard, -1));
      return;
    }
    if (longest.length >= LONG_PIECE) {
      (this.long ??= new PieceSet()).add(longest, new Entry(id, wildcard, -1));
      return;
    }
    const slot = this.infixCount++;
    if (this.infixStamp.length < this.infixCount) {
      const bigger = new Int32Array(this.infixCount * 2);
      bigger.set(this.infixStamp);
      this.infixStamp = bigger;
    }
    const entry = new Entry(id, wildcard, slot);
    if (longest.length === 2) {
      const infix = (this.infix2 ??= new Array<Entry[] | undefined>(BUCKETS).fill(undefined));
      (infix[bucketOf2(longest.charCodeAt(0), longest.charCodeAt(1))] ??= []).push(entry);
      return;
    }
    // The least crowded bucket among the piece's three-character pieces.
    const infix = (this.infix3 ??= new Array<Entry[] | undefined>(BUCKETS).fill(undefined));
    let best = -1;
    for (let k = 0; k + 2 < longest.length; k++) {
      const b = bucketOf3(longest.charCodeAt(k), longest.charCodeAt(k + 1), longest.charCodeAt(k + 2));
      if (best < 0 || (infix[b]?.length ?? 0) < (infix[best]?.length ?? 0)) best = b;
    }
    (infix[best] ??= []).push(entry);
  }

  /** Fills out[0 ..) with the ids of what matches `value`, each once; returns their count. */
  find(value: string): number {
    const out = this.outSink;
    out.count = 0;
    this.collect(value, out);
    return out.count;
  }

  /** Reports the id of everything that matches `value`, each once. */
  collect(value: string, sink: HitSink): void {
    if (this.byPrefix !== null) this.collectByPrefix(this.byPrefix, value, sink);
    if (this.bySuffix !== null) this.collectBySuffix(this.bySuffix, value, sink);
    if (this.long !== null) this.collectLong(this.long, value, sink);
    if (this.infix3 !== null || this.infix2 !== null) this.collectInfix(value, sink);
    const oneByOne = this.oneByOne;
    for (let i = 0; i < oneByOne.length; i++) {
      const e = oneByOne[i]!;
      if (wildcardMatches(e.wildcard, value)) sink.hit(e.id);
    }
  }

  /** find() over ASCII text in bytes, b[start, end). */
  findBytes(b: Uint8Array, start: number, end: number): number {
    const out = this.outSink;
    out.count = 0;
    this.collectBytes(b, start, end, out);
    return out.count;
  }

  /** collect() over ASCII text in bytes, b[start, end): the value is never cut out. */
  collectBytes(b: Uint8Array, start: number, end: number, sink: HitSink): void {
    if (this.byPrefix !== null) {
      const lists = this.byPrefix.lists();
      for (let i = 0, n = this.byPrefix.walkBytes(b, start, end, SAME_BYTE); i < n; i++) {
        const entries = lists[i]!;
        for (let j = 0; j < entries.length; j++) {
          const e = entries[j]!;
          if (e.plain || e.matchesAfterFirstBytes(b, start, end)) sink.hit(e.id);
        }
      }
    }
    if (this.bySuffix !== null) {
      const lists = this.bySuffix.lists();
      for (let i = 0, n = this.bySuffix.walkBytes(b, start, end, SAME_BYTE); i < n; i++) {
        const entries = lists[i]!;
        for (let j = 0; j < entries.length; j++) {
          const e = entries[j]!;
          if (e.plain || e.matchesBeforeLastBytes(b, start, end)) sink.hit(e.id);
        }
      }
    }
    if (this.long !== null) {
      const found = this.long.found;
      for (let i = 0, n = this.long.findBytes(b, start, end); i < n; i++) {
        const e = found[i]!;
        if (e.matchesInfixBytes(b, start, end)) sink.hit(e.id);
      }
    }
    if (this.infix3 !== null || this.infix2 !== null) this.collectInfixBytes(b, start, end, sink);
    const oneByOne = this.oneByOne;
    for (let i = 0; i < oneByOne.length; i++) {
      const e = oneByOne[i]!;
      // `*`-less wildcards here are only "", which matches only "".
      if (e.units.length === 1 ? end === start : e.matchesInfixBytes(b, start, end)) sink.hit(e.id);
    }
  }

  /** collectInfix() over ASCII text in bytes. */
  private collectInfixBytes(b: Uint8Array, start: number, end: number, sink: HitSink): void {
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const infix2 = this.infix2;
    const infix3 = this.infix3;
    let x = b[start]!;
    let y = b[start + 1]!;
    for (let k = start + 2; k <= end; k++) {
      if (infix2 !== null) this.checkBytes(infix2[bucketOf2(x, y)], b, start, end, tick, sink);
      if (k === end) break;
      const z = b[k]!;
      if (infix3 !== null) this.checkBytes(infix3[bucketOf3(x, y, z)], b, start, end, tick, sink);
      x = y;
      y = z;
    }
  }

  private checkBytes(bucket: Entry[] | undefined, b: Uint8Array, start: number, end: number, tick: number, sink: HitSink): void {
    if (bucket === undefined) return;
    const stamp = this.infixStamp;
    for (let i = 0; i < bucket.length; i++) {
      const e = bucket[i]!;
      if (stamp[e.slot] === tick) continue;
      stamp[e.slot] = tick;
      if (e.matchesInfixBytes(b, start, end)) sink.hit(e.id);
    }
  }

  private collectByPrefix(trie: CharTrie<Entry>, value: string, sink: HitSink): void {
    const lists = trie.lists();
    for (let i = 0, n = trie.walk(value); i < n; i++) {
      const entries = lists[i]!;
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j]!;
        if (e.plain || e.matchesAfterFirst(value)) sink.hit(e.id);
      }
    }
  }

  private collectBySuffix(trie: CharTrie<Entry>, value: string, sink: HitSink): void {
    const lists = trie.lists();
    for (let i = 0, n = trie.walk(value); i < n; i++) {
      const entries = lists[i]!;
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j]!;
        if (e.plain || e.matchesBeforeLast(value)) sink.hit(e.id);
      }
    }
  }

  private collectLong(long: PieceSet<Entry>, value: string, sink: HitSink): void {
    const found = long.found;
    for (let i = 0, n = long.find(value); i < n; i++) {
      const e = found[i]!;
      if (e.matchesInfix(value)) sink.hit(e.id);
    }
  }

  /** One pass over the value's short pieces, checking the wildcards filed under each. */
  private collectInfix(value: string, sink: HitSink): void {
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const infix2 = this.infix2;
    const infix3 = this.infix3;
    let a = value.charCodeAt(0);
    let b = value.charCodeAt(1);
    for (let k = 2; k <= value.length; k++) {
      if (infix2 !== null) this.check(infix2[bucketOf2(a, b)], value, tick, sink);
      if (k === value.length) break;
      const c = value.charCodeAt(k);
      if (infix3 !== null) this.check(infix3[bucketOf3(a, b, c)], value, tick, sink);
      a = b;
      b = c;
    }
  }

  private check(bucket: Entry[] | undefined, value: string, tick: number, sink: HitSink): void {
    if (bucket === undefined) return;
    const stamp = this.infixStamp;
    for (let i = 0; i < bucket.length; i++) {
      const e = bucket[i]!;
      if (stamp[e.slot] === tick) continue;
      stamp[e.slot] = tick;
      if (e.matchesInfix(value)) sink.hit(e.id);
    }
  }

  private restart(): number {
    this.infixStamp.fill(0);
    return (this.tick = 1);
  }
}
