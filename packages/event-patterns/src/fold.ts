/**
 * Case folding for equals-ignore-case: upper- then lower-casing maps `ß`, `SS` and `ss`
 * together, `ſ` to `s` and both Greek sigmas to one form, on either side alike. For ASCII
 * text that is the same as lower-casing, which is done alone (one allocation, not two).
 */
const ASCII = /^[\u0000-\u007f]*$/;

export function foldCase(value: string): string {
  return ASCII.test(value) ? value.toLowerCase() : value.toUpperCase().toLowerCase();
}
