// exists true / false: works on leaf values only.
import { matchGroup } from './types.js';

const g = matchGroup('exists');
const LEAF = 'exists works on leaf nodes only: an object (or [] / {}) is not a leaf (event-ruler README; SEMANTICS.md)';

g.each('exists true', '{"detail":{"c-count":[{"exists":true}]}}', [
  ['{"detail":{"c-count":5}}', true, 'number'],
  ['{"detail":{"c-count":"five"}}', true, 'string'],
  ['{"detail":{"c-count":""}}', true, 'empty string'],
  ['{"detail":{"c-count":false}}', true, 'false'],
  ['{"detail":{"c-count":0}}', true, 'zero'],
  ['{"detail":{"c-count":null}}', true, 'null value', { note: 'SEMANTICS.md: null counts as present' }],
  ['{"detail":{"c-count":[1,2]}}', true, 'non-empty array'],
  ['{"detail":{"c-count":[null]}}', true, 'array holding null'],
  ['{"detail":{"d-count":5}}', false, 'field missing'],
  ['{"detail":{"c-count":[]}}', false, 'empty array', { note: LEAF }],
  ['{"detail":{"c-count":{}}}', false, 'empty object', { note: LEAF }],
  ['{"detail":{"c-count":{"c1":100}}}', false, 'object value', { note: LEAF }],
  ['{"detail":{"c-count":[[],{}]}}', false, 'array of empty containers', { note: LEAF }],
  ['{"c-count":5}', false, 'field at the wrong level'],
  ['{}', false, 'empty event'],
]);

g.each('exists false', '{"detail":{"c-count":[{"exists":false}]}}', [
  ['{"detail":{"d-count":5}}', true, 'field missing'],
  ['{"detail":{}}', true, 'parent empty'],
  ['{"detail":{"c-count":{"c1":100}}}', true, 'object value is not a leaf', { note: LEAF }],
  ['{"detail":{"c-count":[]}}', true, 'empty array', { note: LEAF }],
  ['{"detail":{"c-count":{}}}', true, 'empty object', { note: LEAF }],
  ['{"detail":{"c-count":5}}', false, 'number present'],
  ['{"detail":{"c-count":null}}', false, 'null present', { note: 'SEMANTICS.md: null counts as present' }],
  ['{"detail":{"c-count":""}}', false, 'empty string present'],
  ['{"detail":{"c-count":false}}', false, 'false present'],
  ['{"detail":{"c-count":[0]}}', false, 'array with a value'],
  ['{"c-count":5}', true, 'same name at another level does not count'],
  ['{"other":1}', true, 'parent missing', { note: 'no leaf value at detail.c-count' }],
]);

g.each('exists false on a top-level field', '{"error":[{"exists":false}]}', [
  ['{"ok":true}', true, 'missing'],
  ['{"error":"boom"}', false, 'present'],
  ['{}', true, 'empty event'],
]);

g.each('exists true ANDed with a value', '{"source":["app"],"detail":{"userId":[{"exists":true}]}}', [
  ['{"source":"app","detail":{"userId":"u-1"}}', true, 'both'],
  ['{"source":"app","detail":{}}', false, 'userId missing'],
  ['{"source":"other","detail":{"userId":"u-1"}}', false, 'source differs'],
]);

g.each('exists false ANDed with a value', '{"source":["app"],"detail":{"error":[{"exists":false}]}}', [
  ['{"source":"app","detail":{"result":"ok"}}', true, 'no error field'],
  ['{"source":"app","detail":{"error":"x"}}', false, 'error present'],
  ['{"source":"app"}', true, 'detail missing entirely'],
  ['{"detail":{"result":"ok"}}', false, 'source missing'],
]);

g.each('exists false ORed with a value', '{"tier":[{"exists":false},"gold"]}', [
  ['{}', true, 'missing'],
  ['{"tier":"gold"}', true, 'listed value'],
  ['{"tier":"silver"}', false, 'present with another value'],
]);

g.each('exists on a deeply nested path', '{"a":{"b":{"c":[{"exists":true}]}}}', [
  ['{"a":{"b":{"c":"x"}}}', true, 'present'],
  ['{"a":{"b":{"d":"x"}}}', false, 'sibling only'],
  ['{"a":{"b":"c"}}', false, 'parent is a string'],
  ['{"a":[{"b":{"c":1}}]}', true, 'through an array of objects'],
  ['{"a":[{"b":{}},{"b":{"c":null}}]}', true, 'one array element has it'],
]);

g.each('exists true on the parent of an object', '{"detail":[{"exists":true}]}', [
  ['{"detail":{"x":1}}', false, 'object parent is not a leaf', { note: LEAF }],
  ['{"detail":"flat"}', true, 'leaf'],
]);

g.each('exists true inside arrays of objects', '{"items":{"sku":[{"exists":true}]}}', [
  ['{"items":[{"qty":1},{"sku":"A1"}]}', true, 'one element has it'],
  ['{"items":[{"qty":1},{"qty":2}]}', false, 'no element has it'],
]);

g.each('exists false inside arrays of objects', '{"items":{"sku":[{"exists":false}]}}', [
  ['{"items":[{"qty":1},{"qty":2}]}', true, 'no element has it'],
  ['{"items":[{"qty":1},{"sku":"A1"}]}', false, 'one element has it', { note: 'SEMANTICS.md: exists false means the path has no leaf value at all' }],
  ['{"items":[]}', true, 'empty array'],
]);

g.each('exists through arrays of arrays', '{"a":{"b":[{"exists":true}]}}', [
  ['{"a":[[{"b":1}]]}', true, 'object inside nested arrays'],
  ['{"a":[[{"c":1}],[]]}', false, 'no b anywhere'],
]);

export const existsCases = g.cases;
