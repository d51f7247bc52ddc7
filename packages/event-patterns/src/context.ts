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
