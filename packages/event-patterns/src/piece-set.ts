/**
 * Literal pieces that a value may contain anywhere (the inner pieces of `*x*` wildcards),
 * found with skips (Wu–Manber): every piece is represented by its first m characters, m the
 * shortest piece's length, and a table says for each three characters how far the end of
 * such a window can be from them. Where three characters of the value occur in no window,
 * the scan moves m - 2 characters on at once, so a value is read in a few steps, not one per
 * character.
 *
 * Hot path: runs for every value at a path with infix wildcards, so it neither allocates nor
 * calls back; findBytes reads ASCII event text in place.
 */
import { unitsAt, unitsOf } from './units.js';

/** Hash table size for three-character blocks; a power of two. */
const TABLE = 4096;
/** Windows longer than this gain nothing more (shifts are kept in bytes). */
const MAX_WINDOW = 64;

function blockHash(a: number, b: number, c: number): number {
  return (((a * 31) ^ b) * 31 ^ c) & (TABLE - 1);
}

export class PieceSet<T> {
  private readonly pieces: string[] = [];
  /** The pieces as UTF-16 units, for findBytes. */
  private readonly units: Uint16Array[] = [];
  private readonly items: T[] = [];
  /** Built on first use after an add(). */
  private shift: Uint8Array | null = null;
  /** Per block hash: the pieces whose window ends with such a block. */
  private ends: Array<number[] | undefined> = [];
  private window = 0;
  private stamp = new Int32Array(0);
  private tick = 0;
  /** Items found by the last find(): found[0 .. count). */
  readonly found: T[] = [];

  /** Files `item` under `piece` (three characters or more). */
  add(piece: string, item: T): void {
    if (piece.length < 3) throw new RangeError('a piece needs three characters');
    this.pieces.push(piece);
    this.units.push(unitsOf(piece));
    this.items.push(item);
    this.shift = null;
  }

  get size(): number {
    return this.pieces.length;
  }

  private build(): Uint8Array {
    let m = MAX_WINDOW;
    for (const p of this.pieces) m = Math.min(m, p.length);
    const shift = new Uint8Array(TABLE).fill(m - 2);
    const ends = new Array<number[] | undefined>(TABLE).fill(undefined);
    this.pieces.forEach((p, i) => {
      for (let q = 2; q < m; q++) {
        const h = blockHash(p.charCodeAt(q - 2), p.charCodeAt(q - 1), p.charCodeAt(q));
        shift[h] = Math.min(shift[h]!, m - 1 - q);
      }
      (ends[blockHash(p.charCodeAt(m - 3), p.charCodeAt(m - 2), p.charCodeAt(m - 1))] ??= []).push(i);
    });
    this.window = m;
    this.ends = ends;
    this.stamp = new Int32Array(this.pieces.length);
    this.tick = 0;
    return (this.shift = shift);
  }

  /** Finds the items whose piece `value` contains (each once); returns their count. */
  find(value: string): number {
    const shift = this.shift ?? this.build();
    const m = this.window;
    const n = value.length;
    if (n < m) return 0;
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const stamp = this.stamp;
    let count = 0;
    let pos = m - 1;
    while (pos < n) {
      const h = blockHash(value.charCodeAt(pos - 2), value.charCodeAt(pos - 1), value.charCodeAt(pos));
      const s = shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const ends = this.ends[h];
      if (ends !== undefined) {
        for (let k = 0; k < ends.length; k++) {
          const i = ends[k]!;
          if (stamp[i] !== tick && value.startsWith(this.pieces[i]!, pos - m + 1)) {
            stamp[i] = tick;
            this.found[count++] = this.items[i]!;
          }
        }
      }
      pos++;
    }
    return count;
  }

  /** find() over ASCII text in bytes, b[start, end). */
  findBytes(b: Uint8Array, start: number, end: number): number {
    const shift = this.shift ?? this.build();
    const m = this.window;
    if (end - start < m) return 0;
    const tick = ++this.tick === 0x7fffffff ? this.restart() : this.tick;
    const stamp = this.stamp;
    let count = 0;
    let pos = start + m - 1;
    while (pos < end) {
      const h = blockHash(b[pos - 2]!, b[pos - 1]!, b[pos]!);
      const s = shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const ends = this.ends[h];
      if (ends !== undefined) {
        for (let k = 0; k < ends.length; k++) {
          const i = ends[k]!;
          if (stamp[i] !== tick && unitsAt(b, pos - m + 1, end, this.units[i]!)) {
            stamp[i] = tick;
            this.found[count++] = this.items[i]!;
          }
        }
      }
      pos++;
    }
    return count;
  }

  private restart(): number {
    this.stamp.fill(0);
    return (this.tick = 1);
  }
}
