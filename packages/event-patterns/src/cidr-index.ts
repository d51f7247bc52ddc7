/**
 * CIDR blocks at one field path, grouped by family and prefix length: one map per distinct
 * length, keyed by the masked network as a number, so a lookup costs one probe per distinct
 * length however many blocks there are. An IPv4 value is read as one 32-bit number without
 * allocating (most values a cidr rule sees); IPv6 keys are the first 48 bits, and blocks
 * longer than that are confirmed bit by bit.
 */
import { inRange, type CidrRange, type IpAddress } from './ip.js';
import type { Leaf } from './leaf.js';
import type { HitSink } from './trie.js';

interface V4Group {
  readonly mask: number;
  readonly networks: Map<number, number[]>;
}

interface V6Block {
  readonly cond: number;
  readonly range: CidrRange;
}

interface V6Group {
  readonly bits: number;
  readonly networks: Map<number, V6Block[]>;
}

/** The network mask of a prefix length, as a signed 32-bit number. */
function maskOf(bits: number): number {
  return bits === 0 ? 0 : -1 << (32 - bits);
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
  private readonly v4: V4Group[] = [];
  private readonly v4Bits: number[] = [];
  private readonly v6: V6Group[] = [];

  add(range: CidrRange, cond: number): void {
    if (!range.v6) {
      let at = this.v4Bits.indexOf(range.bits);
      if (at < 0) {
        at = this.v4.push({ mask: maskOf(range.bits), networks: new Map() }) - 1;
        this.v4Bits.push(range.bits);
      }
      const group = this.v4[at]!;
      const network = ((range.words[0]! << 16) | range.words[1]!) & group.mask; // int32: a small-integer key
      const ids = group.networks.get(network);
      if (ids) ids.push(cond);
      else group.networks.set(network, [cond]);
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
      if (address >= 0) return this.collectV4(address, sink);
    }
    if (this.v6.length > 0) {
      const ip = leaf.address();
      if (ip !== undefined && ip.v6) this.collectV6(ip, sink);
    }
  }

  private collectV4(address: number, sink: HitSink): void {
    const groups = this.v4;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const ids = group.networks.get(address & group.mask);
      if (ids !== undefined) for (let k = 0; k < ids.length; k++) sink.hit(ids[k]!);
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
