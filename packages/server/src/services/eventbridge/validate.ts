/**
 * Request validation at the boundary, before any I/O, in AWS's words. A wrong JSON type is a
 * SerializationException at once (the request cannot be decoded); constraint violations
 * (missing, too long, out of range, pattern) are collected and reported together the way AWS
 * JSON services do: `2 validation errors detected: Value 'x' at 'name' failed to satisfy
 * constraint: Member must ...; ...`.
 */
import { EbErrors } from './errors.js';

/** Constraints of a string member. */
export interface StringRules {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/** Constraints of an integer member. */
export interface IntRules {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** Constraints of a list member. */
export interface ListRules {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
}

type Json = Record<string, unknown>;

/** `EventBusName` → `eventBusName`, as AWS names members in validation messages. */
function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 256 ? `${text.slice(0, 256)}...` : text}'`;
}

/**
 * Reads the fields of one JSON object of a request. Child readers (for nested structures and
 * list members) share the parent's problem list, so one `check()` reports everything.
 */
export class Fields {
  private constructor(
    private readonly input: Json,
    private readonly prefix: string,
    private readonly problems: string[],
  ) {}

  /** A reader for the request body. */
  static of(input: Json): Fields {
    return new Fields(input, '', []);
  }

  /** Where a member is, for messages: `targets.1.member.id`. */
  where(key: string): string {
    return `${this.prefix}${memberName(key)}`;
  }

  /** Records a constraint violation of the member `key`. */
  fail(key: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? 'null' : quote(value);
    this.problems.push(`Value ${shown} at '${this.where(key)}' failed to satisfy constraint: ${constraint}`);
  }

  private raw(key: string, type: string, ok: (v: unknown) => boolean): unknown {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (!ok(value)) throw EbErrors.serialization(`Expected ${type} for '${this.where(key)}'.`);
    return value;
  }

  str(key: string, rules: StringRules & { required: true }): string;
  str(key: string, rules?: StringRules): string | undefined;
  str(key: string, rules: StringRules = {}): string | undefined {
    const value = this.raw(key, 'a string', (v) => typeof v === 'string') as string | undefined;
    if (value === undefined) {
      if (rules.required) this.fail(key, undefined, 'Member must not be null');
      return rules.required ? '' : undefined;
    }
    this.constrain(this.where(key), value, rules);
    return value;
  }

  /** A string that must be one of `values`. */
  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.str(key);
    if (value !== undefined && !(values as readonly string[]).includes(value)) {
      this.fail(key, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
    }
    return value as T | undefined;
  }

  int(key: string, rules: IntRules = {}): number | undefined {
    const value = this.raw(key, 'an integer', (v) => typeof v === 'number' && Number.isInteger(v)) as number | undefined;
    if (value === undefined) {
      if (rules.required) this.fail(key, undefined, 'Member must not be null');
      return undefined;
    }
    if (rules.min !== undefined && value < rules.min) {
      this.fail(key, value, `Member must have value greater than or equal to ${rules.min}`);
    } else if (rules.max !== undefined && value > rules.max) {
      this.fail(key, value, `Member must have value less than or equal to ${rules.max}`);
    }
    return value;
  }

  num(key: string): number | undefined {
    return this.raw(key, 'a number', (v) => typeof v === 'number' && Number.isFinite(v)) as number | undefined;
  }

  bool(key: string): boolean | undefined {
    return this.raw(key, 'a boolean', (v) => typeof v === 'boolean') as boolean | undefined;
  }

  /** A list, checked for length; its members are read with `member()` / `strings()`. */
  list(key: string, rules: ListRules = {}): unknown[] | undefined {
    const value = this.raw(key, 'a list', Array.isArray) as unknown[] | undefined;
    if (value === undefined) {
      if (rules.required) this.fail(key, undefined, 'Member must not be null');
      return undefined;
    }
    if (rules.min !== undefined && value.length < rules.min) {
      this.fail(key, value, `Member must have length greater than or equal to ${rules.min}`);
    } else if (rules.max !== undefined && value.length > rules.max) {
      this.fail(key, value, `Member must have length less than or equal to ${rules.max}`);
    }
    return value;
  }

  /** A list of strings, each checked against `rules`. */
  strings(key: string, listRules: ListRules = {}, rules: StringRules = {}): string[] | undefined {
    const list = this.list(key, listRules);
    if (!list) return undefined;
    return list.map((item, i) => {
      const where = `${this.where(key)}.${i + 1}.member`;
      if (typeof item !== 'string') throw EbErrors.serialization(`Expected a string for '${where}'.`);
      this.constrain(where, item, rules);
      return item;
    });
  }

  private constrain(where: string, value: string, rules: StringRules): void {
    const fail = (constraint: string): void => {
      this.problems.push(`Value ${quote(value)} at '${where}' failed to satisfy constraint: ${constraint}`);
    };
    if (rules.min !== undefined && value.length < rules.min) fail(`Member must have length greater than or equal to ${rules.min}`);
    else if (rules.max !== undefined && value.length > rules.max) fail(`Member must have length less than or equal to ${rules.max}`);
    else if (rules.pattern && !rules.pattern.test(value)) fail(`Member must satisfy regular expression pattern: ${patternText(rules.pattern)}`);
  }

  /** A nested structure. */
  obj(key: string, required = false): Fields | undefined {
    const value = this.raw(key, 'a structure', isObject) as Json | undefined;
    if (value === undefined) {
      if (required) this.fail(key, undefined, 'Member must not be null');
      return undefined;
    }
    return new Fields(value, `${this.where(key)}.`, this.problems);
  }

  /** The `index`-th (0-based) member of a list of structures. */
  member(key: string, list: readonly unknown[], index: number): Fields {
    const value = list[index];
    if (!isObject(value)) throw EbErrors.serialization(`Expected a structure for '${this.where(key)}.${index + 1}.member'.`);
    return new Fields(value, `${this.where(key)}.${index + 1}.member.`, this.problems);
  }

  /** A map of string to string. */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.raw(key, 'a map', isObject) as Json | undefined;
    if (value === undefined) return undefined;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') throw EbErrors.serialization(`Expected a string for '${this.where(key)}.${k}'.`);
    }
    return value as Record<string, string>;
  }

  /** Throws one ValidationException listing every recorded problem. */
  check(): void {
    if (this.problems.length === 0) return;
    const n = this.problems.length;
    throw EbErrors.validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.problems.join('; ')}`);
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pattern as AWS prints it: without the anchors we add. */
function patternText(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/\$$/, '');
}

/** Patterns and limits AWS documents for EventBridge members. */
export const Shapes = {
  busName: { min: 1, max: 256, pattern: /^[/.\-_A-Za-z0-9]+$/ },
  busNameOrArn: { min: 1, max: 1600, pattern: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/ },
  ruleName: { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ },
  targetId: { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ },
  arn: { min: 1, max: 1600 },
  description: { max: 512 },
  eventPattern: { max: 4096 },
  scheduleExpression: { max: 256 },
  nextToken: { min: 1, max: 2048 },
  limit: { min: 1, max: 100 },
  namePrefix: { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ },
  busNamePrefix: { min: 1, max: 256, pattern: /^[/.\-_A-Za-z0-9]+$/ },
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
} as const;
