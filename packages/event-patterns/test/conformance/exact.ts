// Exact matching of strings, booleans and null; AND across fields, OR across values;
// fields the pattern does not name are ignored; nesting must line up.
import { matchGroup } from './types.js';

const g = matchGroup('exact');

g.each('single string', '{"source":["billing.app"]}', [
  ['{"source":"billing.app"}', true, 'same string'],
  ['{"source":"billing.app "}', false, 'trailing space'],
  ['{"source":" billing.app"}', false, 'leading space'],
  ['{"source":"Billing.App"}', false, 'different case'],
  ['{"source":"billing"}', false, 'shorter string'],
  ['{"source":"billing.app.v2"}', false, 'longer string'],
  ['{"origin":"billing.app"}', false, 'field missing'],
  ['{}', false, 'empty event'],
  ['{"source":["audit.app","billing.app"]}', true, 'value inside event array'],
  ['{"source":["audit.app","other.app"]}', false, 'event array without the value'],
  ['{"source":{"name":"billing.app"}}', false, 'object where a leaf is expected'],
]);

g.each('several values are ORed', '{"state":["pending","running","stopping"]}', [
  ['{"state":"pending"}', true, 'first value'],
  ['{"state":"running"}', true, 'middle value'],
  ['{"state":"stopping"}', true, 'last value'],
  ['{"state":"stopped"}', false, 'value not listed'],
  ['{"state":["stopped","terminated"]}', false, 'event array, none listed'],
  ['{"state":["stopped","running"]}', true, 'event array, one listed'],
]);

g.each('several fields are ANDed', '{"source":["shop"],"detail-type":["Order Placed"],"region":["eu-west-1"]}', [
  ['{"source":"shop","detail-type":"Order Placed","region":"eu-west-1"}', true, 'all three'],
  ['{"source":"shop","detail-type":"Order Placed","region":"us-east-1"}', false, 'one field differs'],
  ['{"source":"shop","detail-type":"Order Placed"}', false, 'one field missing'],
  ['{"source":"shop","region":"eu-west-1","detail-type":"Order Placed","id":"42","time":"2024-01-01T00:00:00Z"}', true, 'extra fields ignored'],
]);

g.each('nested field', '{"detail":{"state":["running"]}}', [
  ['{"detail":{"state":"running"}}', true, 'nested value'],
  ['{"detail":{"state":"stopped"}}', false, 'other nested value'],
  ['{"state":"running"}', false, 'value at the wrong level'],
  ['{"detail":{"inner":{"state":"running"}}}', false, 'value one level too deep'],
  ['{"detail":"running"}', false, 'parent is a string'],
  ['{"detail":{"state":"running","instance":"i-1","extra":{"deep":[1,2,3]}}}', true, 'extra nested fields ignored'],
  ['{"detail":[{"state":"running"}]}', true, 'parent is an array of objects'],
]);

g.each('deep nesting', '{"a":{"b":{"c":{"d":{"e":["leaf"]}}}}}', [
  ['{"a":{"b":{"c":{"d":{"e":"leaf"}}}}}', true, 'five levels'],
  ['{"a":{"b":{"c":{"d":{"e":"LEAF"}}}}}', false, 'five levels, wrong value'],
  ['{"a":{"b":{"c":{"e":"leaf"}}}}', false, 'a level missing'],
  ['{"a":{"b":{"c":{"d":{"e":"leaf","f":1}},"x":2},"y":3},"z":4}', true, 'siblings at every level'],
]);

g.each('nested fields ANDed at different depths', '{"source":["iot"],"detail":{"device":{"kind":["sensor"]},"status":["ok"]}}', [
  ['{"source":"iot","detail":{"device":{"kind":"sensor"},"status":"ok"}}', true, 'all present'],
  ['{"source":"iot","detail":{"device":{"kind":"sensor"},"status":"fail"}}', false, 'sibling differs'],
  ['{"source":"iot","detail":{"device":{"kind":"actuator"},"status":"ok"}}', false, 'deep value differs'],
  ['{"detail":{"device":{"kind":"sensor"},"status":"ok"}}', false, 'top-level field missing'],
]);

g.each('booleans', '{"enabled":[true]}', [
  ['{"enabled":true}', true, 'true'],
  ['{"enabled":false}', false, 'false'],
  ['{"enabled":"true"}', false, 'string "true"'],
  ['{"enabled":1}', false, 'number 1'],
  ['{"enabled":[false,true]}', true, 'inside array'],
]);

g.each('false literal', '{"enabled":[false]}', [
  ['{"enabled":false}', true, 'false'],
  ['{"enabled":true}', false, 'true'],
  ['{"enabled":0}', false, 'number 0'],
  ['{"enabled":""}', false, 'empty string'],
  ['{"enabled":null}', false, 'null'],
]);

g.each('mixed value kinds in one list', '{"v":["x",7,true,null]}', [
  ['{"v":"x"}', true, 'the string'],
  ['{"v":7}', true, 'the number'],
  ['{"v":true}', true, 'true'],
  ['{"v":null}', true, 'null'],
  ['{"v":false}', false, 'false not listed'],
  ['{"v":"7"}', false, 'string "7"'],
  ['{"v":"null"}', false, 'string "null"'],
]);

g.each('JSON escapes in the event are decoded', '{"text":["line1\\nline2"]}', [
  ['{"text":"line1\\nline2"}', true, 'same escape'],
  ['{"text":"line1\\u000aline2"}', true, 'unicode escape for newline'],
  ['{"text":"line1\\\\nline2"}', false, 'backslash followed by n'],
]);

g.each('escaped quote and slash', '{"p":["say \\"hi\\" a/b"]}', [
  ['{"p":"say \\u0022hi\\u0022 a\\/b"}', true, 'quote and slash written as escapes'],
  ['{"p":"say \\"hi\\" a/b"}', true, 'same text'],
  ['{"p":"say hi a/b"}', false, 'quotes missing'],
]);

g.add('escaped key in the pattern names the plain key', '{"d\\u0065tail":{"kind":["x"]}}', '{"detail":{"kind":"x"}}', true);
g.add('escaped key in the event names the plain key', '{"detail":{"kind":["x"]}}', '{"d\\u0065tail":{"k\\u0069nd":"x"}}', true);
g.add('key with spaces and punctuation', '{"my field (v2)":["ok"]}', '{"my field (v2)":"ok"}', true);
g.add('keys are case-sensitive', '{"Source":["a"]}', '{"source":"a"}', false);

g.each('operator names are ordinary field names outside $or', '{"prefix":["x"],"numeric":[1],"exists":[true]}', [
  ['{"prefix":"x","numeric":1,"exists":true}', true, 'fields named prefix/numeric/exists'],
  ['{"prefix":"x","numeric":1}', false, 'field named exists missing'],
], { note: 'Reserved names are only rejected inside $or alternatives (SEMANTICS.md, event-ruler README)' });

g.add('key that merely starts with "$or" is an ordinary field', '{"$orx":["y"]}', '{"$orx":"y"}', true);

g.each('pattern expects an object, event has a leaf', '{"user":{"id":["u1"]}}', [
  ['{"user":"u1"}', false, 'string where object expected'],
  ['{"user":["u1"]}', false, 'array of strings where object expected'],
  ['{"user":{"id":"u1"}}', true, 'object present'],
]);

g.each('long string', `{"k":["${'ab'.repeat(300)}"]}`, [
  [`{"k":"${'ab'.repeat(300)}"}`, true, '600-char string equal'],
  [`{"k":"${'ab'.repeat(299)}a"}`, false, '599-char prefix of it'],
]);

g.each('event that is not an object matches nothing', '{"a":[{"exists":false}]}', [
  ['[]', false, 'array event'],
  ['[{"b":1}]', false, 'array of objects event'],
  ['{"b":1}', true, 'object event without a'],
], { note: 'SEMANTICS.md: events must be JSON objects; anything else matches nothing' });

g.each('event text with whitespace and line breaks', '{"a":["x"],"n":[1]}', [
  ['{\n  "a" : "x" ,\r\n\t"n" :\t1\n}', true, 'pretty-printed event'],
  [' { "n" : [ 0 , 1 ] , "a" : [ "y" , "x" ] } ', true, 'spaces everywhere'],
  ['{\n  "a" : "x" ,\n  "n" : 2\n}', false, 'pretty-printed, n differs'],
]);

g.add('pattern text with whitespace and line breaks', '{\n  "a" : [ "x" ,\t"y" ] ,\r\n  "b" : { "c" : [ 1 ] }\n}', '{"a":"y","b":{"c":1}}', true);

g.each('ignored fields holding tricky JSON', '{"a":["x"]}', [
  ['{"junk":"}]\\"{[,:","a":"x"}', true, 'brackets and an escaped quote in an ignored string'],
  ['{"junk":{"a":"y","deep":[[{"a":"z"}],{}],"s":"\\\\"},"a":"x"}', true, 'ignored nested object with an "a" key inside'],
  ['{"junk":[1,-2.5e-3,true,false,null,"a",{"a":"x"}],"a":"y"}', false, 'the only "x" is under another field'],
  ['{"x":"a","a":"a"}', false, 'value x is a key elsewhere'],
  ['{"n":[1E+2,0.5e-10,-0],"a":"x","z":{}}', true, 'numbers and empty object around the field'],
  ['{"big":1e400,"a":"x"}', true, 'ignored numeral beyond the double range', { exactTextOnly: true }],
  ['{"\\"a\\"":"x"}', false, 'key with quotes in it is a different key'],
]);

g.each('leaf condition vs array of objects', '{"a":["x"]}', [
  ['{"a":[{"b":"x"}]}', false, 'value is one level deeper'],
  ['{"a":[{"b":"y"},"x"]}', true, 'a leaf element next to an object'],
]);

export const exactCases = g.cases;
