/**
 * The matchers registered at one field path, indexed so that finding the conditions a leaf
 * value satisfies costs the same whether 5 or 50,000 rules look at that path: hash maps for
 * exact strings, numbers, folded strings and literals; character tries for prefixes and
 * suffixes (walked once along the value); a segment tree for numeric ranges; one map per
 * prefix length for CIDR blocks; wildcards filed by a literal piece (WildcardIndex);
 * anything-but by what each excludes.
 */
import { CidrIndex } from './cidr-index.js';
import { Leaf, LeafKind, matchLeaf } from './leaf.js';
import type { Matcher } from './model.js';
import type { NumberKey } from './numbers.js';
import { CharTrie, type HitSink } from './trie.js';
import { RangeIndex, type RangeEntry } from './range-index.js';
import { WildcardIndex } from './wildcard-index.js';
import { hashOf, TextTable } from './text-table.js';

/** One matcher of one condition, registered at a path. */
export interface Registration {
  readonly cond: number;
  readonly matcher: Matcher;
}

export type { HitSink } from './trie.js';

/**
 * `anything-but`: each such matcher at the path holds for a value unless its positive form
 * matches it. The positive forms are indexed like ordinary matchers (maps for exact and folded
 * values; prefixes, suffixes and wildcards together in one WildcardIndex, so one walk each
 * way; IP ranges and folded affixes checked one by one), so a value costs the lookups of what
 * excludes it plus one hit per matcher not excluded — hits that happen anyway.
 */
class ExclusionIndex {
  /** One entry per anything-but matcher (a condition may hold several): its condition id. */
  private readonly entries: number[] = [];
  private readonly strings = new Map<string, number[]>();
  private readonly numbers = new Map<NumberKey, number[]>();
  private readonly folded = new Map<string, number[]>();
  /** Prefixes, suffixes and wildcards: one walk each way. */
  private affixes: WildcardIndex | null = null;
  /** IP ranges and folded affixes, checked one by one (rare in anything-but). */
  private readonly others: Array<{ readonly entry: number; readonly matcher: Matcher }> = [];
  private excluded = new Int32Array(8);
  private tick = 0;

  add(cond: number, not: readonly Matcher[]): void {
    const entry = this.entries.push(cond) - 1;
    if (this.excluded.length < this.entries.length) {
      const bigger = new Int32Array(this.entries.length * 2);
      bigger.set(this.excluded);
      this.excluded = bigger;
    }
    for (const m of not) {
      switch (m.kind) {
        case 'string':
          push(this.strings, m.value, entry);
          break;
        case 'number':
          push(this.numbers, m.key, entry);
          break;
        case 'equals-ignore-case':
          push(this.folded, m.value, entry);
          break;
        case 'prefix':
          if (m.fold) this.others.push({ entry, matcher: m });
          else (this.affixes ??= new WildcardIndex()).addPrefix(entry, m.value);
          break;
        case 'suffix':
          if (m.fold) this.others.push({ entry, matcher: m });
          else (this.affixes ??= new WildcardIndex()).addSuffix(entry, m.value);
          break;
        case 'wildcard':
          (this.affixes ??= new WildcardIndex()).add(entry, m.wildcard);
          break;
        default:
          this.others.push({ entry, matcher: m });
      }
    }
  }

  collect(leaf: Leaf, sink: HitSink): void {
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const excluded = this.excluded;
    if (leaf.kind === LeafKind.String) {
      const s = leaf.str;
      if (this.strings.size > 0) mark(this.strings.get(s), excluded, tick);
      if (this.folded.size > 0) mark(this.folded.get(leaf.foldedString()), excluded, tick);
      if (this.affixes) {
        const n = this.affixes.find(s);
        const out = this.affixes.out;
        for (let k = 0; k < n; k++) excluded[out[k]!] = tick;
      }
    } else if (leaf.kind === LeafKind.Number) {
      if (this.numbers.size > 0) mark(this.numbers.get(leaf.numberKey()), excluded, tick);
    }
    for (const o of this.others) if (matchLeaf(o.matcher, leaf)) excluded[o.entry] = tick;
    const entries = this.entries;
    for (let e = 0; e < entries.length; e++) if (excluded[e] !== tick) sink.hit(entries[e]!);
  }

  private restart(): number {
    this.excluded.fill(0);
    return (this.tick = 1);
  }
}

function mark(entries: readonly number[] | undefined, excluded: Int32Array, tick: number): void {
  if (entries) for (const e of entries) excluded[e] = tick;
}

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key);
  if (ids) ids.push(id);
  else map.set(key, [id]);
}

function hitAll(ids: readonly number[] | undefined, sink: HitSink): void {
  if (ids) for (const id of ids) sink.hit(id);
}

/** Results remembered per index at most. */
const MEMO_SIZE = 1024;
/** Memo lookups between reviews of its hit rate. */
const MEMO_WINDOW = 4096;
const NO_IDS = new Int32Array(0);

/** A HitSink that writes the ids down. */
class Recorder implements HitSink {
  readonly ids: number[] = [];
  hit(cond: number): void {
    this.ids.push(cond);
  }
}

/**
 * All matchers at one path, indexed by kind. Built from registrations; immutable after, so
 * the conditions a value satisfies can be remembered: where finding them takes more than one
 * map lookup (tries, folding, wildcards, cidr, anything-but), the result for each value is
 * kept in a bounded memo. Event fields such as source, status or city repeat a few values
 * endlessly; a field whose values rarely repeat (ids, addresses) turns the memo off after one
 * window of lookups. Where strings are only compared exactly, one table answers every string.
 * Both are TextTables, which the byte scanner probes without cutting the value out.
 */
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
  private cidrs: CidrIndex | null = null;
  private exclusions: ExclusionIndex | null = null;
  private wildcards: WildcardIndex | null = null;
  private readonly any: number[] = [];
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
        case 'cidr':
          (this.cidrs ??= new CidrIndex()).add(m.range, cond);
          break;
        case 'wildcard':
          (this.wildcards ??= new WildcardIndex()).add(cond, m.wildcard);
          break;
        case 'anything-but':
          (this.exclusions ??= new ExclusionIndex()).add(cond, m.not);
          break;
      }
    }
    if (ranges.length > 0) this.ranges = new RangeIndex(ranges);
    const exactOnly = !this.prefix && !this.suffix && !this.needsFold && !this.cidrs && !this.wildcards && !this.exclusions;
    if (exactOnly) {
      // Strings are only compared exactly: one table holds every answer, a miss is `any`.
      const texts = new TextTable<Int32Array>();
      for (const [value, ids] of this.strings) texts.add(value, hashOf(value), Int32Array.from([...ids, ...this.any]));
      this.texts = texts;
      this.textsComplete = true;
      this.missIds = Int32Array.from(this.any);
    } else {
      // A memo lookup hashes the value: worth it only where finding the conditions costs more.
      const work = (this.prefix ? 1 : 0) + (this.suffix ? 1 : 0) + (this.needsFold ? 2 : 0) + (this.cidrs ? 2 : 0)
        + (this.wildcards ? 2 : 0) + (this.exclusions ? 2 : 0);
      if (work >= 2) this.texts = new TextTable();
    }
    if (this.exclusions) this.memoNumbers = new Map();
    // A complete table serves the byte scanner (collectText); for a value already cut out,
    // the strings map answers as fast.
    this.memoizes = (this.texts !== null && !this.textsComplete) || this.memoNumbers !== null;
  }

  /** Whether collectMemo() should be used (collect() otherwise). */
  memoizes = false;

  /**
   * Conditions by string value, probed with event text in place (TextTable): a bounded memo
   * of collect()'s answers, or, where strings are only compared exactly, every answer there is.
   */
  private texts: TextTable<Int32Array> | null = null;
  /** Whether `texts` holds every string that satisfies a matcher (a miss then means missIds). */
  private textsComplete = false;
  private missIds = NO_IDS;
  private memoNumbers: Map<NumberKey, Int32Array> | null = null;
  private memoLookups = 0;
  private memoHits = 0;
  private readonly recorder = new Recorder();

  /** collect(), through the memo where there is one for the leaf's type. */
  collectMemo(leaf: Leaf, sink: HitSink): void {
    if (leaf.kind === LeafKind.String) {
      const texts = this.texts;
      if (texts !== null) {
        const s = leaf.str;
        const hash = hashOf(s);
        const known = texts.find(s, hash);
        if (known !== undefined) return this.remembered(known, sink);
        return this.missed(texts, s, hash, leaf, sink);
      }
    } else if (leaf.kind === LeafKind.Number && this.memoNumbers !== null) {
      return this.memoized(this.memoNumbers, leaf.numberKey(), leaf, sink);
    }
    this.collect(leaf, sink);
  }

  /**
   * The string value s[start, end) of ASCII text, also in b (without escapes; `hash` is its
   * hashOf): answered from the table in place where it can be, so the value is cut out of the
   * text only when it must be examined.
   */
  collectText(s: string, b: Uint8Array, start: number, end: number, hash: number, leaf: Leaf, sink: HitSink): void {
    const texts = this.texts;
    if (texts === null) {
      leaf.setString(s.slice(start, end));
      return this.collect(leaf, sink);
    }
    const known = texts.findBytes(b, start, end, hash);
    if (known !== undefined) return this.remembered(known, sink);
    const value = s.slice(start, end);
    leaf.setString(value);
    this.missed(texts, value, hash, leaf, sink);
  }

  private remembered(ids: Int32Array, sink: HitSink): void {
    for (let k = 0; k < ids.length; k++) sink.hit(ids[k]!);
    if (!this.textsComplete) {
      this.memoHits++;
      this.reviewMemo();
    }
  }

  /** A string not in `texts`: the miss answer, or collect() and remember. */
  private missed(texts: TextTable<Int32Array>, value: string, hash: number, leaf: Leaf, sink: HitSink): void {
    if (this.textsComplete) {
      const ids = this.missIds;
      for (let k = 0; k < ids.length; k++) sink.hit(ids[k]!);
      return;
    }
    const ids = this.recorder.ids;
    ids.length = 0;
    this.collect(leaf, this.recorder);
    for (let k = 0; k < ids.length; k++) sink.hit(ids[k]!);
    if (texts.size < MEMO_SIZE) texts.add(value, hash, ids.length > 0 ? Int32Array.from(ids) : NO_IDS);
    this.reviewMemo();
  }

  private memoized<K>(memo: Map<K, Int32Array>, key: K, leaf: Leaf, sink: HitSink): void {
    const known = memo.get(key);
    if (known !== undefined) {
      this.memoHits++;
      for (let k = 0; k < known.length; k++) sink.hit(known[k]!);
    } else {
      const ids = this.recorder.ids;
      ids.length = 0;
      this.collect(leaf, this.recorder);
      for (let k = 0; k < ids.length; k++) sink.hit(ids[k]!);
      if (memo.size < MEMO_SIZE) memo.set(key, ids.length > 0 ? Int32Array.from(ids) : NO_IDS);
    }
    this.reviewMemo();
  }

  /** Counts a memo lookup; after a window with too few hits, the memo turns itself off. */
  private reviewMemo(): void {
    if (++this.memoLookups === MEMO_WINDOW) {
      if (2 * this.memoHits < this.memoLookups) {
        this.texts = null;
        this.memoNumbers = null;
        this.memoizes = false;
      }
      this.memoLookups = this.memoHits = 0;
    }
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
        if (this.cidrs) this.cidrs.collect(leaf, sink);
        if (this.wildcards) this.wildcards.collect(s, sink);
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
    if (this.exclusions) this.exclusions.collect(leaf, sink);
  }
}
