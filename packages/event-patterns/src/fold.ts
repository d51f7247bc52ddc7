/**
 * Case folding for equals-ignore-case: upper- then lower-casing maps `ß`, `SS` and `ss`
 * together, `ſ` to `s` and both Greek sigmas to one form, on either side alike. For ASCII
 * text that is the same as lower-casing, which is done alone (one allocation, not two) — or,
 * for ASCII event text still in bytes, byte by byte through LOWER_BYTE without cutting a
 * string out at all.
 */
const ASCII = /^[\u0000-\u007f]*$/;

export function foldCase(value: string): string {
  return ASCII.test(value) ? value.toLowerCase() : value.toUpperCase().toLowerCase();
}

/** Every byte as itself: a walk over bytes that does not fold. */
export const SAME_BYTE: Uint8Array = Uint8Array.from({ length: 256 }, (_, c) => c);

/** ASCII capitals to small letters, other bytes as they are: foldCase for ASCII text. */
export const LOWER_BYTE: Uint8Array = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));
