// numeric comparisons and ranges; only JSON numbers take part.
import { matchGroup } from './types.js';

const g = matchGroup('numeric');
const WIDE = 'SEMANTICS.md: numeric ranges cover the whole double range (the AWS guide and the event-ruler README quote a narrower range)';

g.each('greater than', '{"n":[{"numeric":[">",0]}]}', [
  ['{"n":1}', true, 'positive'],
  ['{"n":0.0001}', true, 'small positive'],
  ['{"n":0}', false, 'zero'],
  ['{"n":-1}', false, 'negative'],
  ['{"n":"1"}', false, 'string that looks like a number'],
  ['{"n":true}', false, 'boolean'],
  ['{"n":null}', false, 'null'],
  ['{"m":1}', false, 'field missing'],
]);

g.each('greater or equal', '{"n":[{"numeric":[">=",10]}]}', [
  ['{"n":10}', true, 'boundary'],
  ['{"n":10.0}', true, 'boundary written 10.0'],
  ['{"n":9.999}', false, 'just below'],
  ['{"n":1e1}', true, 'boundary written 1e1'],
]);

g.each('less than', '{"n":[{"numeric":["<",10]}]}', [
  ['{"n":9.999}', true, 'just below'],
  ['{"n":10}', false, 'boundary'],
  ['{"n":-1000000}', true, 'large negative'],
  ['{"n":"5"}', false, 'string "5"'],
]);

g.each('less or equal', '{"n":[{"numeric":["<=",10]}]}', [
  ['{"n":10}', true, 'boundary'],
  ['{"n":10.001}', false, 'just above'],
]);

g.each('equal', '{"x-limit":[{"numeric":["=",3.018e2]}]}', [
  ['{"x-limit":301.8}', true, 'decimal form'],
  ['{"x-limit":3018e-1}', true, 'other exponent form'],
  ['{"x-limit":301.80}', true, 'trailing zero'],
  ['{"x-limit":301.81}', false, 'different'],
  ['{"x-limit":"301.8"}', false, 'string'],
]);

g.each('equal zero', '{"n":[{"numeric":["=",0]}]}', [
  ['{"n":0}', true, 'zero'],
  ['{"n":0.0}', true, 'zero written 0.0'],
  ['{"n":0e5}', true, 'zero with exponent'],
  ['{"n":1e-300}', false, 'tiny positive'],
  ['{"n":false}', false, 'false is not 0'],
]);

g.each('open range', '{"c":[{"numeric":[">",0,"<",5]}]}', [
  ['{"c":0}', false, 'lower bound excluded'],
  ['{"c":5}', false, 'upper bound excluded'],
  ['{"c":2.5}', true, 'inside'],
  ['{"c":0.000001}', true, 'just above lower'],
  ['{"c":4.999999}', true, 'just below upper'],
]);

g.each('half-open range (lower open)', '{"c":[{"numeric":[">",0,"<=",5]}]}', [
  ['{"c":0}', false, 'lower excluded'],
  ['{"c":5}', true, 'upper included'],
  ['{"c":5.000001}', false, 'just above upper'],
  ['{"c":3}', true, 'inside'],
]);

g.each('half-open range (upper open)', '{"c":[{"numeric":[">=",0,"<",5]}]}', [
  ['{"c":0}', true, 'lower included'],
  ['{"c":5}', false, 'upper excluded'],
  ['{"c":-0.1}', false, 'below'],
]);

g.each('closed range', '{"c":[{"numeric":[">=",1,"<=",2]}]}', [
  ['{"c":1}', true, 'lower included'],
  ['{"c":2}', true, 'upper included'],
  ['{"c":1.5}', true, 'inside'],
  ['{"c":0.99}', false, 'below'],
  ['{"c":2.01}', false, 'above'],
]);

g.each('negative range', '{"t":[{"numeric":[">=",-100,"<=",-50]}]}', [
  ['{"t":-75}', true, 'inside'],
  ['{"t":-100}', true, 'lower bound'],
  ['{"t":-50}', true, 'upper bound'],
  ['{"t":-101}', false, 'below'],
  ['{"t":-49.5}', false, 'above'],
  ['{"t":75}', false, 'positive mirror image'],
]);

g.each('range across zero with decimals', '{"t":[{"numeric":[">",-0.5,"<",0.5]}]}', [
  ['{"t":0}', true, 'zero'],
  ['{"t":-0.25}', true, 'negative inside'],
  ['{"t":-0.5}', false, 'lower excluded'],
  ['{"t":0.5}', false, 'upper excluded'],
]);

g.each('decimal bounds', '{"p":[{"numeric":[">",0.1,"<",0.2]}]}', [
  ['{"p":0.15}', true, 'inside'],
  ['{"p":0.1}', false, 'lower bound'],
  ['{"p":0.2}', false, 'upper bound'],
  ['{"p":1.5e-1}', true, 'inside, exponent form'],
]);

g.add('0.1+0.2 result is above 0.3', '{"p":[{"numeric":[">",0.3]}]}', '{"p":0.30000000000000004}', true,
  { note: 'SEMANTICS.md: range comparisons use doubles; 0.30000000000000004 and 0.3 are different doubles' });
g.add('0.1+0.2 result is not below 0.3', '{"p":[{"numeric":["<",0.3]}]}', '{"p":0.30000000000000004}', false,
  { note: 'SEMANTICS.md: range comparisons use doubles' });

g.each('exponent forms in pattern and event', '{"n":[{"numeric":[">=",1.5e3,"<",2E3]}]}', [
  ['{"n":1500}', true, 'lower bound plain'],
  ['{"n":1.999e3}', true, 'inside, exponent form'],
  ['{"n":2000}', false, 'upper bound plain'],
  ['{"n":15E2}', true, 'lower bound, capital E'],
]);

g.each('negative exponents', '{"n":[{"numeric":["<",-2.5e-2]}]}', [
  ['{"n":-0.03}', true, 'below'],
  ['{"n":-0.025}', false, 'equal'],
  ['{"n":-0.02}', false, 'above'],
]);

g.each('huge bounds', '{"n":[{"numeric":[">",1e300]}]}', [
  ['{"n":1e301}', true, 'bigger'],
  ['{"n":1.7976931348623157e308}', true, 'largest double'],
  ['{"n":1e299}', false, 'smaller'],
  ['{"n":1e300}', false, 'equal'],
], { note: WIDE });

g.each('most negative double', '{"n":[{"numeric":["<",-1e300]}]}', [
  ['{"n":-1.7976931348623157e308}', true, 'most negative double'],
  ['{"n":-1e299}', false, 'not negative enough'],
], { note: WIDE });

g.each('range at the double limits', '{"n":[{"numeric":[">=",-1.7976931348623157e308,"<=",1.7976931348623157e308]}]}', [
  ['{"n":-1.7976931348623157e308}', true, 'lower limit'],
  ['{"n":1.7976931348623157e308}', true, 'upper limit'],
  ['{"n":0}', true, 'zero'],
  ['{"n":"0"}', false, 'string zero'],
], { note: WIDE });

g.each('beyond the old +-5e9 limit', '{"n":[{"numeric":[">",5e9,"<",1e12]}]}', [
  ['{"n":6000000000}', true, 'six billion'],
  ['{"n":5000000000}', false, 'exactly five billion'],
  ['{"n":999999999999}', true, 'just under 1e12'],
], { note: WIDE });

g.each('tiny magnitudes', '{"n":[{"numeric":[">",0,"<",1e-10]}]}', [
  ['{"n":1e-11}', true, 'smaller than 1e-10'],
  ['{"n":1e-9}', false, 'bigger than 1e-10'],
], { note: WIDE });

g.each('strings that look like numbers never match', '{"n":[{"numeric":[">",0]}]}', [
  ['{"n":"1e3"}', false, 'string "1e3"'],
  ['{"n":"0x10"}', false, 'string "0x10"'],
  ['{"n":"Infinity"}', false, 'string "Infinity"'],
  ['{"n":" 5"}', false, 'string " 5"'],
]);

g.each('numeric on event arrays', '{"n":[{"numeric":[">",10]}]}', [
  ['{"n":[1,20]}', true, 'one element above'],
  ['{"n":[1,2,10]}', false, 'none above'],
  ['{"n":["20",5]}', false, 'only a string above'],
  ['{"n":[]}', false, 'empty array'],
]);

g.each('several numeric conditions ORed', '{"n":[{"numeric":["<",0]},{"numeric":[">",100]}]}', [
  ['{"n":-1}', true, 'below zero'],
  ['{"n":101}', true, 'above 100'],
  ['{"n":50}', false, 'between'],
]);

g.each('numeric ORed with an exact number', '{"n":[{"numeric":[">",100]},7]}', [
  ['{"n":7}', true, 'exact alternative'],
  ['{"n":7.0}', true, 'exact alternative as 7.0'],
  ['{"n":8}', false, 'neither'],
]);

g.each('numeric fields ANDed', '{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}]}}', [
  ['{"detail":{"c-count":5,"d-count":3}}', true, 'both inside'],
  ['{"detail":{"c-count":6,"d-count":3}}', false, 'first outside'],
  ['{"detail":{"c-count":5,"d-count":10}}', false, 'second outside'],
  ['{"detail":{"c-count":5}}', false, 'second missing'],
]);

g.each('numeric through arrays of arrays', '{"n":[{"numeric":[">",10]}]}', [
  ['{"n":[[5],[50]]}', true, 'nested element above'],
  ['{"n":[[5],[[6]]]}', false, 'no nested element above'],
]);

export const numericCases = g.cases;
