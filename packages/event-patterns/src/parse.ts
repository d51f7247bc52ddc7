/** Turns the two accepted pattern forms (JSON text, or a value) into the compiled model. */
import { compileTree } from './compile.js';
import { PatternError } from './errors.js';
import type { PatternModel } from './model.js';
import { MAX_DEPTH, fromValue, readJson, type JsonNode } from './tree.js';

function duplicate(path: string): never {
  throw new PatternError('DUPLICATE_PATH', path, 'the same key appears twice in this object');
}

/** Validates and compiles a pattern given as JSON text or as a value; throws PatternError. */
export function parsePattern(pattern: unknown): PatternModel {
  let tree: JsonNode | undefined;
  if (typeof pattern === 'string') {
    tree = readJson(pattern, MAX_DEPTH, duplicate);
  } else if (typeof pattern === 'object' && pattern !== null && !Array.isArray(pattern)) {
    tree = fromValue(pattern, true);
  } else {
    const what = Array.isArray(pattern) ? 'an array' : pattern === null ? 'null' : `a ${typeof pattern}`;
    throw new PatternError('NOT_AN_OBJECT', '', `must be a JSON object or its text, not ${what}`);
  }
  return compileTree(tree!);
}
