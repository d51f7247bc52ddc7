// anything-but: single string / number, lists, prefix, suffix, equals-ignore-case,
// wildcard; values of other types; missing fields.
import { matchGroup } from './types.js';

const g = matchGroup('anything-but');
const OTHER_TYPE = 'SEMANTICS.md (choice, as in event-ruler): a leaf value of another type passes anything-but';
const MISSING = 'SEMANTICS.md: anything-but only matches present leaf values; a missing field never matches';

g.each('single string', '{"detail":{"state":[{"anything-but":"initializing"}]}}', [
  ['{"detail":{"state":"running"}}', true, 'other string'],
  ['{"detail":{"state":"initializing"}}', false, 'the excluded string'],
  ['{"detail":{"state":"INITIALIZING"}}', true, 'case differs, so not excluded'],
  ['{"detail":{"state":""}}', true, 'empty string'],
  ['{"detail":{"other":"running"}}', false, 'field missing', { note: MISSING }],
  ['{"detail":{"state":["initializing","running"]}}', true, 'array with one other value'],
  ['{"detail":{"state":["initializing"]}}', false, 'array with only the excluded value'],
  ['{"detail":{"state":[]}}', false, 'empty array has no values', { note: MISSING }],
  ['{"detail":{"state":{"x":"running"}}}', false, 'object value has no leaf at this path', { note: MISSING }],
]);

g.each('single string vs other types', '{"s":[{"anything-but":"a"}]}', [
  ['{"s":5}', true, 'number', { note: OTHER_TYPE }],
  ['{"s":true}', true, 'boolean', { note: OTHER_TYPE }],
  ['{"s":null}', true, 'null', { note: OTHER_TYPE }],
]);

g.each('single number', '{"detail":{"x-limit":[{"anything-but":123}]}}', [
  ['{"detail":{"x-limit":124}}', true, 'other number'],
  ['{"detail":{"x-limit":123}}', false, 'the excluded number'],
  ['{"detail":{"x-limit":123.0}}', false, 'same number written 123.0'],
  ['{"detail":{"x-limit":1.23e2}}', false, 'same number written 1.23e2'],
  ['{"detail":{"x-limit":-123}}', true, 'negated'],
  ['{"detail":{"x-limit":"123"}}', true, 'string "123" is another type', { note: OTHER_TYPE }],
  ['{"detail":{}}', false, 'field missing', { note: MISSING }],
]);

g.each('string list', '{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}', [
  ['{"detail":{"state":"running"}}', true, 'value not in the list'],
  ['{"detail":{"state":"stopped"}}', false, 'first listed value'],
  ['{"detail":{"state":"overloaded"}}', false, 'second listed value'],
  ['{"detail":{"state":["stopped","overloaded"]}}', false, 'event array of excluded values only'],
  ['{"detail":{"state":["stopped","idle"]}}', true, 'event array with one other value'],
  ['{"detail":{"state":7}}', true, 'number', { note: OTHER_TYPE }],
]);

g.each('number list', '{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}', [
  ['{"detail":{"x-limit":150}}', true, 'value not in the list'],
  ['{"detail":{"x-limit":200}}', false, 'listed value'],
  ['{"detail":{"x-limit":2e2}}', false, 'listed value written 2e2'],
  ['{"detail":{"x-limit":300.000}}', false, 'listed value written 300.000'],
  ['{"detail":{"x-limit":100.5}}', true, 'close but different'],
  ['{"detail":{"x-limit":[100,101]}}', true, 'event array with one other value'],
  ['{"detail":{"x-limit":[100,300]}}', false, 'event array of excluded values only'],
]);

g.each('negative and decimal numbers', '{"t":[{"anything-but":[-1.5,0]}]}', [
  ['{"t":-1.5}', false, 'excluded negative decimal'],
  ['{"t":-15e-1}', false, 'same value with exponent'],
  ['{"t":0}', false, 'zero'],
  ['{"t":1.5}', true, 'positive'],
]);

g.each('prefix', '{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}', [
  ['{"detail":{"state":"initializing"}}', false, 'starts with the prefix'],
  ['{"detail":{"state":"init"}}', false, 'equals the prefix'],
  ['{"detail":{"state":"running"}}', true, 'does not start with it'],
  ['{"detail":{"state":"in"}}', true, 'shorter than the prefix'],
  ['{"detail":{"state":"INITIALIZING"}}', true, 'case differs'],
  ['{"detail":{"state":"reinit"}}', true, 'prefix appears later'],
  ['{"detail":{"state":12}}', true, 'number', { note: OTHER_TYPE }],
  ['{"detail":{}}', false, 'field missing', { note: MISSING }],
]);

g.each('prefix, region example', '{"region":[{"anything-but":{"prefix":"us-"}}]}', [
  ['{"region":"eu-central-1"}', true, 'outside the US'],
  ['{"region":"us-gov-west-1"}', false, 'inside the US'],
  ['{"region":["us-east-1","ap-south-1"]}', true, 'one element outside'],
]);

g.each('suffix', '{"FileName":[{"anything-but":{"suffix":".png"}}]}', [
  ['{"FileName":"a.jpg"}', true, 'other extension'],
  ['{"FileName":"a.png"}', false, 'the excluded extension'],
  ['{"FileName":".png"}', false, 'only the suffix'],
  ['{"FileName":"a.PNG"}', true, 'case differs'],
  ['{"FileName":"a.png.tmp"}', true, 'suffix not at the end'],
  ['{"Other":"a.jpg"}', false, 'field missing', { note: MISSING }],
]);

g.each('equals-ignore-case single', '{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}', [
  ['{"state":"initializing"}', false, 'same case'],
  ['{"state":"INITIALIZING"}', false, 'upper case'],
  ['{"state":"Initializing"}', false, 'capitalised'],
  ['{"state":"running"}', true, 'different word'],
  ['{"state":"initialize"}', true, 'similar word'],
  ['{"state":1}', true, 'number', { note: OTHER_TYPE }],
]);

g.each('equals-ignore-case list', '{"env":[{"anything-but":{"equals-ignore-case":["Prod","Staging"]}}]}', [
  ['{"env":"PROD"}', false, 'first entry upper case'],
  ['{"env":"staging"}', false, 'second entry lower case'],
  ['{"env":"dev"}', true, 'not listed'],
  ['{"env":["prod","dev"]}', true, 'event array with one other value'],
  ['{"env":["prod","STAGING"]}', false, 'event array of excluded values only'],
]);

g.each('equals-ignore-case non-ASCII', '{"w":[{"anything-but":{"equals-ignore-case":"ÄRGER"}}]}', [
  ['{"w":"ärger"}', false, 'lower-case umlaut'],
  ['{"w":"arger"}', true, 'umlaut dropped'],
]);

g.each('wildcard single', '{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}', [
  ['{"FilePath":"/usr/lib/x.so"}', false, 'path with /lib/'],
  ['{"FilePath":"/usr/bin/x"}', true, 'path without /lib/'],
  ['{"FilePath":"/lib/"}', false, 'stars empty'],
  ['{"FilePath":"lib"}', true, 'no slashes'],
  ['{"FilePath":null}', true, 'null', { note: OTHER_TYPE }],
]);

g.each('wildcard list', '{"f":[{"anything-but":{"wildcard":["*.png","tmp/*"]}}]}', [
  ['{"f":"a.png"}', false, 'matches first wildcard'],
  ['{"f":"tmp/a.txt"}', false, 'matches second wildcard'],
  ['{"f":"doc/a.txt"}', true, 'matches neither'],
  ['{"f":["a.png","tmp/x"]}', false, 'every element excluded'],
  ['{"f":["a.png","doc/x"]}', true, 'one element not excluded'],
]);

g.each('anything-but ORed with another value', '{"s":[{"anything-but":"x"},{"prefix":"x"}]}', [
  ['{"s":"x"}', true, 'excluded by the first, matched by the prefix'],
  ['{"s":"y"}', true, 'passes anything-but'],
]);

g.each('anything-but ANDed with another field', '{"a":[{"anything-but":"bad"}],"b":["ok"]}', [
  ['{"a":"good","b":"ok"}', true, 'both conditions'],
  ['{"a":"bad","b":"ok"}', false, 'anything-but fails'],
  ['{"b":"ok"}', false, 'anything-but field missing', { note: MISSING }],
]);

g.each('anything-but nested two levels', '{"detail":{"obj":{"size":[{"anything-but":0}]}}}', [
  ['{"detail":{"obj":{"size":10}}}', true, 'nonzero'],
  ['{"detail":{"obj":{"size":0}}}', false, 'zero'],
  ['{"detail":{"obj":{}}}', false, 'field missing', { note: MISSING }],
  ['{"detail":{}}', false, 'parent missing', { note: MISSING }],
]);

export const anythingButCases = g.cases;
