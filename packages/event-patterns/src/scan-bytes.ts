/**
 * The JSON scanner of scan.ts over bytes, for event text that is all ASCII (nearly every
 * event). Hot path, written for speed: V8 reads a byte of a Uint8Array several times faster
 * than `String#charCodeAt` (measured ~1 ns against ~3-4 ns per character on 740-byte events,
 * TextEncoder.encodeInto included), and the scanner touches every character at least once.
 * For ASCII text a byte offset is a character offset, so strings are still cut out of the
 * original text. The grammar, validation and engine calls are exactly those of JsonScanner;
 * keep the two in step.
 *
 * The byte after the text is set to 0, which every loop stops at and no rule of the grammar
 * accepts, so reading past the end needs no bounds checks (bytes further on are stale).
 */
import { FEW_CHILDREN, type Engine, type PathNode } from './engine.js';
import { LeafKind } from './leaf.js';
import { HASH_PRIME, HASH_SEED } from './text-table.js';
import { MAX_DEPTH } from './tree.js';

class Malformed extends Error {}
const MALFORMED = new Malformed('malformed JSON');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Longest text given to the byte scanner (EventBridge's event limit); longer goes by string. */
export const MAX_BYTE_SCAN = 256 * 1024;

const encoder = new TextEncoder();
/** Shared by every scanner: a scan runs no user code, so scans never nest. */
let buffer = new Uint8Array(4096);

/**
 * Encodes `text` into the shared buffer; the buffer when the text is all ASCII (one byte per
 * character, followed by a 0), null otherwise.
 */
export function asciiBytes(text: string): Uint8Array | null {
  const n = text.length;
  if (n >= buffer.length) {
    if (n > MAX_BYTE_SCAN) return null;
    let size = buffer.length;
    while (size <= n) size *= 2;
    buffer = new Uint8Array(size);
  }
  const b = buffer;
  const r = encoder.encodeInto(text, b.subarray(0, n));
  if (r.read !== n || r.written !== n) return null;
  b[n] = 0;
  return b;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class ByteScanner {
  private s = '';
  private b: Uint8Array = buffer;
  private i = 0;
  /** Whether the string last measured by stringEnd contained an escape. */
  private escaped = false;
  /** Open containers of the value being skipped (grows as needed, reused across events). */
  private readonly stack: number[] = [];

  constructor(private readonly engine: Engine) {}

  /**
   * Walks `text`, whose bytes asciiBytes() put in `b`, into the engine; false when the text
   * is not exactly one JSON object.
   */
  scan(text: string, b: Uint8Array): boolean {
    this.s = text;
    this.b = b;
    this.i = 0;
    try {
      this.ws();
      if (b[this.i] !== OPEN_OBJ) return false;
      this.object(this.engine.root, 0);
      this.ws();
      return this.i === text.length;
    } catch (e) {
      if (e === MALFORMED) return false;
      throw e;
    } finally {
      this.s = '';
    }
  }

  private ws(): void {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /**
   * Index of the quote closing the string whose opening quote is at `open`, checking its
   * escapes and refusing control characters (the 0 after the text among them). Sets `escaped`.
   */
  private stringEnd(open: number): number {
    const b = this.b;
    let p = open + 1;
    this.escaped = false;
    for (;;) {
      const c = b[p]!;
      if (c === QUOTE) return p;
      if (c >= 0x20 && c !== BACKSLASH) {
        p++;
        continue;
      }
      if (c !== BACKSLASH) throw MALFORMED;
      this.escaped = true;
      const e = b[p + 1]!;
      if (e === 0x75 /* u */) {
        for (let k = p + 2; k < p + 6; k++) {
          const h = b[k]!;
          if (!(isDigit(h) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw MALFORMED;
        }
        p += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        p += 2;
      } else {
        throw MALFORMED;
      }
    }
  }

  /** The value of the (already validated) string literal between `open` and `close`. */
  private stringAt(open: number, close: number): string {
    return this.escaped ? (JSON.parse(this.s.slice(open, close + 1)) as string) : this.s.slice(open + 1, close);
  }

  /** End of the numeral starting at `start` (strict JSON grammar); moves past it. */
  private numeralEnd(start: number): number {
    const b = this.b;
    let i = start;
    if (b[i] === 0x2d) i++;
    const first = b[i]!;
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) while (isDigit(b[++i]!));
    else throw MALFORMED;
    if (b[i] === 0x2e) {
      if (!isDigit(b[++i]!)) throw MALFORMED;
      while (isDigit(b[++i]!));
    }
    const e = b[i];
    if (e === 0x65 || e === 0x45) {
      const sign = b[++i];
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isDigit(b[i]!)) throw MALFORMED;
      while (isDigit(b[++i]!));
    }
    this.i = i;
    return i;
  }

  /** JsonScanner.simpleNumeral over bytes (see there why the result is exact). */
  private simpleNumeral(start: number): number {
    const b = this.b;
    let i = start;
    const negative = b[i] === 0x2d;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let scale = 1;
    let c = b[i]!;
    if (c === 0x30) {
      c = b[++i]!;
      digits = 1;
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        m = m * 10 + (c - 0x30);
        digits++;
        c = b[++i]!;
      } while (isDigit(c));
    } else {
      return NaN;
    }
    if (c === 0x2e) {
      c = b[++i]!;
      if (!isDigit(c)) return NaN;
      do {
        m = m * 10 + (c - 0x30);
        scale *= 10;
        digits++;
        c = b[++i]!;
      } while (isDigit(c));
    }
    if (digits > 15 || c === 0x65 || c === 0x45) return NaN;
    this.i = i;
    const value = m / scale;
    return negative ? -value : value;
  }

  /** Moves past `true`, `false` or `null` at this.i, or fails. */
  private literal(c: number): LeafKind.True | LeafKind.False | LeafKind.Null {
    const b = this.b;
    const i = this.i;
    if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      this.i = i + 4;
      return LeafKind.True;
    }
    if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
      this.i = i + 5;
      return LeafKind.False;
    }
    if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.i = i + 4;
      return LeafKind.Null;
    }
    throw MALFORMED;
  }

  /** Reads the key at this.i and returns the child node it names, if any (as JsonScanner.child). */
  private child(node: PathNode): PathNode | undefined {
    const open = this.i;
    const table = node.childTable;
    if (table !== null) {
      // Many children: hash the key while measuring it and probe the table with the bytes.
      const b = this.b;
      let p = open + 1;
      let h = HASH_SEED;
      for (;;) {
        const d = b[p]!;
        if (d === QUOTE || d < 0x20 || d === BACKSLASH) break;
        h = Math.imul(h ^ d, HASH_PRIME);
        p++;
      }
      if (b[p] === QUOTE) {
        this.i = p + 1;
        return table.findBytes(b, open + 1, p, h);
      }
    }
    const close = this.stringEnd(open);
    this.i = close + 1;
    const keys = node.childKeys;
    const bytes = node.childBytes;
    if (keys.length > FEW_CHILDREN || this.escaped || bytes === null) return node.children.get(this.stringAt(open, close));
    const length = close - open - 1;
    const b = this.b;
    const at = node.childAt;
    for (let k = 0; k < keys.length; k++) {
      const from = at[k]!;
      if (at[k + 1]! - from !== length) continue;
      let j = 0;
      while (j < length && bytes[from + j] === b[open + 1 + j]) j++;
      if (j === length) return node.childNodes[k];
    }
    return undefined;
  }

  private object(node: PathNode, depth: number): void {
    const b = this.b;
    this.i++; // {
    if (b[this.i]! <= 0x20) this.ws();
    if (b[this.i] === CLOSE_OBJ) {
      this.i++;
      return;
    }
    for (;;) {
      if (b[this.i]! <= 0x20) this.ws();
      if (b[this.i] !== QUOTE) throw MALFORMED;
      const child = this.child(node);
      if (b[this.i]! <= 0x20) this.ws();
      if (b[this.i] !== COLON) throw MALFORMED;
      this.i++;
      if (b[this.i]! <= 0x20) this.ws();
      if (child === undefined) this.skipValue();
      else this.value(child, depth + 1);
      if (b[this.i]! <= 0x20) this.ws();
      const c = b[this.i++];
      if (c === CLOSE_OBJ) return;
      if (c !== COMMA) throw MALFORMED;
    }
  }

  private array(node: PathNode, depth: number): void {
    const b = this.b;
    const engine = this.engine;
    this.i++; // [
    if (b[this.i]! <= 0x20) this.ws();
    if (b[this.i] === CLOSE_ARR) {
      this.i++;
      return;
    }
    const id = engine.nextArray();
    for (let index = 0; ; index++) {
      if (b[this.i]! <= 0x20) this.ws();
      const c = b[this.i];
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        const at = engine.ctxLen;
        const objLen = engine.objLen;
        const snap = engine.snap;
        engine.ctx[at] = id;
        engine.ctx[at + 1] = index;
        engine.ctxLen = at + 2;
        if (c === OPEN_OBJ) {
          engine.objLen = at + 2;
          engine.snap = -1;
        }
        this.value(node, depth + 1);
        engine.ctxLen = at;
        engine.objLen = objLen;
        engine.snap = snap;
      } else {
        this.value(node, depth + 1);
      }
      if (b[this.i]! <= 0x20) this.ws();
      const d = b[this.i++];
      if (d === CLOSE_ARR) return;
      if (d !== COMMA) throw MALFORMED;
    }
  }

  /** A value at a path some rule names. */
  private value(node: PathNode, depth: number): void {
    const b = this.b;
    const c = b[this.i]!;
    const engine = this.engine;
    if (c === OPEN_OBJ) {
      if (node.children.size > 0 && depth <= MAX_DEPTH) this.object(node, depth);
      else this.skipValue();
      return;
    }
    if (c === OPEN_ARR) {
      if (depth <= MAX_DEPTH) this.array(node, depth);
      else this.skipValue();
      return;
    }
    if (c === QUOTE) {
      if (node.leafWork) return this.stringValue(node);
      this.i = this.stringEnd(this.i) + 1;
      return;
    } else if (c === 0x2d || isDigit(c)) {
      const start = this.i;
      if (!node.leafWork) {
        this.numeralEnd(start);
        return;
      }
      const value = this.simpleNumeral(start);
      if (value === value) engine.leaf.setDouble(value);
      else engine.leaf.setNumeral(this.s.slice(start, this.numeralEnd(start)));
    } else {
      const kind = this.literal(c);
      if (!node.leafWork) return;
      engine.leaf.setLiteral(kind);
    }
    engine.visit(node);
  }

  /**
   * A string value at a node with leaf work, hashed as it is measured (TextTable's hash) so
   * the index can look it up without cutting it out of the text. Kept out of value() so that
   * stays small enough to inline.
   */
  private stringValue(node: PathNode): void {
    const b = this.b;
    const open = this.i;
    let p = open + 1;
    let h = HASH_SEED;
    for (;;) {
      const d = b[p]!;
      if (d === QUOTE || d < 0x20 || d === BACKSLASH) break;
      h = Math.imul(h ^ d, HASH_PRIME);
      p++;
    }
    if (b[p] === QUOTE) {
      this.i = p + 1;
      return this.engine.visitText(node, this.s, b, open + 1, p, h);
    }
    const close = this.stringEnd(open);
    this.i = close + 1;
    this.engine.leaf.setString(this.stringAt(open, close));
    this.engine.visit(node);
  }

  /** JsonScanner.skipValue over bytes: one loop, the position in a local, an explicit stack. */
  private skipValue(): void {
    const b = this.b;
    const stack = this.stack;
    let depth = 0;
    let i = this.i;
    for (;;) {
      // A value starts at i (after optional whitespace).
      let c = b[i]!;
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
      if (c === QUOTE) {
        i = this.stringEnd(i) + 1;
      } else if (c === 0x2d || isDigit(c)) {
        if (c === 0x2d) c = b[++i]!;
        if (c === 0x30) c = b[++i]!;
        else if (c >= 0x31 && c <= 0x39) do c = b[++i]!; while (isDigit(c));
        else throw MALFORMED;
        if (c === 0x2e) {
          c = b[++i]!;
          if (!isDigit(c)) throw MALFORMED;
          do c = b[++i]!; while (isDigit(c));
        }
        if (c === 0x65 || c === 0x45) {
          c = b[++i]!;
          if (c === 0x2b || c === 0x2d) c = b[++i]!;
          if (!isDigit(c)) throw MALFORMED;
          do c = b[++i]!; while (isDigit(c));
        }
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        let d = b[++i]!;
        while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = b[++i]!;
        if (d === (c === OPEN_OBJ ? CLOSE_OBJ : CLOSE_ARR)) {
          i++; // an empty container is a whole value
        } else {
          stack[depth++] = c;
          if (c === OPEN_OBJ) i = this.keyEnd(i);
          continue;
        }
      } else {
        this.i = i;
        this.literal(c);
        i = this.i;
      }
      // After a value: close containers, or go on to the next element.
      for (;;) {
        if (depth === 0) {
          this.i = i;
          return;
        }
        let d = b[i]!;
        while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = b[++i]!;
        i++;
        const top = stack[depth - 1];
        if (d === COMMA) {
          if (top === OPEN_OBJ) i = this.keyEnd(i);
          break;
        }
        if (d !== (top === OPEN_OBJ ? CLOSE_OBJ : CLOSE_ARR)) throw MALFORMED;
        depth--;
      }
    }
  }

  /** Steps over `"key" :` (with whitespace) starting at i; returns the position after the colon. */
  private keyEnd(from: number): number {
    const b = this.b;
    let i = from;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== QUOTE) throw MALFORMED;
    i = this.stringEnd(i) + 1;
    c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== COLON) throw MALFORMED;
    return i + 1;
  }
}
