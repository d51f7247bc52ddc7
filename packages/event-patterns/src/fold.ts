/**
 * Case folding for equals-ignore-case: upper- then lower-casing maps `ß`, `SS` and `ss`
 * together, `ſ` to `s` and both Greek sigmas to one form, on either side alike.
 */
export function foldCase(value: string): string {
  return value.toUpperCase().toLowerCase();
}
