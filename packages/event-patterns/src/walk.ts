/**
 * Matching a JavaScript object: the same walk as the JSON scanner, over values. Values are
 * read the way JSON.stringify would write them (toJSON is honoured, NaN and Infinity are null,
 * undefined, functions and symbols are left out), so `matches(e)` agrees with
 * `matchesJSON(JSON.stringify(e))`. Only fields some rule names are visited, so cycles
 * elsewhere are harmless; nesting beyond MAX_DEPTH is ignored.
 */
import type { Engine, PathNode } from './engine.js';
import { LeafKind } from './leaf.js';
import { MAX_DEPTH } from './tree.js';

const hasOwn = Object.prototype.hasOwnProperty;

function jsonView(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}

export function walkObject(engine: Engine, node: PathNode, obj: object, depth: number): void {
  for (const [key, child] of node.children) {
    if (!hasOwn.call(obj, key)) continue;
    walkValue(engine, child, (obj as Record<string, unknown>)[key], depth + 1, false);
  }
}

function walkValue(engine: Engine, node: PathNode, raw: unknown, depth: number, inArray: boolean): void {
  const value = jsonView(raw);
  const leaf = engine.leaf;
  switch (typeof value) {
    case 'string':
      if (!node.leafWork) return;
      leaf.setString(value);
      break;
    case 'number':
      if (!node.leafWork) return;
      if (Number.isFinite(value)) leaf.setDouble(value);
      else leaf.setLiteral(LeafKind.Null);
      break;
    case 'bigint':
      if (!node.leafWork) return;
      leaf.setNumeral(value.toString());
      break;
    case 'boolean':
      if (!node.leafWork) return;
      leaf.setLiteral(value ? LeafKind.True : LeafKind.False);
      break;
    case 'object':
      if (value === null) {
        if (!node.leafWork) return;
        leaf.setLiteral(LeafKind.Null);
        break;
      }
      if (depth > MAX_DEPTH) return;
      if (Array.isArray(value)) walkArray(engine, node, value, depth);
      else if (node.children.size > 0) walkObject(engine, node, value, depth);
      return;
    default: // undefined, function, symbol: absent, or null inside an array
      if (!inArray || !node.leafWork) return;
      leaf.setLiteral(LeafKind.Null);
  }
  engine.visit(node);
}

function walkArray(engine: Engine, node: PathNode, items: readonly unknown[], depth: number): void {
  if (items.length === 0) return;
  const id = engine.nextArray();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (typeof item === 'object' && item !== null) {
      const at = engine.ctxLen;
      const objLen = engine.objLen;
      const snap = engine.snap;
      engine.ctx[at] = id;
      engine.ctx[at + 1] = index;
      engine.ctxLen = at + 2;
      if (!Array.isArray(item)) {
        engine.objLen = at + 2;
        engine.snap = -1;
      }
      walkValue(engine, node, item, depth + 1, true);
      engine.ctxLen = at;
      engine.objLen = objLen;
      engine.snap = snap;
    } else {
      walkValue(engine, node, item, depth + 1, true);
    }
  }
}
