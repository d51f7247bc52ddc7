/**
 * What a target receives: the whole event (default), a constant (`Input`), one part of the
 * event (`InputPath`), or a template filled from the event (`InputTransformer`).
 *
 * Input templates follow the EventBridge user guide ("Amazon EventBridge input
 * transformation"):
 * - `<name>` placeholders name an InputPathsMap variable or a predefined one
 *   (`aws.events.rule-arn`, `aws.events.rule-name`, `aws.events.event.ingestion-time`,
 *   `aws.events.event` — the event without `detail` —, `aws.events.event.json` — the whole
 *   event). Anything else in angle brackets is left as written.
 * - A template that is JSON once its placeholders are filled is a JSON template. There a
 *   placeholder outside a string is replaced by the value's JSON (strings get their quotes,
 *   objects and arrays are inserted as they are); inside a string, a string value is
 *   inserted JSON-escaped, a number, boolean or null as its JSON text, and an object or array
 *   with its internal quotes removed, so the output stays valid JSON.
 * - Any other template is plain text, sent as text: string values are inserted as they are,
 *   other values as JSON.
 * - A variable whose path selects nothing is empty: `null` outside a string in a JSON
 *   template (so the output stays JSON), nothing elsewhere.
 */
import type { EventEnvelope, RuleTarget } from './contracts.js';
import { compileJsonPath, JsonPathError, type JsonPath } from './jsonpath.js';

/** Who is delivering: fills the predefined variables. */
export interface TransformContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** ISO 8601 time the event was accepted. */
  readonly ingestionTime: string;
}

/** Variables every template may use without defining them. */
export const PREDEFINED_VARIABLES = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
] as const;

type Piece = string | { readonly name: string; readonly inString: boolean };

/** A parsed InputTransformer. */
export interface CompiledTemplate {
  readonly json: boolean;
  readonly pieces: readonly Piece[];
  readonly paths: ReadonlyMap<string, JsonPath>;
}

/** A template or path that cannot be used; the message says why. */
export class TransformError extends Error {
  override readonly name = 'TransformError';
}

const PLACEHOLDER = /<([A-Za-z0-9_.\-]+)>/y;

/** Compiles an InputTransformer; throws TransformError for a bad path. */
export function compileTemplate(transformer: NonNullable<RuleTarget['InputTransformer']>): CompiledTemplate {
  const paths = new Map<string, JsonPath>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    try {
      paths.set(name, compileJsonPath(path));
    } catch (err) {
      if (err instanceof JsonPathError) throw new TransformError(`InputPathsMap ${name}: ${err.message}`);
      throw err;
    }
  }
  const known = (name: string): boolean => paths.has(name) || (PREDEFINED_VARIABLES as readonly string[]).includes(name);
  const pieces = tokenize(transformer.InputTemplate, known);
  return { json: isJsonTemplate(pieces), pieces, paths };
}

/**
 * Splits a template into literal text and placeholders, noting for each placeholder whether
 * it sits inside a JSON string literal (between unescaped double quotes).
 */
function tokenize(template: string, known: (name: string) => boolean): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < template.length; ) {
    const ch = template[i] as string;
    if (ch === '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      if (m && known(m[1] as string)) {
        if (literal) pieces.push(literal);
        literal = '';
        pieces.push({ name: m[1] as string, inString });
        i += m[0].length;
        escaped = false;
        continue;
      }
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    }
    literal += ch;
    i++;
  }
  if (literal) pieces.push(literal);
  return pieces;
}

/** Whether the template is JSON with every placeholder filled (by a neutral value). */
function isJsonTemplate(pieces: readonly Piece[]): boolean {
  const probe = pieces.map((p) => (typeof p === 'string' ? p : p.inString ? '' : 'null')).join('');
  try {
    JSON.parse(probe);
    return true;
  } catch {
    return false;
  }
}

/** Why a template cannot be used as written, or undefined (for PutTargets). */
export function templateProblem(compiled: CompiledTemplate, template: string): string | undefined {
  if (compiled.json || !template.trimStart().startsWith('{')) return undefined;
  const probe = compiled.pieces.map((p) => (typeof p === 'string' ? p : p.inString ? '' : 'null')).join('');
  try {
    JSON.parse(probe);
  } catch (err) {
    return `InputTemplate is a JSON object but not valid JSON (placeholders cannot be object keys): ${(err as Error).message}`;
  }
  return undefined;
}

/** The value of a predefined variable. */
function predefined(name: string, event: EventEnvelope, eventText: string, ctx: TransformContext): { value: unknown; json?: string } {
  switch (name) {
    case 'aws.events.rule-arn':
      return { value: ctx.ruleArn };
    case 'aws.events.rule-name':
      return { value: ctx.ruleName };
    case 'aws.events.event.ingestion-time':
      return { value: ctx.ingestionTime };
    case 'aws.events.event': {
      const { detail: _detail, ...rest } = event;
      return { value: rest };
    }
    default:
      return { value: event, json: eventText };
  }
}

/** Object or array text with its quotes removed (what AWS inserts for one inside a string). */
function unquoted(value: unknown): string {
  if (typeof value === 'string') return value.replaceAll('"', '');
  if (Array.isArray(value)) return `[${value.map(unquoted).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k.replaceAll('"', '')}:${unquoted(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function escapeForString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function insert(value: unknown, json: string | undefined, mode: 'json' | 'string' | 'text'): string {
  if (value === undefined) return mode === 'json' ? 'null' : '';
  if (mode === 'json') return json ?? JSON.stringify(value);
  if (typeof value === 'string') return mode === 'string' ? escapeForString(value) : value;
  if (typeof value === 'object' && value !== null) return mode === 'string' ? escapeForString(unquoted(value)) : (json ?? JSON.stringify(value));
  return JSON.stringify(value);
}

/** Fills a compiled template from an event. */
export function renderTemplate(compiled: CompiledTemplate, event: EventEnvelope, eventText: string, ctx: TransformContext): string {
  let out = '';
  for (const piece of compiled.pieces) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const path = compiled.paths.get(piece.name);
    const { value, json } = path ? { value: path.select(event), json: undefined } : predefined(piece.name, event, eventText, ctx);
    const mode = !compiled.json ? 'text' : piece.inString ? 'string' : 'json';
    out += insert(value, json, mode);
  }
  return out;
}

const templateCache = new Map<string, CompiledTemplate>();
const pathCache = new Map<string, JsonPath>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 1000) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * The body a target receives for an event. `eventText` is the event's JSON as accepted (sent
 * unchanged when the target transforms nothing). Throws TransformError for a target whose
 * paths cannot be parsed (PutTargets refuses those, so only stored data from elsewhere can).
 */
export function renderPayload(target: RuleTarget, event: EventEnvelope, eventText: string, ctx: TransformContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const path = cached(pathCache, target.InputPath, () => {
      try {
        return compileJsonPath(target.InputPath as string);
      } catch (err) {
        throw new TransformError((err as Error).message);
      }
    });
    const selected = path.select(event);
    return selected === undefined ? 'null' : path.text === '$' ? eventText : JSON.stringify(selected);
  }
  if (target.InputTransformer !== undefined) {
    const transformer = target.InputTransformer;
    const key = JSON.stringify(transformer);
    return renderTemplate(cached(templateCache, key, () => compileTemplate(transformer)), event, eventText, ctx);
  }
  return eventText;
}
