// Invalid patterns with the PatternError code and path SEMANTICS.md prescribes.
//
// Path rule: field keys joined with `.`, array indexes as `[i]`, `$or` alternatives as
// `$or[i]`; for an operator's bad operand the path ends with the operator key (no index
// into the operand); "" is the root.
import type { InvalidCase } from './types.js';

const cases: InvalidCase[] = [];
function bad(name: string, pattern: string, code: string, path: string, note?: string): void {
  const c: InvalidCase = { name, pattern, code, path };
  if (note !== undefined) c.note = note;
  cases.push(c);
}

// --- not JSON ------------------------------------------------------------------------
bad('unterminated object', '{"a":[1]', 'INVALID_JSON', '');
bad('unquoted key', '{a:[1]}', 'INVALID_JSON', '');
bad('empty text', '', 'INVALID_JSON', '');
bad('trailing comma', '{"a":[1],}', 'INVALID_JSON', '');
bad('single-quoted string', "{\"a\":['x']}", 'INVALID_JSON', '');
bad('numeral with a leading zero', '{"a":[01]}', 'INVALID_JSON', '');
bad('NaN is not JSON', '{"a":[NaN]}', 'INVALID_JSON', '');
bad('two documents', '{"a":[1]} {"b":[2]}', 'INVALID_JSON', '');
bad('nesting deeper than 64 levels', `${'{"a":'.repeat(70)}[1]${'}'.repeat(70)}`, 'INVALID_JSON', '',
  'SEMANTICS.md: text nesting deeper than 64 levels is INVALID_JSON; root path is a guess');

// --- root is not an object -----------------------------------------------------------
bad('root is an array', '[{"a":[1]}]', 'NOT_AN_OBJECT', '');
bad('root is an empty array', '[]', 'NOT_AN_OBJECT', '');
bad('root is a string', '"a"', 'NOT_AN_OBJECT', '');
bad('root is a number', '42', 'NOT_AN_OBJECT', '');
bad('root is null', 'null', 'NOT_AN_OBJECT', '');
bad('root is true', 'true', 'NOT_AN_OBJECT', '');

// --- empty objects -------------------------------------------------------------------
bad('empty pattern', '{}', 'EMPTY_OBJECT', '');
bad('empty nested object', '{"detail":{}}', 'EMPTY_OBJECT', 'detail');
bad('empty object two levels down', '{"detail":{"x":{}}}', 'EMPTY_OBJECT', 'detail.x');
bad('empty object in a value list', '{"a":[{}]}', 'EMPTY_OBJECT', 'a[0]');
bad('empty object later in a value list', '{"a":["x",{}]}', 'EMPTY_OBJECT', 'a[1]');
bad('empty $or alternative', '{"$or":[{"a":[1]},{}]}', 'EMPTY_OBJECT', '$or[1]');
bad('empty anything-but object', '{"a":[{"anything-but":{}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'an operand that is empty where not allowed is INVALID_OPERAND; EMPTY_OBJECT lists pattern, nested field, match value, $or alternative (SEMANTICS.md is ambiguous here)');

// --- scalar where an array is needed --------------------------------------------------
bad('field maps to a string', '{"a":"x"}', 'NOT_AN_ARRAY', 'a');
bad('field maps to a number', '{"a":5}', 'NOT_AN_ARRAY', 'a');
bad('field maps to true', '{"a":true}', 'NOT_AN_ARRAY', 'a');
bad('field maps to null', '{"a":null}', 'NOT_AN_ARRAY', 'a');
bad('nested field maps to a string', '{"a":{"b":"x"}}', 'NOT_AN_ARRAY', 'a.b');
bad('deep field maps to a number', '{"a":{"b":{"c":1}}}', 'NOT_AN_ARRAY', 'a.b.c');
bad('scalar inside an $or alternative', '{"$or":[{"a":[1]},{"b":2}]}', 'NOT_AN_ARRAY', '$or[1].b');
bad('scalar inside a nested $or alternative', '{"detail":{"$or":[{"a":[1]},{"b":"x"}]}}', 'NOT_AN_ARRAY', 'detail.$or[1].b');
bad('scalar after a valid sibling', '{"ok":["y"],"bad":"x"}', 'NOT_AN_ARRAY', 'bad');

// --- empty arrays ---------------------------------------------------------------------
bad('empty value list', '{"a":[]}', 'EMPTY_ARRAY', 'a');
bad('empty nested value list', '{"a":{"b":[]}}', 'EMPTY_ARRAY', 'a.b');
bad('empty value list in an $or alternative', '{"$or":[{"a":[1]},{"b":[]}]}', 'EMPTY_ARRAY', '$or[1].b');
bad('empty value list next to a valid one', '{"a":[{"exists":true}],"b":[]}', 'EMPTY_ARRAY', 'b');
bad('anything-but with an empty list', '{"a":[{"anything-but":[]}]}', 'EMPTY_ARRAY', 'a[0].anything-but',
  'SEMANTICS.md: [] as an operator\'s list is EMPTY_ARRAY');
bad('numeric with an empty list', '{"a":[{"numeric":[]}]}', 'EMPTY_ARRAY', 'a[0].numeric',
  'SEMANTICS.md: [] as an operator\'s list is EMPTY_ARRAY (INVALID_NUMERIC would also be defensible)');

// --- arrays inside a value list ----------------------------------------------------------
bad('array inside a value list', '{"a":[[1]]}', 'INVALID_VALUE', 'a[0]');
bad('array later in a value list', '{"a":["x",["y"]]}', 'INVALID_VALUE', 'a[1]');
bad('empty array inside a value list', '{"a":[[]]}', 'INVALID_VALUE', 'a[0]',
  'an array inside a value list; not the field\'s own (non-empty) list');

// --- unknown / multiple operators --------------------------------------------------------
bad('unknown operator', '{"a":[{"contains":"x"}]}', 'UNKNOWN_OPERATOR', 'a[0]');
bad('operator names are case-sensitive', '{"a":[{"Prefix":"x"}]}', 'UNKNOWN_OPERATOR', 'a[0]');
bad('numeric comparison sign used as an operator', '{"a":[{"=":5}]}', 'UNKNOWN_OPERATOR', 'a[0]');
bad('unknown operator in a nested field', '{"d":{"a":["x",{"equals":"x"}]}}', 'UNKNOWN_OPERATOR', 'd.a[1]');
bad('two operators in one object', '{"a":[{"prefix":"x","suffix":"y"}]}', 'MULTIPLE_OPERATORS', 'a[0]');
bad('numeric and exists in one object', '{"a":[{"numeric":[">",1],"exists":true}]}', 'MULTIPLE_OPERATORS', 'a[0]');

// --- wrong operand types ----------------------------------------------------------------
bad('prefix of a number', '{"a":[{"prefix":5}]}', 'INVALID_OPERAND', 'a[0].prefix');
bad('prefix of null', '{"a":[{"prefix":null}]}', 'INVALID_OPERAND', 'a[0].prefix');
bad('prefix of a list', '{"a":[{"prefix":["x"]}]}', 'INVALID_OPERAND', 'a[0].prefix');
bad('prefix equals-ignore-case of a number', '{"a":[{"prefix":{"equals-ignore-case":5}}]}', 'INVALID_OPERAND', 'a[0].prefix',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('prefix of an object with another operator', '{"a":[{"prefix":{"suffix":"x"}}]}', 'INVALID_OPERAND', 'a[0].prefix');
bad('suffix equals-ignore-case of a list', '{"a":[{"suffix":{"equals-ignore-case":["x"]}}]}', 'INVALID_OPERAND', 'a[0].suffix');
bad('suffix of a number', '{"a":[{"suffix":5}]}', 'INVALID_OPERAND', 'a[0].suffix');
bad('suffix of true', '{"a":[{"suffix":true}]}', 'INVALID_OPERAND', 'a[0].suffix');
bad('equals-ignore-case of a number', '{"a":[{"equals-ignore-case":5}]}', 'INVALID_OPERAND', 'a[0].equals-ignore-case');
bad('equals-ignore-case of a list', '{"a":[{"equals-ignore-case":["x"]}]}', 'INVALID_OPERAND', 'a[0].equals-ignore-case',
  'only anything-but takes an equals-ignore-case list');
bad('wildcard of a number', '{"a":[{"wildcard":5}]}', 'INVALID_OPERAND', 'a[0].wildcard');
bad('wildcard of a list', '{"a":[{"wildcard":["*"]}]}', 'INVALID_OPERAND', 'a[0].wildcard',
  'only anything-but takes a wildcard list');
bad('exists of a string', '{"a":[{"exists":"true"}]}', 'INVALID_OPERAND', 'a[0].exists');
bad('exists of a number', '{"a":[{"exists":1}]}', 'INVALID_OPERAND', 'a[0].exists');
bad('exists of null', '{"a":[{"exists":null}]}', 'INVALID_OPERAND', 'a[0].exists');
bad('cidr of a number', '{"a":[{"cidr":10}]}', 'INVALID_OPERAND', 'a[0].cidr',
  'wrong type is INVALID_OPERAND; a malformed CIDR string is INVALID_CIDR');
bad('numeric of a string', '{"a":[{"numeric":">5"}]}', 'INVALID_NUMERIC', 'a[0].numeric',
  'a malformed numeric operand (SEMANTICS.md is ambiguous: INVALID_OPERAND "wrong type" would also fit)');
bad('numeric of an object', '{"a":[{"numeric":{"gt":5}}]}', 'INVALID_NUMERIC', 'a[0].numeric',
  'see "numeric of a string"');

// --- anything-but operands ---------------------------------------------------------------
bad('anything-but of true', '{"a":[{"anything-but":true}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of null', '{"a":[{"anything-but":null}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of a mixed list', '{"a":[{"anything-but":["x",1]}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of a boolean list', '{"a":[{"anything-but":[true,false]}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of a list with null', '{"a":[{"anything-but":[null]}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of a nested list', '{"a":[{"anything-but":[["x"]]}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but with an empty prefix', '{"a":[{"anything-but":{"prefix":""}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but with an empty suffix', '{"a":[{"anything-but":{"suffix":""}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but prefix of a number', '{"a":[{"anything-but":{"prefix":5}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but equals-ignore-case of a number', '{"a":[{"anything-but":{"equals-ignore-case":5}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but equals-ignore-case of a mixed list', '{"a":[{"anything-but":{"equals-ignore-case":["x",5]}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but wildcard with a double star', '{"a":[{"anything-but":{"wildcard":"a**"}}]}', 'INVALID_WILDCARD', 'a[0].anything-but',
  'the path ends with the match value\'s operator key, with no index into the operand');
bad('anything-but with two operators', '{"a":[{"anything-but":{"prefix":"a","suffix":"b"}}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of anything-but', '{"a":[{"anything-but":{"anything-but":"x"}}]}', 'INVALID_OPERAND', 'a[0].anything-but');
bad('anything-but of a numeric object', '{"a":[{"anything-but":{"numeric":[">",1]}}]}', 'INVALID_OPERAND', 'a[0].anything-but',
  'SEMANTICS.md lists the objects anything-but takes; numeric is not one (UNKNOWN_OPERATOR would also be defensible)');

// --- numeric ------------------------------------------------------------------------------
bad('numeric with an unknown comparison', '{"a":[{"numeric":["!=",5]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric upper-bound sign first in a range', '{"a":[{"numeric":["<",5,">",1]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric lower-bound sign in the upper position', '{"a":[{"numeric":[">",1,">",5]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric range with lo > hi', '{"a":[{"numeric":[">",5,"<",1]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric range with lo == hi', '{"a":[{"numeric":[">=",5,"<=",5]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric with a missing value', '{"a":[{"numeric":[">"]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric range missing the upper value', '{"a":[{"numeric":[">",1,"<"]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric with too many elements', '{"a":[{"numeric":[">",1,"<",5,"<",6]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric with a string operand', '{"a":[{"numeric":[">","5"]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric with a null operand', '{"a":[{"numeric":["<",null]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric with the value first', '{"a":[{"numeric":[5,">"]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric = inside a range', '{"a":[{"numeric":["=",1,"<",5]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric = as the upper bound', '{"a":[{"numeric":[">",1,"=",5]}]}', 'INVALID_NUMERIC', 'a[0].numeric');
bad('numeric error inside a nested field', '{"detail":{"price":[{"numeric":["<"]}]}}', 'INVALID_NUMERIC', 'detail.price[0].numeric');

// --- non-finite numbers ----------------------------------------------------------------------
bad('numeric bound 1e400', '{"a":[{"numeric":[">",1e400]}]}', 'INVALID_NUMBER', 'a[0].numeric');
bad('numeric bound -1e400', '{"a":[{"numeric":["<",-1e400]}]}', 'INVALID_NUMBER', 'a[0].numeric');
bad('numeric upper bound 1e309', '{"a":[{"numeric":[">",0,"<",1e309]}]}', 'INVALID_NUMBER', 'a[0].numeric');
bad('exact match value 1e400', '{"a":[1e400]}', 'INVALID_NUMBER', 'a[0]');
bad('anything-but 1e400', '{"a":[{"anything-but":1e400}]}', 'INVALID_NUMBER', 'a[0].anything-but');
bad('anything-but list holding 1e400', '{"a":[{"anything-but":[1,1e400]}]}', 'INVALID_NUMBER', 'a[0].anything-but');

// --- CIDR ------------------------------------------------------------------------------------
bad('cidr without a slash', '{"a":[{"cidr":"10.0.0.0"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr IPv4 bits 33', '{"a":[{"cidr":"10.0.0.0/33"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr negative bits', '{"a":[{"cidr":"10.0.0.0/-1"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr empty bits', '{"a":[{"cidr":"10.0.0.0/"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr octet 256', '{"a":[{"cidr":"10.0.0.256/24"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr three octets', '{"a":[{"cidr":"10.0.0/24"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr garbage', '{"a":[{"cidr":"garbage"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr no address', '{"a":[{"cidr":"/24"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr two slashes', '{"a":[{"cidr":"10.0.0.0/24/8"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr IPv6 bits 129', '{"a":[{"cidr":"::1/129"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr IPv6 bad hex digit', '{"a":[{"cidr":"2001:db8::g/32"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr IPv6 nine groups', '{"a":[{"cidr":"1:2:3:4:5:6:7:8:9/64"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr IPv6 two double colons', '{"a":[{"cidr":"2001::db8::1/64"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr bits not a number', '{"a":[{"cidr":"10.0.0.0/abc"}]}', 'INVALID_CIDR', 'a[0].cidr');
bad('cidr empty string', '{"a":[{"cidr":""}]}', 'INVALID_CIDR', 'a[0].cidr',
  'a string operand that is not a CIDR is INVALID_CIDR (INVALID_OPERAND "empty" would also be defensible)');

// --- wildcard --------------------------------------------------------------------------------
bad('wildcard double star', '{"a":[{"wildcard":"a**b"}]}', 'INVALID_WILDCARD', 'a[0].wildcard');
bad('wildcard only two stars', '{"a":[{"wildcard":"**"}]}', 'INVALID_WILDCARD', 'a[0].wildcard');
bad('wildcard three stars', '{"a":[{"wildcard":"x***"}]}', 'INVALID_WILDCARD', 'a[0].wildcard');
bad('wildcard backslash before a letter', String.raw`{"a":[{"wildcard":"a\\b"}]}`, 'INVALID_WILDCARD', 'a[0].wildcard');
bad('wildcard trailing backslash', String.raw`{"a":[{"wildcard":"abc\\"}]}`, 'INVALID_WILDCARD', 'a[0].wildcard');
bad('wildcard escaped backslash then lone backslash', String.raw`{"a":[{"wildcard":"\\\\\\x"}]}`, 'INVALID_WILDCARD', 'a[0].wildcard');

// --- $or -------------------------------------------------------------------------------------
bad('$or is an object', '{"$or":{"a":[1]}}', 'INVALID_OR', '$or',
  'SEMANTICS.md rejects a non-array $or (event-ruler would treat it as a field name)');
bad('$or is a string', '{"$or":"a"}', 'INVALID_OR', '$or');
bad('$or with one entry', '{"$or":[{"a":[1]}]}', 'INVALID_OR', '$or');
bad('$or with no entries', '{"$or":[]}', 'INVALID_OR', '$or',
  'fewer than two entries is INVALID_OR; EMPTY_ARRAY is for field values and operator lists');
bad('nested $or with one entry', '{"detail":{"$or":[{"a":[1]}]}}', 'INVALID_OR', 'detail.$or');
bad('nested $or is an object', '{"detail":{"$or":{"a":[1]}}}', 'INVALID_OR', 'detail.$or');
bad('$or entry is a number', '{"$or":[{"a":[1]},5]}', 'INVALID_OR', '$or[1]',
  'SEMANTICS.md lists this under both INVALID_OR ("an entry not an object") and NOT_AN_OBJECT ("or an $or alternative"); INVALID_OR chosen');
bad('$or entry is an array', '{"$or":[[{"a":[1]}],{"b":[2]}]}', 'INVALID_OR', '$or[0]',
  'see "$or entry is a number"');
bad('$or in $or with one entry', '{"$or":[{"a":[1]},{"b":[1],"$or":[{"c":[1]}]}]}', 'INVALID_OR', '$or[1].$or');

// --- reserved names inside $or ---------------------------------------------------------------
bad('numeric as a field name in $or', '{"$or":[{"numeric":[1]},{"b":[1]}]}', 'RESERVED_FIELD', '$or[0].numeric');
bad('prefix as a field name in $or', '{"$or":[{"a":[1]},{"prefix":["x"]}]}', 'RESERVED_FIELD', '$or[1].prefix');
bad('anything-but as a field name in $or', '{"$or":[{"anything-but":["x"]},{"b":[1]}]}', 'RESERVED_FIELD', '$or[0].anything-but');
bad('exists as a field name in $or', '{"$or":[{"a":[1]},{"exists":[true]}]}', 'RESERVED_FIELD', '$or[1].exists');
bad('= as a field name in $or', '{"$or":[{"a":[1]},{"=":[1]}]}', 'RESERVED_FIELD', '$or[1].=');
bad('cidr as a field name in a nested $or', '{"d":{"$or":[{"cidr":["x"]},{"b":[1]}]}}', 'RESERVED_FIELD', 'd.$or[0].cidr');

// --- duplicate paths -------------------------------------------------------------------------
bad('field repeated in an $or alternative', '{"a":[1],"$or":[{"a":[2]},{"b":[3]}]}', 'DUPLICATE_PATH', 'a');
bad('nested field repeated in an $or alternative', '{"x":{"a":[1]},"$or":[{"x":{"a":[2]}},{"b":[1]}]}', 'DUPLICATE_PATH', 'x.a');
bad('field repeated inside a nested $or', '{"detail":{"a":[1],"$or":[{"b":[2]},{"a":[2]}]}}', 'DUPLICATE_PATH', 'detail.a');
bad('field repeated through $or in $or', '{"$or":[{"a":[1],"$or":[{"a":[2]},{"b":[1]}]},{"c":[1]}]}', 'DUPLICATE_PATH', 'a',
  'path is the field\'s dotted path, not its position in the $or tree');
bad('duplicate key in the text', '{"a":[1],"a":[2]}', 'DUPLICATE_PATH', 'a');
bad('duplicate nested key in the text', '{"d":{"a":[1],"a":[2]}}', 'DUPLICATE_PATH', 'd.a');

// --- too many alternatives ----------------------------------------------------------------------
const thirteen = Array.from({ length: 13 }, (_, i) => `"f${i}":{"$or":[{"a":[1]},{"b":[1]}]}`).join(',');
bad('13 parallel $or expand to 8192 alternatives', `{${thirteen}}`, 'TOO_COMPLEX', 'f12',
  'the path names the field whose alternatives push the expansion past the limit');

export const invalidCases: InvalidCase[] = cases;
