// cidr (IPv4 and IPv6) and plain IP-address strings that match other spellings of the
// same address.
import { matchGroup } from './types.js';

const g = matchGroup('cidr');
const FAMILY = 'SEMANTICS.md: event values match only when they parse as an address of the same family';

g.each('IPv4 /24', '{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}', [
  ['{"detail":{"source-ip":"10.0.0.33"}}', true, 'inside'],
  ['{"detail":{"source-ip":"10.0.0.0"}}', true, 'network address'],
  ['{"detail":{"source-ip":"10.0.0.255"}}', true, 'broadcast address'],
  ['{"detail":{"source-ip":"10.0.1.0"}}', false, 'next network'],
  ['{"detail":{"source-ip":"9.255.255.255"}}', false, 'just below'],
  ['{"detail":{"source-ip":"10.0.0"}}', false, 'three octets is not an address'],
  ['{"detail":{"source-ip":"10.0.0.256"}}', false, 'octet out of range'],
  ['{"detail":{"source-ip":"not-an-ip"}}', false, 'not an address'],
  ['{"detail":{"source-ip":""}}', false, 'empty string'],
  ['{"detail":{"source-ip":167772161}}', false, 'number, not a string'],
  ['{"detail":{"source-ip":["192.168.0.1","10.0.0.7"]}}', true, 'one array element inside'],
  ['{"detail":{"dest-ip":"10.0.0.33"}}', false, 'field missing'],
]);

g.each('IPv4 /8', '{"ip":[{"cidr":"10.0.0.0/8"}]}', [
  ['{"ip":"10.255.255.255"}', true, 'top of range'],
  ['{"ip":"11.0.0.0"}', false, 'next /8'],
]);

g.each('IPv4 /12', '{"ip":[{"cidr":"172.16.0.0/12"}]}', [
  ['{"ip":"172.31.255.255"}', true, 'top of range'],
  ['{"ip":"172.32.0.0"}', false, 'just above'],
  ['{"ip":"172.15.255.255"}', false, 'just below'],
]);

g.each('IPv4 /32', '{"ip":[{"cidr":"192.168.1.1/32"}]}', [
  ['{"ip":"192.168.1.1"}', true, 'the one address'],
  ['{"ip":"192.168.1.2"}', false, 'neighbour'],
], { note: 'SEMANTICS.md allows /0-32 (event-ruler\'s CIDR.java only accepts IPv4 bits < 32)' });

g.each('IPv4 /1', '{"ip":[{"cidr":"128.0.0.0/1"}]}', [
  ['{"ip":"200.1.2.3"}', true, 'upper half'],
  ['{"ip":"127.255.255.255"}', false, 'lower half'],
]);

g.each('IPv4 /0', '{"ip":[{"cidr":"0.0.0.0/0"}]}', [
  ['{"ip":"8.8.8.8"}', true, 'any IPv4'],
  ['{"ip":"255.255.255.255"}', true, 'all ones'],
  ['{"ip":"::1"}', false, 'IPv6 address', { note: FAMILY }],
  ['{"ip":"localhost"}', false, 'host name'],
  ['{"ip":null}', false, 'null'],
]);

g.each('IPv4 host bits set in the pattern', '{"ip":[{"cidr":"10.0.0.77/24"}]}', [
  ['{"ip":"10.0.0.1"}', true, 'same /24'],
  ['{"ip":"10.0.1.77"}', false, 'other /24'],
], { note: 'SEMANTICS.md: host bits may be set; they are masked (as event-ruler does since its PR #89)' });

g.each('IPv6 /32', '{"ip":[{"cidr":"2001:db8::/32"}]}', [
  ['{"ip":"2001:db8::1"}', true, 'compressed'],
  ['{"ip":"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"}', true, 'top of range'],
  ['{"ip":"2001:0db8:0000:0000:0000:0000:0000:0001"}', true, 'fully written out'],
  ['{"ip":"2001:DB8::abcd"}', true, 'upper-case hex'],
  ['{"ip":"2001:db9::1"}', false, 'next /32'],
  ['{"ip":"10.0.0.1"}', false, 'IPv4 address', { note: FAMILY }],
  ['{"ip":"2001:db8::g"}', false, 'bad hex digit'],
]);

g.each('IPv6 /64', '{"ip":[{"cidr":"2001:db8:abcd:12::/64"}]}', [
  ['{"ip":"2001:db8:abcd:12:ffff:ffff:ffff:ffff"}', true, 'top of range'],
  ['{"ip":"2001:db8:abcd:12::"}', true, 'network address'],
  ['{"ip":"2001:db8:abcd:13::"}', false, 'next /64'],
]);

g.each('IPv6 /128', '{"ip":[{"cidr":"::1/128"}]}', [
  ['{"ip":"::1"}', true, 'compressed loopback'],
  ['{"ip":"0:0:0:0:0:0:0:1"}', true, 'uncompressed loopback'],
  ['{"ip":"0000:0000:0000:0000:0000:0000:0000:0001"}', true, 'zero-padded loopback'],
  ['{"ip":"::2"}', false, 'neighbour'],
], { note: 'SEMANTICS.md allows /0-128 (event-ruler\'s CIDR.java only accepts IPv6 bits < 128)' });

g.each('IPv6 /0', '{"ip":[{"cidr":"::/0"}]}', [
  ['{"ip":"fe80::1"}', true, 'any IPv6'],
  ['{"ip":"1.2.3.4"}', false, 'IPv4 address', { note: FAMILY }],
  ['{"ip":"::"}', true, 'unspecified address'],
]);

g.each('IPv6 with an IPv4 tail', '{"ip":[{"cidr":"64:ff9b::/96"}]}', [
  ['{"ip":"64:ff9b::192.0.2.33"}', true, 'IPv4 tail inside'],
  ['{"ip":"64:ff9b::c000:221"}', true, 'same address in hex'],
  ['{"ip":"64:ff9b:1::c000:221"}', false, 'outside'],
], { note: 'SEMANTICS.md: IPv6 with :: compression and an IPv4 tail' });

g.each('IPv6 network written out in full', '{"ip":[{"cidr":"fd00:0000:0000:0000:0000:0000:0000:0000/8"}]}', [
  ['{"ip":"fdab::1"}', true, 'inside'],
  ['{"ip":"fc00::1"}', false, 'outside'],
]);

g.each('several networks ORed', '{"ip":[{"cidr":"10.0.0.0/8"},{"cidr":"192.168.0.0/16"},{"cidr":"fc00::/7"}]}', [
  ['{"ip":"192.168.44.1"}', true, 'second network'],
  ['{"ip":"fd12::5"}', true, 'IPv6 network'],
  ['{"ip":"172.16.0.1"}', false, 'none'],
]);

const ip = matchGroup('ip-exact');
const IPEQ = 'SEMANTICS.md (as in event-ruler): a plain IP string also matches the same address written another way';

ip.each('IPv6 loopback', '{"ip":["::1"]}', [
  ['{"ip":"::1"}', true, 'same text'],
  ['{"ip":"0:0:0:0:0:0:0:1"}', true, 'uncompressed', { note: IPEQ }],
  ['{"ip":"0000:0000:0000:0000:0000:0000:0000:0001"}', true, 'zero-padded', { note: IPEQ }],
  ['{"ip":"::2"}', false, 'other address'],
  ['{"ip":"::1 "}', false, 'trailing space'],
]);

ip.each('uncompressed pattern, compressed event', '{"ip":["2001:db8:0:0:1:0:0:1"]}', [
  ['{"ip":"2001:db8::1:0:0:1"}', true, 'compressed', { note: IPEQ }],
  ['{"ip":"2001:DB8:0:0:1:0:0:1"}', true, 'upper-case hex', { note: IPEQ }],
  ['{"ip":"2001:db8:0:0:1:0:0:2"}', false, 'other address'],
]);

ip.each('IPv4 exact', '{"ip":["10.0.0.1"]}', [
  ['{"ip":"10.0.0.1"}', true, 'same'],
  ['{"ip":"10.0.0.2"}', false, 'other'],
  ['{"ip":"10.0.0.1/32"}', false, 'CIDR text is not the address'],
]);

export const cidrCases = g.cases;
export const ipExactCases = ip.cases;
