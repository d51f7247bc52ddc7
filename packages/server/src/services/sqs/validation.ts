/**
 * Reading decoded request input (the JSON shape; the query protocol decodes to the same) at
 * the boundary: every reader names the parameter when the value is missing or of the wrong
 * type, so no operation touches storage with malformed input.
 */
import { SqsErrors } from './errors.js';

/** A decoded request, or a nested structure inside one. */
export type Input = Readonly<Record<string, unknown>>;

function present(input: Input, name: string): unknown {
  const value = input[name];
  return value === null ? undefined : value;
}

export function optString(input: Input, name: string, label = name): string | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw SqsErrors.serialization(label, 'a string');
  return value;
}

/** A required string; empty counts as missing, as on AWS. */
export function reqString(input: Input, name: string, label = name): string {
  const value = optString(input, name, label);
  if (value === undefined || value === '') throw SqsErrors.missingParameter(label);
  return value;
}

export function optInt(input: Input, name: string, label = name): number | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw SqsErrors.serialization(label, 'an integer');
  return value;
}

/** An optional integer that must lie in [min, max], with AWS's wording when it does not. */
export function optIntInRange(input: Input, name: string, min: number, max: number, label = name): number | undefined {
  const value = optInt(input, name, label);
  if (value !== undefined && (value < min || value > max)) {
    throw SqsErrors.invalidValue(label, value, `Must be between ${min} and ${max}, if provided.`);
  }
  return value;
}

export function optStringList(input: Input, name: string, label = name): string[] | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw SqsErrors.serialization(label, 'a list of strings');
  return value as string[];
}

export function optStringMap(input: Input, name: string, label = name): Record<string, string> | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value as object).some((v) => typeof v !== 'string')) {
    throw SqsErrors.serialization(label, 'a map of strings');
  }
  return { ...(value as Record<string, string>) };
}

export function optObject(input: Input, name: string, label = name): Input | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw SqsErrors.serialization(label, 'a structure');
  return value as Input;
}

/** A map whose values are structures (message attributes). */
export function optObjectMap(input: Input, name: string, label = name): Record<string, Input> | undefined {
  const value = optObject(input, name, label);
  if (value === undefined) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw SqsErrors.serialization(`${label}.${k}`, 'a structure');
  }
  return value as Record<string, Input>;
}

export function optObjectList(input: Input, name: string, label = name): Input[] | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw SqsErrors.serialization(label, 'a list of structures');
  }
  return value as Input[];
}

/** Characters AWS allows in bodies and string attribute values (the XML 1.0 character set). */
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The first code point outside the allowed set, or undefined when the text is clean. */
export function firstInvalidChar(text: string): number | undefined {
  const m = INVALID_CHAR.exec(text);
  return m ? m[0].codePointAt(0) : undefined;
}

/** Throws InvalidMessageContents when `text` has a character AWS rejects. */
export function checkCharacters(text: string, what: string): void {
  const bad = firstInvalidChar(text);
  if (bad !== undefined) throw SqsErrors.invalidMessageContents(what, bad);
}

/** Alphanumerics and ASCII punctuation, 1–128 chars: MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId. */
export function checkToken(name: string, value: string): void {
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) {
    throw SqsErrors.invalidValue(name, value, `${name} can contain only alphanumeric characters and punctuation, up to 128 characters.`);
  }
}
