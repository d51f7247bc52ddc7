/**
 * CIDR blocks at one field path. An IPv4 value is read as one 32-bit number without
 * allocating (most values a cidr rule sees) and IPv4 blocks are ranges of such numbers, so
 * one binary search (RangeIndex) finds the blocks of every prefix length at once. IPv6 blocks
 * are grouped by prefix length, one map per distinct length keyed by the first 48 bits of
 * the masked network; blocks longer than that are confirmed bit by bit.
 */
import { inRange, type CidrRange, type IpAddress } from './ip.js';
import type { Leaf } from './leaf.js';
import { RangeIndex, type RangeEntry } from './range-index.js';
import type { HitSink } from './trie.js';

interface V6Block {
  readonly cond: number;
  readonly range: CidrRange;
}

interface V6Group {
  readonly bits: number;
  readonly networks: Map<number, V6Block[]>;
}

/** The first min(bits, 48) bits of an IPv6 address as a number (exact: below 2^53). */
function v6Key(words: readonly number[], bits: number): number {
  let key = 0;
  for (let i = 0; i < 3; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : bits <= 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    key = key * 0x10000 + (words[i]! & mask);
  }
  return key;
}

export class CidrIndex {
  /** IPv4 blocks as closed ranges of addresses, searched through v4Index (built on use). */
  private readonly v4: RangeEntry[] = [];
  private v4Index: RangeIndex | null = null;
  private readonly v6: V6Group[] = [];

  add(range: CidrRange, cond: number): void {
    if (!range.v6) {
      const size = 2 ** (32 - range.bits);
      const lo = Math.floor((range.words[0]! * 0x10000 + range.words[1]!) / size) * size;
      this.v4.push({ cond, lo, loOpen: false, hi: lo + size - 1, hiOpen: false });
      this.v4Index = null;
      return;
    }
    let group = this.v6.find((g) => g.bits === range.bits);
    if (!group) this.v6.push((group = { bits: range.bits, networks: new Map() }));
    const key = v6Key(range.words, range.bits);
    const blocks = group.networks.get(key);
    if (blocks) blocks.push({ cond, range });
    else group.networks.set(key, [{ cond, range }]);
  }

  /** Reports every condition with a block holding the leaf's string as an address. */
  collect(leaf: Leaf, sink: HitSink): void {
    if (this.v4.length > 0) {
      const address = leaf.ipv4();
      if (address >= 0) return (this.v4Index ??= new RangeIndex(this.v4)).collect(address, sink);
    }
    if (this.v6.length > 0) {
      const ip = leaf.address();
      if (ip !== undefined && ip.v6) this.collectV6(ip, sink);
    }
  }

  private collectV6(ip: IpAddress, sink: HitSink): void {
    for (const group of this.v6) {
      const blocks = group.networks.get(v6Key(ip.words, group.bits));
      if (blocks === undefined) continue;
      for (const b of blocks) if (group.bits <= 48 || inRange(b.range, ip)) sink.hit(b.cond);
    }
  }
}
