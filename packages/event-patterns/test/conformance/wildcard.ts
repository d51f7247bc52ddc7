// wildcard matching: `*` matches any run of characters (also empty); `\*` is a literal
// star and `\\` a literal backslash (the JSON text below therefore doubles every
// backslash once more; String.raw keeps the JSON text exactly as written).
import { matchGroup } from './types.js';

const R = String.raw;
const g = matchGroup('wildcard');

g.each('star in the middle', '{"source":[{"wildcard":"Simple*Service"}]}', [
  ['{"source":"SimpleQueueService"}', true, 'run of characters'],
  ['{"source":"SimpleService"}', true, 'star matches the empty run'],
  ['{"source":"Simple Notification Service"}', true, 'run with spaces'],
  ['{"source":"simplequeueservice"}', false, 'case differs'],
  ['{"source":"SimpleQueueServices"}', false, 'extra character at the end'],
  ['{"source":"ASimpleService"}', false, 'extra character at the start'],
  ['{"source":["x","SimpleEmailService"]}', true, 'inside event array'],
  ['{"src":"SimpleService"}', false, 'field missing'],
]);

g.each('leading star', '{"f":[{"wildcard":"*.png"}]}', [
  ['{"f":"a.png"}', true, 'ends with .png'],
  ['{"f":".png"}', true, 'star matches empty'],
  ['{"f":"a.png.gz"}', false, 'does not end with .png'],
  ['{"f":"apng"}', false, 'dot missing'],
]);

g.each('trailing star', '{"f":[{"wildcard":"logs/*"}]}', [
  ['{"f":"logs/2024/app.log"}', true, 'starts with logs/'],
  ['{"f":"logs/"}', true, 'star matches empty'],
  ['{"f":"logs"}', false, 'slash missing'],
  ['{"f":"old/logs/x"}', false, 'starts elsewhere'],
]);

g.each('stars on both ends', '{"path":[{"wildcard":"*/lib/*"}]}', [
  ['{"path":"/usr/lib/libc.so"}', true, 'contains /lib/'],
  ['{"path":"/lib/"}', true, 'only /lib/'],
  ['{"path":"/usr/local/bin"}', false, 'no /lib/'],
  ['{"path":"/usr/library/x"}', false, 'lib without trailing slash'],
]);

g.each('lone star', '{"v":[{"wildcard":"*"}]}', [
  ['{"v":""}', true, 'empty string'],
  ['{"v":"anything at all"}', true, 'any string'],
  ['{"v":12}', false, 'number'],
  ['{"v":null}', false, 'null'],
  ['{"v":false}', false, 'boolean'],
  ['{"w":"x"}', false, 'field missing'],
], { note: 'wildcard only works on string-valued fields' });

g.each('several stars', '{"v":[{"wildcard":"a*b*c"}]}', [
  ['{"v":"abc"}', true, 'all stars empty'],
  ['{"v":"aXXbYYc"}', true, 'all stars non-empty'],
  ['{"v":"abbbc"}', true, 'repeated letter'],
  ['{"v":"acb"}', false, 'letters out of order'],
  ['{"v":"abcd"}', false, 'extra trailing letter'],
]);

g.each('backtracking needed', '{"v":[{"wildcard":"*a*a"}]}', [
  ['{"v":"banana"}', true, 'ends with a after another a'],
  ['{"v":"aa"}', true, 'two letters'],
  ['{"v":"a"}', false, 'needs two a'],
  ['{"v":"bananas"}', false, 'does not end with a'],
]);

g.each('no star is an exact match', '{"v":[{"wildcard":"exact"}]}', [
  ['{"v":"exact"}', true, 'same'],
  ['{"v":"exactly"}', false, 'longer'],
  ['{"v":"EXACT"}', false, 'case differs'],
]);

g.each('question mark and dot are literal', '{"v":[{"wildcard":"a?.c*"}]}', [
  ['{"v":"a?.cde"}', true, 'literal ? and .'],
  ['{"v":"ab.cde"}', false, '? is not a single-character wildcard'],
  ['{"v":"a?xcde"}', false, '. is not a regex dot'],
]);

g.each('escaped star is a literal star', R`{"v":[{"wildcard":"a\\*b"}]}`, [
  ['{"v":"a*b"}', true, 'literal star'],
  ['{"v":"aXb"}', false, 'star is not a wildcard here'],
  ['{"v":"ab"}', false, 'star is not empty here'],
]);

g.each('escaped star at the end after a wildcard', R`{"v":[{"wildcard":"*\\*"}]}`, [
  ['{"v":"rating*"}', true, 'ends with a star'],
  ['{"v":"*"}', true, 'only a star'],
  ['{"v":"rating"}', false, 'no star at the end'],
]);

g.each('escaped star followed by a wildcard star', R`{"v":[{"wildcard":"\\**"}]}`, [
  ['{"v":"*note"}', true, 'starts with a star'],
  ['{"v":"*"}', true, 'only a star'],
  ['{"v":"note*"}', false, 'star not at the start'],
], { note: 'an escaped star next to a wildcard star is not "**" (event-ruler README: only consecutive wildcard characters are rejected)' });

g.each('escaped backslash is a literal backslash', R`{"v":[{"wildcard":"C:\\\\temp\\\\*"}]}`, [
  [R`{"v":"C:\\temp\\file.txt"}`, true, 'windows path'],
  [R`{"v":"C:\\temp\\"}`, true, 'star empty'],
  [R`{"v":"C:/temp/file.txt"}`, false, 'forward slashes'],
]);

g.each('escaped backslash then wildcard star', R`{"v":[{"wildcard":"\\\\*"}]}`, [
  [R`{"v":"\\anything"}`, true, 'starts with a backslash'],
  [R`{"v":"\\"}`, true, 'only a backslash'],
  ['{"v":"anything"}', false, 'no backslash'],
]);

g.each('escaped backslash then escaped star', R`{"v":[{"wildcard":"\\\\\\*"}]}`, [
  [R`{"v":"\\*"}`, true, 'backslash then star'],
  [R`{"v":"\\x"}`, false, 'star is literal, not a wildcard'],
]);

g.each('non-ASCII around stars', '{"v":[{"wildcard":"caf*é*"}]}', [
  ['{"v":"café"}', true, 'both stars empty'],
  ['{"v":"cafeteria é!"}', true, 'non-empty runs'],
  ['{"v":"cafe"}', false, 'é missing'],
]);

g.each('emoji inside a wildcard', '{"v":[{"wildcard":"*🎉*"}]}', [
  ['{"v":"party 🎉 time"}', true, 'emoji in the middle'],
  ['{"v":"\\ud83c\\udf89"}', true, 'emoji written as escapes'],
  ['{"v":"party time"}', false, 'no emoji'],
]);

g.each('wildcard or exact in one list', '{"v":[{"wildcard":"dev-*"},"prod"]}', [
  ['{"v":"dev-42"}', true, 'wildcard alternative'],
  ['{"v":"prod"}', true, 'exact alternative'],
  ['{"v":"staging"}', false, 'neither'],
]);

g.each('many stars do not blow up', '{"v":[{"wildcard":"*a*a*a*a*a*a*a*a*b"}]}', [
  [`{"v":"${'a'.repeat(200)}"}`, false, '200 a and no b'],
  [`{"v":"${'a'.repeat(200)}b"}`, true, '200 a then b'],
]);

g.each('wildcard through arrays of objects', '{"items":{"name":[{"wildcard":"*-pro"}],"qty":[1]}}', [
  ['{"items":[{"name":"x-pro","qty":2},{"name":"y","qty":1}]}', false, 'conditions split across elements', { note: 'same-element rule for arrays of objects' }],
  ['{"items":[{"name":"y","qty":2},{"name":"x-pro","qty":1}]}', true, 'one element has both'],
]);

export const wildcardCases = g.cases;
