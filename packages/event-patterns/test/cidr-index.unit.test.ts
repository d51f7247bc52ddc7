/** CidrIndex and the allocation-free IPv4 reading agree with parseIp and inRange. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CidrIndex } from '../src/cidr-index.js';
import { inRange, parseCidr, parseIp, parseIpv4Bytes, parseIpv4Number, type CidrRange } from '../src/ip.js';
import { Leaf } from '../src/leaf.js';
import { IP_STRINGS } from './arbitraries.js';
import { inBytes } from './ascii-bytes.js';

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 10, 255));
const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const word = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, 0xdb8, 0x2001, 0xffff));
const v6 = fc.array(word, { minLength: 8, maxLength: 8 }).map((w) => w.map((x) => x.toString(16)).join(':'));
/** Near-misses of dotted decimal: leading zeros, big parts, wrong part counts, stray characters. */
const almostV4 = fc
  .array(fc.constantFrom('0', '1', '9', '25', '255', '256', '01', '00', '1000', '', ' 1', '1a', '-1'), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('.'));
const address = fc.oneof(v4, v6, almostV4, fc.constantFrom(...IP_STRINGS, '', '1.2.3.4.', '.1.2.3', '::ffff:1.2.3.4', '1.2.3.4/8'));
const v4Range = fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([a, bits]) => `${a}/${bits}`);
const v6Range = fc.tuple(v6, fc.oneof(fc.integer({ min: 0, max: 128 }), fc.constantFrom(16, 47, 48, 49, 64, 127))).map(([a, bits]) => `${a}/${bits}`);

function cidr(text: string): CidrRange {
  const r = parseCidr(text);
  if (!r) throw new Error(text);
  return r;
}

/** A range's network address, and the same with one bit flipped at several depths. */
function nearby(r: CidrRange): string[] {
  const out: string[] = [];
  for (const bit of [-1, 0, r.bits - 1, r.bits, 47, 48, 49, r.v6 ? 127 : 31]) {
    const words = [...r.words];
    const w = bit >> 4;
    if (bit >= 0 && w < words.length) words[w]! ^= 0x8000 >> (bit & 15);
    out.push(r.v6 ? words.map((x) => x.toString(16)).join(':') : [words[0]! >> 8, words[0]! & 255, words[1]! >> 8, words[1]! & 255].join('.'));
  }
  return out;
}

describe('parseIpv4Number', () => {
  it('reads exactly what parseIp reads as IPv4, as one number', () => {
    fc.assert(
      fc.property(address, (text) => {
        const ip = parseIp(text);
        const n = parseIpv4Number(text);
        if (ip === undefined || ip.v6) assert.equal(n, -1, text);
        else assert.equal(n, ip.words[0]! * 0x10000 + ip.words[1]!, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads ASCII bytes in place as it reads the string (parseIpv4Bytes)', () => {
    fc.assert(
      fc.property(address, fc.constantFrom('', '1', '.', '"'), fc.constantFrom('', '9', '.', '"'), (text, before, after) => {
        const { b, start, end } = inBytes(text, before, after);
        assert.equal(parseIpv4Bytes(b, start, end), parseIpv4Number(text), text);
      }),
      { numRuns: 3000 },
    );
  });
});

/** A plain reference reading of IPv6 (split and regular expressions) for the hand-rolled one. */
function referenceV6(text: string): number[] | undefined {
  const groupsOf = (t: string): number[] | undefined => {
    if (t === '') return [];
    const out: number[] = [];
    for (const g of t.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  if (text.length > 45 || text.length < 2 || !text.includes(':')) return undefined;
  let body = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const v4 = parseIp(text.slice(lastColon + 1));
    if (!v4 || v4.v6) return undefined;
    tail = [...v4.words];
    body = text.slice(0, lastColon);
    if (body.endsWith(':')) body += ':';
  }
  const want = 8 - tail.length;
  const gap = body.indexOf('::');
  if (gap < 0) {
    const words = groupsOf(body);
    return words && words.length === want ? [...words, ...tail] : undefined;
  }
  if (body.indexOf('::', gap + 1) >= 0) return undefined;
  const head = groupsOf(body.slice(0, gap));
  const rest = groupsOf(body.slice(gap + 2));
  if (!head || !rest || head.length + rest.length > want - 1) return undefined;
  return [...head, ...new Array<number>(want - head.length - rest.length).fill(0), ...rest, ...tail];
}

/** IPv6-like soup: hex digits, colons, dots, near-miss characters. */
const v6soup = fc.string({ unit: fc.constantFrom('0', '1', 'a', 'F', 'f', 'g', ':', ':', ':', '.', '2', '5', 'ffff', '255', ' '), maxLength: 24 });
/** Mostly well-formed: 0-9 groups (some malformed), maybe one or two `::`, maybe an IPv4 tail. */
const v6shaped = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: fc.constantFrom('0', 'db8', 'FFFF', '2001', 'a'), weight: 8 }, { arbitrary: fc.constantFrom('', '12345', 'g'), weight: 1 }), { maxLength: 9 }),
    fc.array(fc.nat(9), { maxLength: 2 }),
    fc.option(fc.constantFrom('1.2.3.4', '10.0.0.255', '1.2.3', '01.2.3.4'), { nil: undefined }),
  )
  .map(([gs, gaps, tail]) => {
    const parts: string[] = [...gs];
    for (const g of gaps) parts.splice(Math.min(g, parts.length), 0, '');
    if (tail !== undefined) parts.push(tail);
    let text = parts.join(':');
    if (text.startsWith(':') && !text.startsWith('::')) text = ':' + text;
    if (text.endsWith(':') && !text.endsWith('::')) text += ':';
    return text;
  });
const v6ish = fc.oneof(v6soup, v6shaped);

describe('parseIp (IPv6)', () => {
  it('agrees with a split-and-regex reading', () => {
    fc.assert(
      fc.property(fc.oneof(v6ish, v6, address), (text) => {
        const ip = parseIp(text);
        const want = referenceV6(text);
        if (want === undefined) assert.ok(ip === undefined || !ip.v6, text);
        else assert.deepEqual(ip, { v6: true, words: want }, text);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('CidrIndex', () => {
  it('finds exactly the blocks holding an address, IPv4 and IPv6, any prefix length', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(v4Range, v6Range), { minLength: 1, maxLength: 25 }), fc.array(address, { maxLength: 25 }), (texts, values) => {
        const ranges = texts.map(cidr);
        const index = new CidrIndex();
        ranges.forEach((r, i) => index.add(r, i));
        // Values inside the ranges too (each one's network address) and ones just outside.
        for (const v of [...values, ...ranges.flatMap(nearby)]) {
          const leaf = new Leaf().setString(v);
          const got: number[] = [];
          index.collect(leaf, { hit: (id) => got.push(id) });
          const ip = parseIp(v);
          const want = ranges.flatMap((r, i) => (ip !== undefined && inRange(r, ip) ? [i] : []));
          assert.deepEqual(got.sort((a, b) => a - b), want, v);
        }
      }),
      { numRuns: 500 },
    );
  });
});
