/** Test helper: ASCII text as the byte scanner sees it, inside a longer buffer. */

/** `value` in bytes between other text, and where it stands: b[start, end). */
export function inBytes(value: string, before = 'x"', after = '"yz'): { b: Uint8Array; start: number; end: number } {
  const text = before + value + after;
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) throw new RangeError('not ASCII');
    b[i] = c;
  }
  return { b, start: before.length, end: before.length + value.length };
}
