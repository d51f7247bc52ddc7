/**
 * Reading request fields with the checks the AWS API reference states for them. A field of
 * the wrong JSON type is a SerializationException (the SDK never sends one); a value that
 * breaks a constraint is a ValidationException worded as AWS words it, naming the member by
 * its path: `1 validation error detected: Value 'a b' at 'name' failed to satisfy
 * constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`.
 * Values marked secret are never echoed.
 */
import { CommonErrors, type ServiceError } from '../../../core/errors.js';

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** Keeps the value out of error messages (passwords, keys, client secrets). */
  readonly secret?: boolean;
}

export interface IntegerRule {
  readonly min?: number;
  readonly max?: number;
}

/** Resource names of connections, API destinations and replays. */
export const NAME: StringRule = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ };
export const DESCRIPTION: StringRule = { max: 512 };
export const ARN: StringRule = { min: 1, max: 1600 };

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The pattern as AWS prints it: without anchors. */
function patternText(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

/** A ValidationException about one member. */
export function invalid(path: string, value: unknown, constraint: string, secret = false): ServiceError {
  const shown = value === undefined || value === null ? 'null' : secret ? "'*** Sensitive Data Redacted ***'" : `'${String(value)}'`;
  return CommonErrors.validation(`1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: Member ${constraint}`);
}

/** The fields of one JSON object of a request, with the path that error messages name. */
export class Fields {
  private constructor(
    private readonly obj: Readonly<Record<string, unknown>>,
    private readonly path: string,
  ) {}

  /** The request body itself. */
  static of(input: Readonly<Record<string, unknown>>): Fields {
    return new Fields(input, '');
  }

  /** Where a member of this object is, e.g. `authParameters.basicAuthParameters.username`. */
  pathOf(name: string): string {
    return this.path === '' ? lowerFirst(name) : `${this.path}.${lowerFirst(name)}`;
  }

  has(name: string): boolean {
    return this.obj[name] !== undefined && this.obj[name] !== null;
  }

  private raw(name: string): unknown {
    const v = this.obj[name];
    return v === null ? undefined : v;
  }

  private typeError(name: string, expected: string): ServiceError {
    return CommonErrors.serialization(`Expected ${expected} at '${this.pathOf(name)}'.`);
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw this.typeError(name, 'a string');
    const path = this.pathOf(name);
    if (rule.min !== undefined && v.length < rule.min) {
      throw invalid(path, v, `must have length greater than or equal to ${rule.min}`, rule.secret);
    }
    if (rule.max !== undefined && v.length > rule.max) {
      throw invalid(path, v, `must have length less than or equal to ${rule.max}`, rule.secret);
    }
    if (rule.pattern && !rule.pattern.test(v)) {
      throw invalid(path, v, `must satisfy regular expression pattern: ${patternText(rule.pattern)}`, rule.secret);
    }
    return v;
  }

  requiredString(name: string, rule: StringRule = {}): string {
    const v = this.string(name, rule);
    if (v === undefined) throw invalid(this.pathOf(name), undefined, 'must not be null');
    return v;
  }

  integer(name: string, rule: IntegerRule = {}): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.typeError(name, 'an integer');
    if (rule.min !== undefined && v < rule.min) throw invalid(this.pathOf(name), v, `must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && v > rule.max) throw invalid(this.pathOf(name), v, `must have value less than or equal to ${rule.max}`);
    return v;
  }

  boolean(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw this.typeError(name, 'a boolean');
    return v;
  }

  enumValue<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      throw invalid(this.pathOf(name), v, `must satisfy enum value set: [${values.join(', ')}]`);
    }
    return v as T;
  }

  requiredEnum<T extends string>(name: string, values: readonly T[]): T {
    const v = this.enumValue(name, values);
    if (v === undefined) throw invalid(this.pathOf(name), undefined, 'must not be null');
    return v;
  }

  /** A timestamp as the SDK sends it (epoch seconds, possibly fractional), as epoch ms. */
  timestamp(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1000);
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
    throw this.typeError(name, 'a timestamp');
  }

  requiredTimestamp(name: string): number {
    const v = this.timestamp(name);
    if (v === undefined) throw invalid(this.pathOf(name), undefined, 'must not be null');
    return v;
  }

  object(name: string): Fields | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.typeError(name, 'an object');
    return new Fields(v as Record<string, unknown>, this.pathOf(name));
  }

  requiredObject(name: string): Fields {
    const v = this.object(name);
    if (v === undefined) throw invalid(this.pathOf(name), undefined, 'must not be null');
    return v;
  }

  /** A list of strings, each checked with `rule`. */
  strings(name: string, rule: StringRule = {}, maxItems?: number): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw this.typeError(name, 'a list');
    if (maxItems !== undefined && v.length > maxItems) {
      throw invalid(this.pathOf(name), `[${v.join(', ')}]`, `must have length less than or equal to ${maxItems}`);
    }
    const items = new Fields(Object.fromEntries(v.map((x, i) => [String(i + 1), x])), this.pathOf(name));
    return v.map((_, i) => items.requiredString(String(i + 1), rule));
  }

  /** A list of objects (member paths are `field.1`, `field.2`, ... as AWS numbers them). */
  objects(name: string, maxItems?: number): Fields[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw this.typeError(name, 'a list');
    if (maxItems !== undefined && v.length > maxItems) {
      throw invalid(this.pathOf(name), `${v.length} items`, `must have length less than or equal to ${maxItems}`);
    }
    return v.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw CommonErrors.serialization(`Expected an object at '${this.pathOf(name)}.${i + 1}'.`);
      }
      return new Fields(item as Record<string, unknown>, `${this.pathOf(name)}.${i + 1}`);
    });
  }
}
