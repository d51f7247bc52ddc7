// $or: top level, nested, inside nested objects, combined with ANDed fields, $or in $or.
import { matchGroup } from './types.js';

const g = matchGroup('$or');

g.each('top-level $or of two fields', '{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}', [
  ['{"Location":"New York"}', true, 'first alternative'],
  ['{"Day":"Monday"}', true, 'second alternative'],
  ['{"Location":"New York","Day":"Monday"}', true, 'both alternatives'],
  ['{"Location":"Boston","Day":"Friday"}', false, 'neither'],
  ['{}', false, 'empty event'],
]);

g.each('$or ANDed with a sibling field', '{"source":["metrics"],"$or":[{"metric":["cpu","mem"]},{"namespace":["svc/a"]}]}', [
  ['{"source":"metrics","metric":"cpu"}', true, 'source and first alternative'],
  ['{"source":"metrics","namespace":"svc/a"}', true, 'source and second alternative'],
  ['{"metric":"cpu"}', false, 'alternative without source'],
  ['{"source":"metrics"}', false, 'source without any alternative'],
  ['{"source":"logs","metric":"mem"}', false, 'wrong source'],
]);

g.each('alternatives with several fields each', '{"$or":[{"a":[1],"b":[2]},{"c":[3],"d":[4]}]}', [
  ['{"a":1,"b":2}', true, 'whole first alternative'],
  ['{"c":3,"d":4}', true, 'whole second alternative'],
  ['{"a":1,"d":4}', false, 'half of each'],
  ['{"a":1,"b":0,"c":3,"d":0}', false, 'half of each, other halves wrong'],
]);

g.each('three alternatives with operators', '{"$or":[{"n":[{"numeric":[">",100]}]},{"s":[{"prefix":"err"}]},{"flag":[{"exists":true}]}]}', [
  ['{"n":101}', true, 'numeric alternative'],
  ['{"s":"error!"}', true, 'prefix alternative'],
  ['{"flag":false}', true, 'exists alternative'],
  ['{"n":5,"s":"ok"}', false, 'none'],
]);

g.each('same field in different alternatives', '{"$or":[{"a":[{"numeric":[">",10]}]},{"a":[{"exists":false}]}]}', [
  ['{"a":11}', true, 'numeric alternative'],
  ['{"b":1}', true, 'exists false alternative'],
  ['{"a":5}', false, 'neither'],
  ['{"a":"x"}', false, 'string, neither'],
]);

g.each('$or inside a nested object', '{"detail":{"$or":[{"source":["aws.cloudwatch"]},{"detail-type":["Alarm"]}]}}', [
  ['{"detail":{"source":"aws.cloudwatch"}}', true, 'first alternative nested'],
  ['{"detail":{"detail-type":"Alarm"}}', true, 'second alternative nested'],
  ['{"source":"aws.cloudwatch"}', false, 'right field, wrong level'],
  ['{"detail":{"source":"aws.ec2"}}', false, 'nested, wrong value'],
]);

g.each('parallel $or at two levels', '{"$or":[{"m":["cpu"]},{"ns":["ec2"]}],"detail":{"$or":[{"src":["cw"]},{"dt":["alarm"]}]}}', [
  ['{"m":"cpu","detail":{"src":"cw"}}', true, 'first and first'],
  ['{"ns":"ec2","detail":{"dt":"alarm"}}', true, 'second and second'],
  ['{"m":"cpu"}', false, 'outer only'],
  ['{"detail":{"dt":"alarm"}}', false, 'inner only'],
]);

g.each('$or inside an alternative ($or within $or)',
  '{"kind":["order"],"$or":[{"status":["new","paid"]},{"region":["eu"],"tier":["gold"],"$or":[{"priority":[1]},{"vip":[true]}]},{"channel":["web"]}]}', [
    ['{"kind":"order","status":"paid"}', true, 'first alternative'],
    ['{"kind":"order","region":"eu","tier":"gold","priority":1}', true, 'second alternative, inner first'],
    ['{"kind":"order","region":"eu","tier":"gold","vip":true}', true, 'second alternative, inner second'],
    ['{"kind":"order","region":"eu","tier":"gold","priority":2}', false, 'second alternative, inner fails'],
    ['{"kind":"order","region":"eu","priority":1}', false, 'second alternative missing tier'],
    ['{"kind":"order","channel":"web"}', true, 'third alternative'],
    ['{"kind":"refund","channel":"web"}', false, 'kind fails'],
  ]);

g.each('$or with nested objects in alternatives', '{"$or":[{"detail":{"a":["x"]}},{"detail":{"b":["y"]}}]}', [
  ['{"detail":{"a":"x"}}', true, 'first'],
  ['{"detail":{"b":"y"}}', true, 'second'],
  ['{"detail":{"a":"y","b":"x"}}', false, 'swapped values'],
]);

g.each('same parent object in the pattern and an alternative', '{"x":{"a":[1]},"$or":[{"x":{"b":[2]}},{"c":[3]}]}', [
  ['{"x":{"a":1,"b":2}}', true, 'x.a and x.b'],
  ['{"x":{"a":1},"c":3}', true, 'x.a and c'],
  ['{"x":{"b":2},"c":3}', false, 'x.a missing'],
], { note: 'x.a and x.b are different paths, so this is not a duplicate path' });

g.each('$or with anything-but and wildcard', '{"$or":[{"env":[{"anything-but":"prod"}]},{"host":[{"wildcard":"*.internal"}]}]}', [
  ['{"env":"dev"}', true, 'anything-but alternative'],
  ['{"env":"prod","host":"db.internal"}', true, 'wildcard alternative'],
  ['{"env":"prod","host":"db.example.com"}', false, 'neither'],
  ['{"host":"web.example.com"}', false, 'env missing, host does not match'],
]);

g.each('$or key next to an ordinary $or-free sibling object', '{"meta":{"v":[2]},"$or":[{"a":["1"]},{"b":["1"]}]}', [
  ['{"meta":{"v":2},"b":"1"}', true, 'sibling and second alternative'],
  ['{"meta":{"v":2.0},"a":"1"}', true, 'sibling 2.0 and first alternative'],
  ['{"meta":{"v":2},"a":1}', false, 'number 1 is not string "1"'],
]);

// 12 parallel two-way $or objects expand to 2^12 = 4096 alternatives: the limit, still valid.
const twelve = Array.from({ length: 12 }, (_, i) => `"f${i}":{"$or":[{"a":[1]},{"b":[1]}]}`).join(',');
const allA = Array.from({ length: 12 }, (_, i) => `"f${i}":{"a":1}`).join(',');
const allButLast = Array.from({ length: 11 }, (_, i) => `"f${i}":{"b":1}`).join(',');
g.each('4096 alternatives is still allowed', `{${twelve}}`, [
  [`{${allA}}`, true, 'every $or satisfied'],
  [`{${allButLast},"f11":{"c":1}}`, false, 'last $or unsatisfied'],
], { note: 'SEMANTICS.md: TOO_COMPLEX only above 4,096 alternatives' });

export const orCases = g.cases;
