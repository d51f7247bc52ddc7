/** CidrIndex and the allocation-free IPv4 reading agree with parseIp and inRange. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CidrIndex } from '../src/cidr-index.js';
import { inRange, parseCidr, parseIp, parseIpv4Number, type CidrRange } from '../src/ip.js';
import { Leaf } from '../src/leaf.js';
import { IP_STRINGS } from './arbitraries.js';

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
