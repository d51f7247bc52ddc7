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

function parseIpv4(text: string): number[] | undefined {
  const address = parseIpv4Number(text);
  return address < 0 ? undefined : [address >>> 16, address & 0xffff];
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    out.push(parseInt(group, 16));
  }
  return out;
}

function parseIpv6(text: string): number[] | undefined {
  let body = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    body = text.slice(0, lastColon);
    if (body.endsWith(':')) body += ':'; // "::1.2.3.4" keeps its "::"
  }
  const want = 8 - tail.length;
  const gap = body.indexOf('::');
  let words: number[] | undefined;
  if (gap < 0) {
    words = parseGroups(body);
    if (!words || words.length !== want) return undefined;
  } else {
    if (body.indexOf('::', gap + 1) >= 0) return undefined;
    const head = parseGroups(body.slice(0, gap));
    const rest = parseGroups(body.slice(gap + 2));
    if (!head || !rest || head.length + rest.length > want - 1) return undefined;
    words = [...head, ...new Array<number>(want - head.length - rest.length).fill(0), ...rest];
  }
  return [...words, ...tail];
}

/** Parses an IPv4 or IPv6 address; undefined when the text is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.length > 45 || text.length < 2) return undefined;
  if (text.indexOf(':') >= 0) {
    const words = parseIpv6(text);
    return words ? { v6: true, words } : undefined;
  }
  const words = parseIpv4(text);
  return words ? { v6: false, words } : undefined;
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
