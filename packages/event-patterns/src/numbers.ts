/**
 * Numbers compared by value. A numeral a double holds exactly (its shortest round-trip form
 * denotes the same decimal) is keyed by that double, so `3`, `3.0` and `3e0` share a key.
 * Any other numeral (`9007199254740993`, a 30-digit decimal) is keyed by its exact decimal
 * value as a string, so it can never collide with a double's key.
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

/**
 * Key under which numbers are compared for equality: the double itself when it holds the
 * numeral exactly (Map keys compare doubles by value, and -0 equals 0), otherwise the
 * numeral's exact decimal as a `~`-marked string, which no double key can equal.
 */
export type NumberKey = number | string;

/**
 * True when the numeral has at most 15 significant digits and no exponent: every such decimal
 * survives the round trip through a double (15 digits always do), so no check is needed.
 */
function surelyExact(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 15) return false;
    } else if (c !== 0x2e && c !== 0x2d) {
      return false; // exponent
    }
  }
  return true;
}

/** Key of a JSON numeral. */
export function numeralKey(text: string): NumberKey {
  const value = Number(text);
  if (surelyExact(text)) return value;
  if (Number.isFinite(value) && normalizeDecimal(String(value)) === normalizeDecimal(text)) return value;
  return `~${normalizeDecimal(text)}`;
}
