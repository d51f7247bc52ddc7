/**
 * One leaf value of an event as the matchers see it, with the derived forms (number value,
 * number key, folded string, parsed IP) computed at most once and only when asked for.
 * The engine reuses a single instance per event to avoid allocating on the hot path. A string
 * still in ASCII event text (setText) is cut out only if a matcher asks for it as a string.
 */
import { foldCase } from './fold.js';
import { inRange, parseIp, parseIpv4Bytes, parseIpv4Number, type IpAddress } from './ip.js';
import type { Matcher } from './model.js';
import { numeralKey, type NumberKey } from './numbers.js';
import { wildcardMatches } from './wildcard.js';

export const enum LeafKind {
  String = 0,
  Number = 1,
  True = 2,
  False = 3,
  Null = 4,
}

export class Leaf {
  kind: LeafKind = LeafKind.Null;
  private str = '';
  /** setText's text and bytes, until the string is cut out of them (null otherwise). */
  private source: string | null = null;
  private bytes: Uint8Array | null = null;
  private from = 0;
  private to = 0;
  /** Numeral text (from JSON) or undefined when the number came from a JS double. */
  private numText: string | undefined;
  private num = 0;
  private key: NumberKey | undefined;
  private folded: string | undefined;
  private ip: IpAddress | undefined | null;
  /** The string as an IPv4 address (parseIpv4Number); -2 until asked for. */
  private v4 = -2;

  private reset(kind: LeafKind): void {
    this.kind = kind;
    this.key = undefined;
    this.folded = undefined;
    this.ip = null;
    this.v4 = -2;
  }

  setString(value: string): this {
    this.reset(LeafKind.String);
    this.str = value;
    this.source = null;
    this.bytes = null;
    return this;
  }

  /** The string s[start, end) of ASCII text without escapes, also in b: cut out when asked for. */
  setText(s: string, b: Uint8Array, start: number, end: number): this {
    this.reset(LeafKind.String);
    this.source = s;
    this.bytes = b;
    this.from = start;
    this.to = end;
    return this;
  }

  /** The string value (cut out of setText's text on first call). */
  string(): string {
    if (this.source !== null) {
      this.str = this.source.slice(this.from, this.to);
      this.source = null;
    }
    return this.str;
  }

  setNumeral(text: string): this {
    this.reset(LeafKind.Number);
    this.numText = text;
    this.num = Number(text);
    return this;
  }

  setDouble(value: number): this {
    this.reset(LeafKind.Number);
    this.numText = undefined;
    this.num = value;
    return this;
  }

  setLiteral(kind: LeafKind.True | LeafKind.False | LeafKind.Null): this {
    this.reset(kind);
    return this;
  }

  number(): number {
    return this.num;
  }

  /** The number when it is its own NumberKey for certain (a double from JS), else NaN. */
  plainNumber(): number {
    return this.numText === undefined ? this.num : NaN;
  }

  numberKey(): NumberKey {
    return (this.key ??= this.numText === undefined ? this.num : numeralKey(this.numText));
  }

  foldedString(): string {
    return (this.folded ??= foldCase(this.string()));
  }

  /** The string as one 32-bit IPv4 address, or -1 when it is not one (no allocation). */
  ipv4(): number {
    if (this.v4 === -2) {
      this.v4 = this.bytes !== null ? parseIpv4Bytes(this.bytes, this.from, this.to) : parseIpv4Number(this.str);
    }
    return this.v4;
  }

  address(): IpAddress | undefined {
    if (this.ip === null) this.ip = parseIp(this.string());
    return this.ip;
  }

  /** A short JSON rendering for explanations. */
  render(): string {
    switch (this.kind) {
      case LeafKind.String:
        return JSON.stringify(this.string());
      case LeafKind.Number:
        return this.numText ?? String(this.num);
      case LeafKind.True:
        return 'true';
      case LeafKind.False:
        return 'false';
      case LeafKind.Null:
        return 'null';
    }
  }
}

/** Whether one matcher matches one leaf: the reference semantics every index must agree with. */
export function matchLeaf(m: Matcher, leaf: Leaf): boolean {
  switch (m.kind) {
    case 'string':
      return leaf.kind === LeafKind.String && leaf.string() === m.value;
    case 'number':
      return leaf.kind === LeafKind.Number && leaf.numberKey() === m.key;
    case 'literal':
      return m.value === null
        ? leaf.kind === LeafKind.Null
        : leaf.kind === (m.value ? LeafKind.True : LeafKind.False);
    case 'prefix':
      return leaf.kind === LeafKind.String && (m.fold ? leaf.foldedString() : leaf.string()).startsWith(m.value);
    case 'suffix':
      return leaf.kind === LeafKind.String && (m.fold ? leaf.foldedString() : leaf.string()).endsWith(m.value);
    case 'equals-ignore-case':
      return leaf.kind === LeafKind.String && leaf.foldedString() === m.value;
    case 'wildcard':
      return leaf.kind === LeafKind.String && wildcardMatches(m.wildcard, leaf.string());
    case 'numeric': {
      if (leaf.kind !== LeafKind.Number) return false;
      const v = leaf.number();
      return (m.loOpen ? v > m.lo : v >= m.lo) && (m.hiOpen ? v < m.hi : v <= m.hi);
    }
    case 'cidr': {
      if (leaf.kind !== LeafKind.String) return false;
      const ip = leaf.address();
      return ip !== undefined && inRange(m.range, ip);
    }
    case 'exists':
      return true;
    case 'anything-but':
      for (const inner of m.not) if (matchLeaf(inner, leaf)) return false;
      return true;
  }
}
