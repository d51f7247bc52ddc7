// Arrays in events: any element matches; arrays of arrays are flattened; in arrays of
// objects, all conditions of one alternative must be met inside the SAME element.
import { matchGroup } from './types.js';

const g = matchGroup('arrays');
const SAME = 'all conditions must come from the same element of a shared array (event-ruler README, rulesForJSONEvent; SEMANTICS.md)';

g.each('pattern list vs event array (intersection)', '{"resources":["arn:r1","arn:r2","arn:r3"]}', [
  ['{"resources":["arn:x","arn:r1"]}', true, 'one shared element'],
  ['{"resources":["arn:x","arn:y"]}', false, 'nothing shared'],
  ['{"resources":["arn:r3"]}', true, 'single-element array'],
  ['{"resources":[]}', false, 'empty array'],
  ['{"resources":"arn:r2"}', true, 'scalar in the event'],
]);

g.each('arrays of arrays are flattened', '{"a":[3]}', [
  ['{"a":[[1,2],[3]]}', true, 'nested one level'],
  ['{"a":[[1],[[2,[3]]]]}', true, 'nested three levels'],
  ['{"a":[[1],[[2]]]}', false, 'value absent at every depth'],
  ['{"a":[[],[[]]]}', false, 'only empty arrays'],
]);

g.each('arrays of objects, one condition', '{"employees":{"firstName":["Anna"]}}', [
  ['{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"}]}', true, 'second element'],
  ['{"employees":[{"firstName":"John"},{"firstName":"Peter"}]}', false, 'no element'],
  ['{"employees":[[{"firstName":"John"}],[{"firstName":"Anna"}]]}', true, 'array of arrays of objects'],
]);

g.each('arrays of objects, two conditions', '{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}', [
  ['{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}', false, 'met by different elements', { note: SAME }],
  ['{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Jones"}]}', true, 'met by one element'],
  ['{"employees":[[{"firstName":"Anna","lastName":"Smith"}],[{"firstName":"Peter","lastName":"Jones"}]]}', false, 'different elements of nested arrays', { note: SAME }],
  ['{"employees":[[{"firstName":"Peter","lastName":"Doe"}],[{"firstName":"Anna","lastName":"Jones"}]]}', true, 'one element of nested arrays'],
]);

g.each('numbers in arrays of objects', '{"a":{"b":[1],"c":[2]}}', [
  ['{"a":[{"b":1,"c":3},{"b":3,"c":2}]}', false, 'b and c from different elements', { note: SAME }],
  ['{"a":[{"b":1,"c":2}]}', true, 'same element'],
  ['{"a":[{"b":3,"c":3},{"b":1,"c":2}]}', true, 'second element has both'],
  ['{"a":{"b":1,"c":2}}', true, 'plain object, no array'],
  ['{"a":[{"b":[0,1],"c":[2,5]}]}', true, 'leaf arrays inside one element'],
]);

g.each('operators in arrays of objects', '{"orders":{"total":[{"numeric":[">",100]}],"state":[{"anything-but":"cancelled"}]}}', [
  ['{"orders":[{"total":150,"state":"cancelled"},{"total":20,"state":"open"}]}', false, 'conditions met by different elements', { note: SAME }],
  ['{"orders":[{"total":20,"state":"open"},{"total":150,"state":"open"}]}', true, 'one element meets both'],
]);

g.each('exists true in arrays of objects', '{"a":{"b":[{"exists":true}],"c":[2]}}', [
  ['{"a":[{"b":1,"c":3},{"c":2}]}', false, 'b exists only in the element without c=2', { note: SAME }],
  ['{"a":[{"c":3},{"b":1,"c":2}]}', true, 'one element has both'],
]);

g.each('$or branch must be met by one element', '{"a":{"$or":[{"b":[1],"c":[2]},{"d":[3]}]}}', [
  ['{"a":[{"b":1},{"c":2}]}', false, 'branch split across elements', { note: SAME }],
  ['{"a":[{"b":1},{"d":3}]}', true, 'second branch in one element'],
  ['{"a":[{"b":1,"c":2},{"d":0}]}', true, 'first branch in one element'],
]);

g.each('$or branch plus shared sibling condition', '{"a":{"$or":[{"b":[1]},{"c":[2]}],"d":[3]}}', [
  ['{"a":[{"b":1,"d":0},{"c":2,"d":3}]}', true, 'second branch and d in element 2'],
  ['{"a":[{"b":1,"d":0},{"c":0,"d":3}]}', false, 'b from element 1, d from element 2', { note: SAME }],
]);

g.each('top-level $or over an array of objects', '{"$or":[{"a":{"b":[1],"c":[2]}},{"z":[1]}]}', [
  ['{"a":[{"b":1,"c":0},{"b":0,"c":2}]}', false, 'split across elements', { note: SAME }],
  ['{"a":[{"b":1,"c":0},{"b":0,"c":2}],"z":1}', true, 'other alternative holds'],
]);

g.each('nested arrays of objects', '{"a":{"b":{"c":[1],"d":[2]}}}', [
  ['{"a":[{"b":[{"c":1,"d":0},{"c":0,"d":2}]}]}', false, 'inner elements differ', { note: SAME }],
  ['{"a":[{"b":[{"c":1,"d":2}]}]}', true, 'one inner element'],
  ['{"a":[{"b":[{"c":1,"d":0}]},{"b":[{"c":0,"d":2}]}]}', false, 'outer elements differ', { note: SAME }],
  ['{"a":[{"b":[{"c":0}]},{"b":[{"c":9},{"c":1,"d":2}]}]}', true, 'second outer, second inner'],
]);

g.each('conditions at two array depths', '{"a":{"x":[1],"b":{"c":[2]}}}', [
  ['{"a":[{"x":1,"b":[{"c":9}]},{"x":9,"b":[{"c":2}]}]}', false, 'x and c from different outer elements', { note: SAME }],
  ['{"a":[{"x":1,"b":[{"c":9},{"c":2}]}]}', true, 'same outer element, any inner element'],
]);

g.each('different arrays are independent', '{"a":{"x":[1]},"b":{"y":[2]}}', [
  ['{"a":[{"x":1},{"x":0}],"b":[{"y":0},{"y":2}]}', true, 'each condition in its own array'],
  ['{"a":[{"x":0}],"b":[{"y":2}]}', false, 'first condition fails'],
  ['{"a":[{"x":0},{"x":1}],"b":[{"y":2}]}', true, 'second element of one array, only element of the other'],
  ['{"a":[{"x":1}],"b":{"y":[0,2]}}', true, 'array of objects and an object with a leaf array'],
]);

g.each('independent arrays under one parent', '{"p":{"a":{"x":[1]},"b":{"y":[2]}}}', [
  ['{"p":{"a":[{"x":0},{"x":1}],"b":[{"y":2},{"y":0}]}}', true, 'different arrays, different positions'],
  ['{"p":[{"a":[{"x":1}],"b":[{"y":0}]},{"a":[{"x":0}],"b":[{"y":2}]}]}', false, 'the shared outer array splits them', { note: SAME }],
  ['{"p":[{"a":[{"x":0},{"x":1}],"b":[{"y":2}]}]}', true, 'same outer element, inner arrays independent'],
]);

g.each('array field next to a scalar field', '{"a":{"b":[1]},"c":[2]}', [
  ['{"a":[{"b":0},{"b":1}],"c":[0,2]}', true, 'scalar-side array is separate'],
  ['{"a":[{"b":0}],"c":2}', false, 'b never 1'],
]);

g.each('objects mixed with leaves in one array', '{"a":{"b":["x"]}}', [
  ['{"a":["x",{"b":"x"}]}', true, 'object element has it'],
  ['{"a":["x",{"c":"x"}]}', false, 'leaf elements are not objects'],
]);

g.each('leaf arrays under an object', '{"tags":{"env":["prod"],"team":["core"]}}', [
  ['{"tags":{"env":["dev","prod"],"team":["core","web"]}}', true, 'leaf arrays, no array of objects'],
  ['{"tags":{"env":["dev"],"team":["core"]}}', false, 'env not listed'],
]);

export const arrayCases = g.cases;
