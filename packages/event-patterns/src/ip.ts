/**
 * IPv4 and IPv6 addresses and CIDR ranges. An address is eight (IPv6) or two (IPv4) 16-bit
 * words; a range is an address plus a prefix length.
 */

export interface IpAddress {
  readonly v6: boolean;
  readonly words: readonly number[];
}

export interface CidrRange extends IpAddress {
  readonly bits: number;
}

/**
 * Dotted decimal, no leading zeros, as one unsigned 32-bit number; -1 when the text is not an
 * IPv4 address. Hand-rolled and allocation-free because it runs for every value a cidr rule
 * sees.
 */
export function parseIpv4Number(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let address = 0;
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return -1;
      address = address * 256 + value;
      part++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return -1; // leading zero
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return -1;
    } else {
      return -1;
    }
  }
  return part === 4 ? address : -1;
}

/** parseIpv4Number of the ASCII text in b[start, end), read in place. */
export function parseIpv4Bytes(b: Uint8Array, start: number, end: number): number {
  if (end - start < 7 || end - start > 15) return -1;
  let address = 0;
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? b[i]! : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return -1;
      address = address * 256 + value;
      part++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return -1; // leading zero
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return -1;
    } else {
      return -1;
    }
  }
  return part === 4 ? address : -1;
}

/** Hex digit value of a character code; -1 for any other character. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Scratch for the groups of one IPv6 address (parsing is not re-entrant). */
const groups: number[] = [];

/**
 * Colon-separated groups of one to four hex digits in text[from, to), written to `groups`
 * from index `at`; returns the index after the last, or -1 when malformed. An empty range has
 * no groups. Hand-rolled (no split, no regular expression): it runs for every IPv6 value a
 * cidr rule sees.
 */
function parseGroups(text: string, from: number, to: number, at: number): number {
  if (from === to) return at;
  let value = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0x3a;
    if (c === 0x3a) {
      if (digits === 0) return -1;
      groups[at++] = value;
      value = 0;
      digits = 0;
    } else {
      const d = hexDigit(c);
      if (d < 0 || ++digits > 4) return -1;
      value = value * 16 + d;
    }
  }
  return at;
}

function parseIpv6(text: string): number[] | undefined {
  // The groups are text[0, end); an IPv4 tail after the last colon makes two more words.
  let end = text.length;
  let tail = -1;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    tail = parseIpv4Number(text.slice(lastColon + 1));
    if (tail < 0) return undefined;
    end = lastColon > 0 && text.charCodeAt(lastColon - 1) === 0x3a ? lastColon + 1 : lastColon; // "::1.2.3.4" keeps its "::"
  }
  const want = tail < 0 ? 8 : 6;
  let gap = text.indexOf('::');
  if (gap + 2 > end) gap = -1;
  let head: number;
  let count: number;
  if (gap < 0) {
    head = count = parseGroups(text, 0, end, 0);
    if (count !== want) return undefined;
  } else {
    const again = text.indexOf('::', gap + 1);
    if (again >= 0 && again + 2 <= end) return undefined;
    head = parseGroups(text, 0, gap, 0);
    if (head < 0) return undefined;
    count = parseGroups(text, gap + 2, end, head);
    if (count < 0 || count > want - 1) return undefined;
  }
  const words: number[] = [];
  for (let i = 0; i < head; i++) words.push(groups[i]!);
  for (let i = count; i < want; i++) words.push(0);
  for (let i = head; i < count; i++) words.push(groups[i]!);
  if (tail >= 0) words.push(tail >>> 16, tail & 0xffff);
  return words;
}

/** Parses an IPv4 or IPv6 address; undefined when the text is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.length > 45 || text.length < 2) return undefined;
  if (text.indexOf(':') >= 0) {
    const words = parseIpv6(text);
    return words ? { v6: true, words } : undefined;
  }
  const address = parseIpv4Number(text);
  return address < 0 ? undefined : { v6: false, words: [address >>> 16, address & 0xffff] };
}

/** Parses `address/bits`; undefined when malformed. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (!ip || !/^(?:0|[1-9][0-9]{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > (ip.v6 ? 128 : 32)) return undefined;
  return { ...ip, bits };
}

/** True when `ip` lies inside `range`. */
export function inRange(range: CidrRange, ip: IpAddress): boolean {
  if (range.v6 !== ip.v6) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((range.words[i]! ^ ip.words[i]!) & mask) !== 0) return false;
  }
  return true;
}
