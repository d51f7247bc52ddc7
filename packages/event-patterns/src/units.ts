/**
 * Literals (wildcard pieces, infix pieces) as arrays of UTF-16 units, compared in place with
 * ASCII event text in bytes: where a value was never cut out as a string, the checks that
 * would use startsWith, endsWith or indexOf on it read its bytes instead. A unit above 0x7f
 * never equals a byte of ASCII text, so a literal that is not ASCII simply never matches.
 */

/** The UTF-16 units of `s`. */
export function unitsOf(s: string): Uint16Array {
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
}

/** Whether b[at, at + u.length) equals u and lies within b[.., end). */
export function unitsAt(b: Uint8Array, at: number, end: number, u: Uint16Array): boolean {
  const n = u.length;
  if (at + n > end) return false;
  for (let k = 0; k < n; k++) if (b[at + k] !== u[k]) return false;
  return true;
}

/** The first position p >= from with b[p, p + u.length) = u within b[.., end), or -1. */
export function indexOfUnits(b: Uint8Array, from: number, end: number, u: Uint16Array): number {
  const n = u.length;
  if (n === 0) return from <= end ? from : -1;
  const first = u[0]!;
  for (let p = from, last = end - n; p <= last; p++) {
    if (b[p] !== first) continue;
    let k = 1;
    while (k < n && b[p + k] === u[k]) k++;
    if (k === n) return p;
  }
  return -1;
}
