/**
 * Matching straight from JSON text. This is the hot path and is written for speed: it walks
 * the text once, descends only into fields some rule names (the path trie), steps over every
 * other value without building it, and allocates only the strings and numerals it must
 * compare. Stepping over is still strict validation (RFC 8259 grammar, string escapes and
 * control characters, numeral syntax, bracket structure), so any text that is not exactly one
 * JSON object matches nothing — the same answer JSON.parse would lead to.
 */
import type { Engine, PathNode } from './engine.js';
import { LeafKind } from './leaf.js';
import { asciiBytes, ByteScanner } from './scan-bytes.js';
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

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class JsonScanner {
  private s = '';
  private i = 0;
  /** Whether the string last measured by stringEnd contained an escape. */
  private escaped = false;
  /** Open containers of the value being skipped (grows as needed, reused across events). */
  private readonly stack: number[] = [];

  /** The same scanner over bytes, used for all-ASCII text (see scan-bytes.ts for why). */
  private readonly bytes: ByteScanner;

  constructor(private readonly engine: Engine) {
    this.bytes = new ByteScanner(engine);
  }

  /** Walks `text` into the engine; false when the text is not exactly one JSON object. */
  scan(text: string): boolean {
    const b = asciiBytes(text);
    return b !== null ? this.bytes.scan(text, b) : this.scanChars(text);
  }

  /** scan() by characters: the way for text that is not all ASCII (tests use it on any text). */
  scanChars(text: string): boolean {
    this.s = text;
    this.i = 0;
    try {
      this.ws();
      if (text.charCodeAt(this.i) !== OPEN_OBJ) return false;
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

  /**
   * Skips whitespace. Callers on the hot path call it only when the next character is at most
   * a space: compact JSON has no whitespace, and one comparison is cheaper than a call.
   */
  private ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /**
   * Index of the quote closing the string whose opening quote is at `open`, checking its
   * escapes and refusing raw control characters. Sets `escaped`.
   */
  private stringEnd(open: number): number {
    const s = this.s;
    let p = open + 1;
    this.escaped = false;
    // A plain loop: event strings are mostly short, where it beats a regex call.
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === QUOTE) return p;
      if (c >= 0x20 && c !== BACKSLASH) {
        p++;
        continue;
      }
      if (c !== BACKSLASH) throw MALFORMED; // control character, or NaN past the end
      this.escaped = true;
      const e = s.charCodeAt(p + 1);
      if (e === 0x75 /* u */) {
        for (let k = p + 2; k < p + 6; k++) {
          const h = s.charCodeAt(k);
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

  /** Reads the string at this.i (an opening quote) and moves past it. */
  private readString(): string {
    const open = this.i;
    const close = this.stringEnd(open);
    this.i = close + 1;
    return this.stringAt(open, close);
  }

  /** The value of the (already validated) string literal between `open` and `close`. */
  private stringAt(open: number, close: number): string {
    return this.escaped ? (JSON.parse(this.s.slice(open, close + 1)) as string) : this.s.slice(open + 1, close);
  }

  /** End of the numeral starting at `start` (strict JSON grammar); moves past it. */
  private numeralEnd(start: number): number {
    const s = this.s;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) i++;
    const first = s.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) while (isDigit(s.charCodeAt(++i)));
    else throw MALFORMED;
    if (s.charCodeAt(i) === 0x2e) {
      if (!isDigit(s.charCodeAt(++i))) throw MALFORMED;
      while (isDigit(s.charCodeAt(++i)));
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      const sign = s.charCodeAt(++i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isDigit(s.charCodeAt(i))) throw MALFORMED;
      while (isDigit(s.charCodeAt(++i)));
    }
    this.i = i;
    return i;
  }

  /**
   * Fast path for the common numeral: at most 15 digits and no exponent. Its digits as an
   * integer m (< 2^53, exact) divided by 10^k (exact for k <= 22) is one correctly rounded
   * division, so the result equals Number(text) — without cutting the text out or parsing it
   * twice — and, having <= 15 digits, the double holds the numeral exactly. Moves past the
   * numeral and returns its value, or returns NaN (moving nowhere) for any other numeral.
   */
  private simpleNumeral(start: number): number {
    const s = this.s;
    let i = start;
    const negative = s.charCodeAt(i) === 0x2d;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let scale = 1;
    let c = s.charCodeAt(i);
    if (c === 0x30) {
      c = s.charCodeAt(++i);
      digits = 1;
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        m = m * 10 + (c - 0x30);
        digits++;
        c = s.charCodeAt(++i);
      } while (isDigit(c));
    } else {
      return NaN;
    }
    if (c === 0x2e) {
      c = s.charCodeAt(++i);
      if (!isDigit(c)) return NaN;
      do {
        m = m * 10 + (c - 0x30);
        scale *= 10;
        digits++;
        c = s.charCodeAt(++i);
      } while (isDigit(c));
    }
    if (digits > 15 || c === 0x65 || c === 0x45) return NaN;
    this.i = i;
    const value = m / scale;
    return negative ? -value : value;
  }

  /** Moves past `true`, `false` or `null` at this.i, or fails. */
  private literal(c: number): LeafKind.True | LeafKind.False | LeafKind.Null {
    const s = this.s;
    if (c === 0x74 && s.startsWith('true', this.i)) {
      this.i += 4;
      return LeafKind.True;
    }
    if (c === 0x66 && s.startsWith('false', this.i)) {
      this.i += 5;
      return LeafKind.False;
    }
    if (c === 0x6e && s.startsWith('null', this.i)) {
      this.i += 4;
      return LeafKind.Null;
    }
    throw MALFORMED;
  }

  /**
   * Reads the key at this.i and returns the child node it names, if any. With few children
   * the key is compared in place (no string is cut out of the text); otherwise it is looked
   * up in the node's map.
   */
  private child(node: PathNode): PathNode | undefined {
    const open = this.i;
    const close = this.stringEnd(open);
    this.i = close + 1;
    const keys = node.childKeys;
    if (keys.length > 8 || this.escaped) return node.children.get(this.stringAt(open, close));
    const length = close - open - 1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key.length === length && this.s.startsWith(key, open + 1)) return node.childNodes[k];
    }
    return undefined;
  }

  private object(node: PathNode, depth: number): void {
    const s = this.s;
    this.i++; // {
    if (s.charCodeAt(this.i) <= 0x20) this.ws();
    if (s.charCodeAt(this.i) === CLOSE_OBJ) {
      this.i++;
      return;
    }
    for (;;) {
      if (s.charCodeAt(this.i) <= 0x20) this.ws();
      if (s.charCodeAt(this.i) !== QUOTE) throw MALFORMED;
      const child = this.child(node);
      if (s.charCodeAt(this.i) <= 0x20) this.ws();
      if (s.charCodeAt(this.i) !== COLON) throw MALFORMED;
      this.i++;
      if (s.charCodeAt(this.i) <= 0x20) this.ws();
      if (child === undefined) this.skipValue();
      else this.value(child, depth + 1);
      if (s.charCodeAt(this.i) <= 0x20) this.ws();
      const c = s.charCodeAt(this.i++);
      if (c === CLOSE_OBJ) return;
      if (c !== COMMA) throw MALFORMED;
    }
  }

  private array(node: PathNode, depth: number): void {
    const s = this.s;
    const engine = this.engine;
    this.i++; // [
    if (s.charCodeAt(this.i) <= 0x20) if (s.charCodeAt(this.i) <= 0x20) this.ws();
    if (s.charCodeAt(this.i) === CLOSE_ARR) {
      this.i++;
      return;
    }
    const id = engine.nextArray();
    for (let index = 0; ; index++) {
      if (s.charCodeAt(this.i) <= 0x20) if (s.charCodeAt(this.i) <= 0x20) this.ws();
      const c = s.charCodeAt(this.i);
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
      if (s.charCodeAt(this.i) <= 0x20) if (s.charCodeAt(this.i) <= 0x20) this.ws();
      const d = s.charCodeAt(this.i++);
      if (d === CLOSE_ARR) return;
      if (d !== COMMA) throw MALFORMED;
    }
  }

  /** A value at a path some rule names. */
  private value(node: PathNode, depth: number): void {
    const s = this.s;
    const c = s.charCodeAt(this.i);
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
      if (!node.leafWork) {
        this.i = this.stringEnd(this.i) + 1;
        return;
      }
      engine.leaf.setString(this.readString());
    } else if (c === 0x2d || isDigit(c)) {
      const start = this.i;
      if (!node.leafWork) {
        this.numeralEnd(start);
        return;
      }
      const value = this.simpleNumeral(start);
      if (value === value) engine.leaf.setDouble(value);
      else engine.leaf.setNumeral(s.slice(start, this.numeralEnd(start)));
    } else {
      const kind = this.literal(c);
      if (!node.leafWork) return;
      engine.leaf.setLiteral(kind);
    }
    engine.visit(node);
  }

  /**
   * Steps over one value of any size, validating it. One loop with the position in a local,
   * the whitespace and numeral grammar inlined and an explicit stack of open containers: this
   * is where most of the text goes when rules read few fields, and nesting depth costs memory,
   * not call stack.
   */
  private skipValue(): void {
    const s = this.s;
    const stack = this.stack;
    let depth = 0;
    let i = this.i;
    for (;;) {
      // A value starts at i (after optional whitespace).
      let c = s.charCodeAt(i);
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++i);
      if (c === QUOTE) {
        i = this.stringEnd(i) + 1;
      } else if (c === 0x2d || isDigit(c)) {
        if (c === 0x2d) c = s.charCodeAt(++i);
        if (c === 0x30) c = s.charCodeAt(++i);
        else if (c >= 0x31 && c <= 0x39) do c = s.charCodeAt(++i); while (isDigit(c));
        else throw MALFORMED;
        if (c === 0x2e) {
          c = s.charCodeAt(++i);
          if (!isDigit(c)) throw MALFORMED;
          do c = s.charCodeAt(++i); while (isDigit(c));
        }
        if (c === 0x65 || c === 0x45) {
          c = s.charCodeAt(++i);
          if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
          if (!isDigit(c)) throw MALFORMED;
          do c = s.charCodeAt(++i); while (isDigit(c));
        }
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        let d = s.charCodeAt(++i);
        while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = s.charCodeAt(++i);
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
        let d = s.charCodeAt(i);
        while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = s.charCodeAt(++i);
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
    const s = this.s;
    let i = from;
    let c = s.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++i);
    if (c !== QUOTE) throw MALFORMED;
    i = this.stringEnd(i) + 1;
    c = s.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++i);
    if (c !== COLON) throw MALFORMED;
    return i + 1;
  }
}
