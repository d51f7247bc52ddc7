/**
 * The matchers registered at one field path, indexed so that finding the conditions a leaf
 * value satisfies costs the same whether 5 or 50,000 rules look at that path: hash tables for
 * exact strings, numbers, folded strings and literals; character tries for prefixes and
 * suffixes (walked once along the value); elementary pieces for numeric ranges (RangeIndex);
 * address ranges for CIDR blocks (CidrIndex); wildcards filed by a literal piece
 * (WildcardIndex); anything-but by what each excludes. Each has a twin over ASCII event text
 * in bytes (collectText), so a value that no remembered table answers is examined where it
 * stands and cut out as a string only for a matcher that needs one.
 */
import { CidrIndex } from './cidr-index.js';
import { LOWER_BYTE, SAME_BYTE } from './fold.js';
import { Leaf, LeafKind, matchLeaf } from './leaf.js';
import type { Matcher } from './model.js';
import { NumberTable } from './number-table.js';
import type { NumberKey } from './numbers.js';
import { CharTrie, type HitSink } from './trie.js';
import { RangeIndex, type RangeEntry } from './range-index.js';
import { WildcardIndex } from './wildcard-index.js';
import { HASH_PRIME, HASH_SEED, hashOf, TextTable } from './text-table.js';

/** One matcher of one condition, registered at a path. */
export interface Registration {
  readonly cond: number;
  readonly matcher: Matcher;
  /**
   * The condition is checked only when its alternative is otherwise a candidate (see
   * Engine): hits on it may be handed over as a list instead of one by one.
   */
  readonly lazy: boolean;
}

export type { HitSink } from './trie.js';

/**
 * A HitSink that also takes a remembered answer whole: an IdList, stored at `at` in a pool as
 * [n, e, the n ids: e eager ones, then the lazy ones in ascending order].
 */
export interface ListSink extends HitSink {
  hitList(pool: Int32Array, at: number): void;
}

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
  /** `strings` and `folded` again, probed with event bytes (null while empty). */
  private stringTable: TextTable<number[]> | null = null;
  private foldedTable: TextTable<number[]> | null = null;
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
          pushText((this.stringTable ??= new TextTable()), m.value, entry);
          break;
        case 'number':
          push(this.numbers, m.key, entry);
          break;
        case 'equals-ignore-case':
          push(this.folded, m.value, entry);
          pushText((this.foldedTable ??= new TextTable()), m.value, entry);
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
      const s = leaf.string();
      if (this.strings.size > 0) mark(this.strings.get(s), excluded, tick);
      if (this.folded.size > 0) mark(this.folded.get(leaf.foldedString()), excluded, tick);
      if (this.affixes) this.markAll(this.affixes.find(s), tick);
    } else if (leaf.kind === LeafKind.Number) {
      if (this.numbers.size > 0) mark(this.numbers.get(leaf.numberKey()), excluded, tick);
    }
    this.finish(leaf, tick, sink);
  }

  /**
   * collect() for a string leaf still in ASCII event text: b[start, end), hashed (hashOf) as
   * `hash`, the leaf set to it with setText.
   */
  collectText(b: Uint8Array, start: number, end: number, hash: number, leaf: Leaf, sink: HitSink): void {
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const excluded = this.excluded;
    if (this.stringTable !== null) mark(this.stringTable.findBytes(b, start, end, hash), excluded, tick);
    if (this.foldedTable !== null) mark(findFolded(this.foldedTable, b, start, end), excluded, tick);
    if (this.affixes) this.markAll(this.affixes.findBytes(b, start, end), tick);
    this.finish(leaf, tick, sink);
  }

  /** Marks the first n ids of affixes.out excluded. */
  private markAll(n: number, tick: number): void {
    const out = this.affixes!.out;
    const excluded = this.excluded;
    for (let k = 0; k < n; k++) excluded[out[k]!] = tick;
  }

  /** Checks the others, then reports every entry not excluded. */
  private finish(leaf: Leaf, tick: number, sink: HitSink): void {
    const excluded = this.excluded;
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

/** Adds `id` to the list stored under `key` in a TextTable. */
function pushText(table: TextTable<number[]>, key: string, id: number): void {
  const hash = hashOf(key);
  const ids = table.find(key, hash);
  if (ids) ids.push(id);
  else table.add(key, hash, [id]);
}

function hitAll(ids: readonly number[] | undefined, sink: HitSink): void {
  if (ids) for (const id of ids) sink.hit(id);
}

/** Scratch for the folded (lower-cased) bytes of one value. */
let lowered = new Uint8Array(256);

/** The entry of `table` (keyed by folded strings) for the foldCase of ASCII text b[start, end). */
function findFolded(table: TextTable<number[]>, b: Uint8Array, start: number, end: number): number[] | undefined {
  const n = end - start;
  if (n > lowered.length) lowered = new Uint8Array(2 * n);
  const out = lowered;
  let h = HASH_SEED;
  for (let k = 0; k < n; k++) {
    const c = LOWER_BYTE[b[start + k]!]!;
    out[k] = c;
    h = Math.imul(h ^ c, HASH_PRIME);
  }
  return table.findBytes(out, 0, n, h);
}

/** Results remembered per index at most. */
const MEMO_SIZE = 1024;
/** Memo lookups between reviews of its hit rate. */
const MEMO_WINDOW = 4096;

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
  /** The double keys of `numbers` again, for number leaves that are their own key. */
  private readonly doubles = new NumberTable<number[]>();
  private readonly folded = new Map<string, number[]>();
  /** `strings` and `folded` again, probed with event bytes (collectText; null while empty). */
  private stringTable: TextTable<number[]> | null = null;
  private foldedTable: TextTable<number[]> | null = null;
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
  /** Lazy conditions among the registrations (null when none). */
  private readonly lazy: Set<number> | null;
  /**
   * The IdLists of this index, one after another: remembered and precomputed answers share
   * a few runs of memory instead of an Int32Array object each.
   */
  private lists = new Int32Array(64);
  private listsLen = 0;
  private readonly noIds: number;

  constructor(registrations: readonly Registration[]) {
    const ranges: RangeEntry[] = [];
    let lazy: Set<number> | null = null;
    for (const r of registrations) if (r.lazy) (lazy ??= new Set()).add(r.cond);
    this.lazy = lazy;
    this.noIds = this.pack([]);
    for (const { cond, matcher: m } of registrations) {
      switch (m.kind) {
        case 'string':
          push(this.strings, m.value, cond);
          pushText((this.stringTable ??= new TextTable()), m.value, cond);
          break;
        case 'number':
          push(this.numbers, m.key, cond);
          if (typeof m.key === 'number' && this.doubles.get(m.key) === undefined) this.doubles.add(m.key, this.numbers.get(m.key)!);
          break;
        case 'literal':
          this.literals[m.value === true ? 0 : m.value === false ? 1 : 2].push(cond);
          break;
        case 'equals-ignore-case':
          push(this.folded, m.value, cond);
          pushText((this.foldedTable ??= new TextTable()), m.value, cond);
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
      const texts = new TextTable<number>();
      for (const [value, ids] of this.strings) texts.add(value, hashOf(value), this.pack([...ids, ...this.any]));
      this.texts = texts;
      this.textsComplete = true;
      this.missIds = this.pack(this.any);
    } else {
      // A memo lookup hashes the value: worth it only where finding the conditions costs more.
      const work = (this.prefix ? 1 : 0) + (this.suffix ? 1 : 0) + (this.needsFold ? 2 : 0) + (this.cidrs ? 2 : 0)
        + (this.wildcards ? 2 : 0) + (this.exclusions ? 2 : 0);
      if (work >= 2) this.texts = new TextTable();
    }
    if (this.exclusions) this.memoNumbers = new Map();
    else this.literalLists = this.literals.map((ids) => this.pack([...ids, ...this.any]));
    // A complete table serves the byte scanner (collectText); for a value already cut out,
    // the strings map answers as fast.
    this.memoizes = (this.texts !== null && !this.textsComplete) || this.memoNumbers !== null;
  }

  /** Whether collectMemo() should be used (collect() otherwise). */
  memoizes = false;
  /** collect()'s answers for true, false and null as IdLists (when they do not vary). */
  private literalLists: number[] | null = null;

  /** collect(), with whole answers where they are known in advance or remembered. */
  collectLeaf(leaf: Leaf, sink: ListSink): void {
    const kind = leaf.kind;
    if (kind >= LeafKind.True && this.literalLists !== null) sink.hitList(this.lists, this.literalLists[kind - LeafKind.True]!);
    else if (this.memoizes) this.collectMemo(leaf, sink);
    else this.collect(leaf, sink);
  }

  /**
   * Conditions by string value, probed with event text in place (TextTable): a bounded memo
   * of collect()'s answers, or, where strings are only compared exactly, every answer there is.
   */
  private texts: TextTable<number> | null = null;
  /** Whether `texts` holds every string that satisfies a matcher (a miss then means missIds). */
  private textsComplete = false;
  private missIds = 0;
  private memoNumbers: Map<NumberKey, number> | null = null;
  private memoLookups = 0;
  private memoHits = 0;
  private readonly recorder = new Recorder();

  /**
   * Condition ids as an IdList: [e, the e eager ids, then the lazy ones in ascending order]
   * (ListSink.hitList), so a sink can skip or defer the lazy part in one step.
   */
  private pack(ids: readonly number[]): number {
    const lazy = this.lazy;
    const eager = lazy === null ? ids : ids.filter((id) => !lazy.has(id));
    const late = lazy === null ? [] : ids.filter((id) => lazy.has(id)).sort((a, b) => a - b);
    const at = this.listsLen;
    if (at + 2 + ids.length > this.lists.length) {
      const bigger = new Int32Array(Math.max(2 * this.lists.length, at + 2 + ids.length));
      bigger.set(this.lists);
      this.lists = bigger;
    }
    const lists = this.lists;
    lists[at] = ids.length;
    lists[at + 1] = eager.length;
    lists.set(eager, at + 2);
    lists.set(late, at + 2 + eager.length);
    this.listsLen = at + 2 + ids.length;
    return at;
  }

  /** collect(), through the memo where there is one for the leaf's type. */
  collectMemo(leaf: Leaf, sink: ListSink): void {
    if (leaf.kind === LeafKind.String) {
      const texts = this.texts;
      if (texts !== null) {
        const s = leaf.string();
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
  collectText(s: string, b: Uint8Array, start: number, end: number, hash: number, leaf: Leaf, sink: ListSink): void {
    const texts = this.texts;
    if (texts === null) return this.collectBytes(s, b, start, end, hash, leaf, sink);
    const known = texts.findBytes(b, start, end, hash);
    if (known !== undefined) return this.remembered(known, sink);
    if (this.textsComplete) return sink.hitList(this.lists, this.missIds);
    if (texts.size >= MEMO_SIZE) {
      // A full memo takes nothing more: the value is examined where it stands.
      this.collectBytes(s, b, start, end, hash, leaf, sink);
      return this.reviewMemo();
    }
    const value = s.slice(start, end); // the memo's key
    leaf.setString(value);
    this.missed(texts, value, hash, leaf, sink);
  }

  private remembered(at: number, sink: ListSink): void {
    sink.hitList(this.lists, at);
    if (!this.textsComplete) {
      this.memoHits++;
      this.reviewMemo();
    }
  }

  /** A string not in `texts`: the miss answer, or collect() and remember. */
  private missed(texts: TextTable<number>, value: string, hash: number, leaf: Leaf, sink: ListSink): void {
    if (this.textsComplete) return sink.hitList(this.lists, this.missIds);
    if (texts.size < MEMO_SIZE) {
      const at = this.answer(leaf);
      texts.add(value, hash, at);
      sink.hitList(this.lists, at);
    } else {
      this.collect(leaf, sink);
    }
    this.reviewMemo();
  }

  private memoized<K>(memo: Map<K, number>, key: K, leaf: Leaf, sink: ListSink): void {
    const known = memo.get(key);
    if (known !== undefined) {
      this.memoHits++;
      sink.hitList(this.lists, known);
    } else if (memo.size < MEMO_SIZE) {
      const at = this.answer(leaf);
      memo.set(key, at);
      sink.hitList(this.lists, at);
    } else {
      this.collect(leaf, sink);
    }
    this.reviewMemo();
  }

  /** collect()'s answer for the leaf as an IdList, to remember. */
  private answer(leaf: Leaf): number {
    const ids = this.recorder.ids;
    ids.length = 0;
    this.collect(leaf, this.recorder);
    return ids.length > 0 ? this.pack(ids) : this.noIds;
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

  /**
   * collect() for the string s[start, end) of ASCII text, also in b, hashed as `hash`: each
   * structure reads the bytes in place (folded ones lower-casing as they go); the leaf is set
   * with setText, so the string is cut out only for a matcher that needs it (an IPv6 address,
   * a rare anything-but form).
   */
  private collectBytes(s: string, b: Uint8Array, start: number, end: number, hash: number, leaf: Leaf, sink: HitSink): void {
    leaf.setText(s, b, start, end);
    if (this.stringTable !== null) hitAll(this.stringTable.findBytes(b, start, end, hash), sink);
    if (this.prefix) this.prefix.collectBytes(b, start, end, SAME_BYTE, sink);
    if (this.suffix) this.suffix.collectBytes(b, start, end, SAME_BYTE, sink);
    if (this.needsFold) {
      if (this.foldedTable !== null) hitAll(findFolded(this.foldedTable, b, start, end), sink);
      if (this.prefixFolded) this.prefixFolded.collectBytes(b, start, end, LOWER_BYTE, sink);
      if (this.suffixFolded) this.suffixFolded.collectBytes(b, start, end, LOWER_BYTE, sink);
    }
    if (this.cidrs) this.cidrs.collect(leaf, sink);
    if (this.wildcards) this.wildcards.collectBytes(b, start, end, sink);
    for (const id of this.any) sink.hit(id);
    if (this.exclusions) this.exclusions.collectText(b, start, end, hash, leaf, sink);
  }

  /** Reports every condition one of whose matchers matches the leaf. */
  collect(leaf: Leaf, sink: HitSink): void {
    switch (leaf.kind) {
      case LeafKind.String: {
        const s = leaf.string();
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
        if (this.numbers.size > 0) {
          const x = leaf.plainNumber();
          hitAll(x === x ? this.doubles.get(x) : this.numbers.get(leaf.numberKey()), sink);
        }
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
