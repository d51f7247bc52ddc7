/**
 * Array contexts: where a leaf sits among the arrays of objects above it, as a flat list
 * [arrayId, elementIndex, arrayId, elementIndex, ...] from the outermost array inward.
 * Array ids are unique per array instance within one event.
 */
export type Context = readonly number[];

/** Two contexts agree unless they pick different elements of the same array. */
export function consistent(a: Context, b: Context): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 2) {
    if (a[i] !== b[i]) return true; // different arrays: the paths have parted
    if (a[i + 1] !== b[i + 1]) return false;
  }
  return true;
}

/**
 * The contexts of one event's hits, in flat typed arrays that are reused across events, so a
 * hit inside an array of objects allocates nothing. A snapshot is a copy of the walk's context
 * stack (taken once per array element, however many hits it holds); a record is one entry of
 * a per-condition (or per-node) list of snapshots, linked through `next`.
 */
export class ContextLog {
  private pool = new Int32Array(256);
  private poolLen = 0;
  /** Snapshot id -> start in pool; its end is the next snapshot's start. */
  private start = new Int32Array(65);
  private snaps = 0;
  /** Record id -> its snapshot id and the next record of the same list (-1 at the end). */
  snapOf = new Int32Array(256);
  next = new Int32Array(256);
  private records = 0;

  /** Forgets everything (a new event). */
  reset(): void {
    this.poolLen = 0;
    this.snaps = 0;
    this.records = 0;
  }

  /** Stores ctx[0, len) as a new snapshot; returns its id. */
  take(ctx: readonly number[], len: number): number {
    const id = this.snaps++;
    if (id + 2 > this.start.length) this.start = grown(this.start, id + 2);
    const at = this.poolLen;
    if (at + len > this.pool.length) this.pool = grown(this.pool, at + len);
    const pool = this.pool;
    for (let i = 0; i < len; i++) pool[at + i] = ctx[i]!;
    this.start[id] = at;
    this.start[id + 1] = this.poolLen = at + len;
    return id;
  }

  /** A new record of `snap`, linked after record `tail` (when >= 0); returns its id. */
  add(snap: number, tail: number): number {
    const r = this.records++;
    if (r >= this.next.length) {
      this.next = grown(this.next, r + 1);
      this.snapOf = grown(this.snapOf, r + 1);
    }
    this.snapOf[r] = snap;
    this.next[r] = -1;
    if (tail >= 0) this.next[tail] = r;
    return r;
  }

  /** consistent() over two snapshots; a negative id is the empty context (agrees with all). */
  agree(a: number, b: number): boolean {
    if (a < 0 || b < 0) return true;
    const pool = this.pool;
    const start = this.start;
    const i0 = start[a]!;
    const j0 = start[b]!;
    const n = Math.min(start[a + 1]! - i0, start[b + 1]! - j0);
    for (let k = 0; k < n; k += 2) {
      if (pool[i0 + k] !== pool[j0 + k]) return true;
      if (pool[i0 + k + 1] !== pool[j0 + k + 1]) return false;
    }
    return true;
  }
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
