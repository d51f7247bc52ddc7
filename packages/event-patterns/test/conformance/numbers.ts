// Exact number match values: compared by value, whatever the spelling; integers beyond
// 2^53 (and other numerals a double cannot hold) are compared by their exact decimal value.
import { matchGroup } from './types.js';

const g = matchGroup('number-equality');
const BIG = 'SEMANTICS.md: numerals a double cannot hold exactly are compared by exact decimal text';

g.each('3 in many spellings', '{"n":[3]}', [
  ['{"n":3}', true, '3'],
  ['{"n":3.0}', true, '3.0'],
  ['{"n":3.000000}', true, '3.000000'],
  ['{"n":3e0}', true, '3e0'],
  ['{"n":0.3e1}', true, '0.3e1'],
  ['{"n":30e-1}', true, '30e-1'],
  ['{"n":3E+0}', true, '3E+0'],
  ['{"n":3.1}', false, '3.1'],
  ['{"n":-3}', false, '-3'],
  ['{"n":"3"}', false, 'string "3"'],
  ['{"n":[1,2,3]}', true, 'inside an event array'],
]);

g.each('pattern written with an exponent', '{"n":[3e2]}', [
  ['{"n":300}', true, '300'],
  ['{"n":300.0}', true, '300.0'],
  ['{"n":3000e-1}', true, '3000e-1'],
  ['{"n":30}', false, '30'],
]);

g.each('pattern written as a decimal', '{"n":[0.30e1]}', [
  ['{"n":3}', true, '3'],
  ['{"n":0.3}', false, '0.3'],
]);

g.each('negative decimal', '{"n":[-12.5]}', [
  ['{"n":-12.5}', true, 'same'],
  ['{"n":-125e-1}', true, 'exponent form'],
  ['{"n":-1.25E1}', true, 'capital E'],
  ['{"n":12.5}', false, 'positive'],
]);

g.each('small decimals', '{"n":[0.0000001]}', [
  ['{"n":1e-7}', true, '1e-7'],
  ['{"n":0.00000010}', true, 'trailing zero'],
  ['{"n":1e-8}', false, '1e-8'],
]);

g.each('1e20 written out', '{"n":[100000000000000000000]}', [
  ['{"n":1e20}', true, '1e20'],
  ['{"n":1E+20}', true, '1E+20'],
  ['{"n":100000000000000000001}', false, 'one more', { exactTextOnly: true }],
], { note: '1e20 is held exactly by a double' });

g.each('huge and extreme values', '{"n":[1e300,-1.7976931348623157e308]}', [
  ['{"n":1e300}', true, '1e300'],
  ['{"n":1.0e300}', true, '1.0e300'],
  ['{"n":-1.7976931348623157e308}', true, 'most negative double'],
  ['{"n":1.7976931348623157e308}', false, 'most positive double'],
  ['{"n":1e299}', false, '1e299'],
]);

g.each('2^53 + 1 never equals 2^53', '{"id":[9007199254740993]}', [
  ['{"id":9007199254740992}', false, '2^53', { note: BIG }],
  ['{"id":9007199254740993}', true, 'identical text', { exactTextOnly: true, note: BIG }],
  ['{"id":9007199254740994}', false, '2^53 + 2', { note: BIG }],
]);

g.each('2^53 never equals 2^53 + 1', '{"id":[9007199254740992]}', [
  ['{"id":9007199254740992}', true, 'identical text'],
  ['{"id":9007199254740993}', false, '2^53 + 1', { exactTextOnly: true, note: BIG }],
]);

g.each('twenty-digit integers', '{"id":[12345678901234567891]}', [
  ['{"id":12345678901234567891}', true, 'identical text', { exactTextOnly: true }],
  ['{"id":12345678901234567890}', false, 'last digit differs', { exactTextOnly: true }],
  ['{"id":12345678901234567892}', false, 'last digit differs upwards', { exactTextOnly: true }],
], { note: BIG });

g.each('negative big integer', '{"id":[-9223372036854775809]}', [
  ['{"id":-9223372036854775809}', true, 'identical text', { exactTextOnly: true }],
  ['{"id":-9223372036854775808}', false, 'one closer to zero', { exactTextOnly: true }],
], { note: BIG });

g.each('big integer inside an event array', '{"ids":[9007199254740995]}', [
  ['{"ids":[1,9007199254740995]}', true, 'element with identical text', { exactTextOnly: true }],
  ['{"ids":[9007199254740996,9007199254740994]}', false, 'neighbours only'],
], { note: BIG });

g.each('long decimal beyond double precision', '{"x":[0.12345678901234567890123]}', [
  ['{"x":0.12345678901234567890123}', true, 'identical text', { exactTextOnly: true }],
  ['{"x":0.12345678901234567890124}', false, 'last digit differs', { exactTextOnly: true }],
], { note: BIG });

g.each('anything-but with a big integer', '{"id":[{"anything-but":9007199254740993}]}', [
  ['{"id":9007199254740992}', true, '2^53 is not excluded', { note: BIG }],
  ['{"id":9007199254740993}', false, 'identical text is excluded', { exactTextOnly: true, note: BIG }],
]);

g.each('big integer written differently', '{"id":[9007199254740993]}', [
  ['{"id":9007199254740993.0}', true, 'trailing .0', { exactTextOnly: true }],
  ['{"id":9.007199254740993e15}', true, 'exponent form', { exactTextOnly: true }],
  ['{"id":90071992547409930e-1}', true, 'negative exponent form', { exactTextOnly: true }],
  ['{"id":9007199254740993.5}', false, 'half more', { exactTextOnly: true }],
], { note: 'SEMANTICS.md: numerals compare by value; beyond what a double holds the exact decimal value decides' });

g.each('underflowing numeral is not zero', '{"n":[0]}', [
  ['{"n":1e-400}', false, '1e-400 is not 0, although its double is', { exactTextOnly: true }],
  ['{"n":0e-400}', true, '0e-400 is 0'],
], { note: 'SEMANTICS.md: a double is used only where its shortest round-trip form denotes the same decimal value' });

g.each('underflowing numeral in the pattern', '{"n":[1e-400]}', [
  ['{"n":1e-400}', true, 'identical text', { exactTextOnly: true }],
  ['{"n":10e-401}', true, 'same value, other spelling', { exactTextOnly: true }],
  ['{"n":0}', false, 'zero'],
], { note: 'SEMANTICS.md: numerals a double cannot hold are compared by exact decimal value' });

g.each('more spellings of 100', '{"n":[100]}', [
  ['{"n":1.0e+2}', true, '1.0e+2'],
  ['{"n":100.00}', true, '100.00'],
  ['{"n":0.001e5}', true, '0.001e5'],
  ['{"n":1000e-1}', true, '1000e-1'],
  ['{"n":99.99999999}', false, 'just below'],
]);

export const numberEqualityCases = g.cases;
