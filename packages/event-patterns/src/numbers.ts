/**
 * Numbers compared by value. A numeral a double holds exactly (its shortest round-trip form
 * denotes the same decimal) is keyed by that form, so `3`, `3.0` and `3e0` share the key `3`.
 * Any other numeral (`9007199254740993`, a 30-digit decimal) is keyed by its exact decimal
 * value, marked with `~`, so it can never collide with a double's key.
 */

/** Canonical exact decimal: `-` sign, significant digits, `e`, exponent (`0` for zero). */
export function normalizeDecimal(text: string): string {
  let i = 0;
  let neg = false;
  if (text.charCodeAt(0) === 0x2d) {
    neg = true;
    i = 1;
  }
  let digits = '';
  let exp = 0;
  let seenPoint = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      seenPoint = true;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === '' && c === 0x30) {
        if (seenPoint) exp--;
        continue;
      }
      digits += text[i];
      if (seenPoint) exp--;
    } else {
      exp += Number(text.slice(i + 1)); // e / E and a signed integer
      break;
    }
  }
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 0x30) end--;
  if (end === 0) return '0';
  exp += digits.length - end;
  return `${neg ? '-' : ''}${digits.slice(0, end)}e${exp}`;
}

function isShortInteger(text: string): boolean {
  const n = text.length;
  const start = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (n - start < 1 || n - start > 15) return false;
  const first = text.charCodeAt(start);
  if (first === 0x30) return n - start === 1 && start === 0;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Key under which a JSON numeral is compared for equality. */
export function numeralKey(text: string): string {
  if (isShortInteger(text)) return text;
  const value = Number(text);
  if (Number.isFinite(value)) {
    const shortest = String(value);
    if (normalizeDecimal(shortest) === normalizeDecimal(text)) return shortest;
  }
  return `~${normalizeDecimal(text)}`;
}

/** Key of a JavaScript number (finite). */
export function doubleKey(value: number): string {
  return String(value); // String(-0) is "0"
}
