// null and empty-string values; types never mix; Unicode text.
import { matchGroup } from './types.js';

const n = matchGroup('null-empty');

n.each('empty string', '{"detail":{"eventVersion":[""]}}', [
  ['{"detail":{"eventVersion":""}}', true, 'empty string'],
  ['{"detail":{"eventVersion":null}}', false, 'null is not the empty string'],
  ['{"detail":{"eventVersion":" "}}', false, 'a space'],
  ['{"detail":{}}', false, 'field missing'],
  ['{"detail":{"eventVersion":[]}}', false, 'empty array'],
  ['{"detail":{"eventVersion":["x",""]}}', true, 'inside array'],
  ['{"detail":{"eventVersion":0}}', false, 'zero'],
]);

n.each('null', '{"detail":{"responseElements":[null]}}', [
  ['{"detail":{"responseElements":null}}', true, 'null'],
  ['{"detail":{"responseElements":""}}', false, 'empty string is not null'],
  ['{"detail":{"responseElements":"null"}}', false, 'string "null"'],
  ['{"detail":{}}', false, 'missing is not null'],
  ['{"detail":{"responseElements":{}}}', false, 'empty object'],
  ['{"detail":{"responseElements":[null]}}', true, 'array holding null'],
  ['{"detail":{"responseElements":false}}', false, 'false'],
  ['{"detail":{"responseElements":0}}', false, 'zero'],
]);

n.each('null or empty string', '{"v":[null,""]}', [
  ['{"v":null}', true, 'null'],
  ['{"v":""}', true, 'empty string'],
  ['{"v":"x"}', false, 'other string'],
]);

n.each('empty string vs string operators', '{"v":[{"prefix":"a"},{"suffix":"a"},{"equals-ignore-case":"a"}]}', [
  ['{"v":""}', false, 'empty string matches none'],
  ['{"v":"A"}', true, 'A matches ignoring case'],
]);

const t = matchGroup('types');

t.each('string "3" vs number 3', '{"v":["3"]}', [
  ['{"v":"3"}', true, 'string'],
  ['{"v":3}', false, 'number'],
]);

t.each('number 3 vs string "3"', '{"v":[3]}', [
  ['{"v":3}', true, 'number'],
  ['{"v":"3"}', false, 'string'],
  ['{"v":"3.0"}', false, 'string "3.0"'],
]);

t.each('string "true" vs true', '{"v":["true"]}', [
  ['{"v":"true"}', true, 'string'],
  ['{"v":true}', false, 'boolean'],
]);

t.each('string "false" vs false', '{"v":["false"]}', [
  ['{"v":false}', false, 'boolean'],
  ['{"v":"false"}', true, 'string'],
]);

t.each('string "null" vs null', '{"v":["null"]}', [
  ['{"v":null}', false, 'null'],
  ['{"v":"null"}', true, 'string'],
]);

t.each('number 0 vs false and ""', '{"v":[0]}', [
  ['{"v":false}', false, 'false'],
  ['{"v":""}', false, 'empty string'],
  ['{"v":null}', false, 'null'],
  ['{"v":-0.0}', true, 'negative zero equals zero in value', { note: 'SEMANTICS.md: numbers compare by value; -0.0 and 0 are the same value' }],
]);

t.each('number 1 vs true', '{"v":[1]}', [
  ['{"v":true}', false, 'true'],
  ['{"v":"1"}', false, 'string "1"'],
  ['{"v":1}', true, 'number'],
]);

t.each('numeric operator vs numeric string', '{"v":[{"numeric":["=",42]}]}', [
  ['{"v":"42"}', false, 'string "42"'],
  ['{"v":42}', true, 'number'],
]);

t.each('string operators vs numbers', '{"v":[{"prefix":"4"},{"suffix":"2"},{"wildcard":"*"},{"equals-ignore-case":"42"}]}', [
  ['{"v":42}', false, 'number 42'],
  ['{"v":"42"}', true, 'string "42"'],
]);

const u = matchGroup('unicode');

u.each('non-ASCII exact', '{"city":["Zürich","東京","São Paulo"]}', [
  ['{"city":"Zürich"}', true, 'Latin with umlaut'],
  ['{"city":"東京"}', true, 'CJK'],
  ['{"city":"S\\u00e3o Paulo"}', true, 'written with an escape'],
  ['{"city":"Zurich"}', false, 'umlaut dropped'],
  ['{"city":"zürich"}', false, 'case differs'],
]);

u.each('escapes in the pattern', '{"w":["caf\\u00e9","\\u6771\\u4eac"]}', [
  ['{"w":"café"}', true, 'literal é'],
  ['{"w":"東京"}', true, 'literal CJK'],
  ['{"w":"cafe"}', false, 'no accent'],
]);

u.each('emoji', '{"reaction":["👍","🎉"]}', [
  ['{"reaction":"👍"}', true, 'literal'],
  ['{"reaction":"\\ud83c\\udf89"}', true, 'surrogate-pair escape'],
  ['{"reaction":"👎"}', false, 'other emoji'],
  ['{"reaction":"👍👍"}', false, 'twice'],
]);

u.each('no Unicode normalisation', '{"w":["é"]}', [
  ['{"w":"\\u00e9"}', true, 'precomposed'],
  ['{"w":"e\\u0301"}', false, 'decomposed e + combining accent'],
], { note: 'values compare by exact code points; EventBridge does not normalise strings' });

u.each('prefix and suffix with non-ASCII', '{"w":[{"prefix":"日本"},{"suffix":"ß"}]}', [
  ['{"w":"日本語"}', true, 'CJK prefix'],
  ['{"w":"Fuß"}', true, 'ß suffix'],
  ['{"w":"中日本"}', false, 'neither'],
]);

u.each('prefix and suffix with emoji', '{"w":[{"prefix":"🚀"},{"suffix":"✅"}]}', [
  ['{"w":"🚀 launch"}', true, 'emoji prefix'],
  ['{"w":"done ✅"}', true, 'emoji suffix'],
  ['{"w":"launch 🚀"}', false, 'emoji at the wrong end'],
]);

u.each('non-ASCII field names', '{"données":{"état":["prêt"]}}', [
  ['{"données":{"état":"prêt"}}', true, 'same'],
  ['{"donnees":{"etat":"prêt"}}', false, 'accents dropped from keys'],
  ['{"donn\\u00e9es":{"\\u00e9tat":"pr\\u00eat"}}', true, 'escaped keys and value'],
]);

u.each('anything-but with non-ASCII', '{"w":[{"anything-but":["ÄÖÜ","東京"]}]}', [
  ['{"w":"äöü"}', true, 'case differs, so not excluded'],
  ['{"w":"東京"}', false, 'excluded'],
]);

export const nullEmptyCases = n.cases;
export const typeCases = t.cases;
export const unicodeCases = u.cases;
