/**
 * Message attributes: validation of what senders attach (names, types, values, at most ten),
 * their share of the message size, and choosing which ones a receiver asked for (`All`, `.*`,
 * exact names, `prefix.*`). System attributes accept only AWSTraceHeader.
 */
import type { StoredAttribute, StoredAttributes } from '../../storage/queue-port.js';
import { SqsErrors } from './errors.js';
import { isBinaryType } from './md5.js';
import { checkCharacters, optString, type Input } from './validation.js';

export const MAX_MESSAGE_ATTRIBUTES = 10;

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function checkName(name: string): void {
  const bad = (why: string) => SqsErrors.invalidParameter(`The message attribute name '${name}' is invalid. Reason: ${why}`);
  if (!NAME.test(name)) throw bad('It can contain only alphanumerics, hyphens, underscores and periods, 1 to 256 characters.');
  if (/^(aws|amazon)\./i.test(name)) throw bad('The prefixes AWS. and Amazon. are reserved for use by Amazon SQS.');
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw bad('It must not start or end with a period, or have periods in succession.');
  }
}

function readAttribute(name: string, raw: Input, label: string): StoredAttribute {
  const dataType = optString(raw, 'DataType', `${label}.DataType`);
  if (dataType === undefined || dataType === '') {
    throw SqsErrors.invalidParameter(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  if (!DATA_TYPE.test(dataType) || dataType.length > 256) {
    throw SqsErrors.invalidParameter(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  checkCharacters(dataType, `the data type of message attribute '${name}'`);
  const stringValue = optString(raw, 'StringValue', `${label}.StringValue`);
  const binaryValue = optString(raw, 'BinaryValue', `${label}.BinaryValue`);
  const empty = (kind: string) =>
    SqsErrors.invalidParameter(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${kind}'.`);
  if (isBinaryType(dataType)) {
    if (!binaryValue) throw empty('Binary');
    if (!BASE64.test(binaryValue)) throw SqsErrors.invalidParameter(`The message attribute '${name}' has a BinaryValue that is not valid base64.`);
    return { dataType, binaryValue };
  }
  const kind = dataType.startsWith('Number') ? 'Number' : 'String';
  if (!stringValue) throw empty(kind);
  checkCharacters(stringValue, `the value of message attribute '${name}'`);
  if (kind === 'Number' && (!NUMBER.test(stringValue) || stringValue.replace(/[^0-9]/g, '').replace(/^0+/, '').length > 38)) {
    throw SqsErrors.invalidParameter(`Can't cast the value of message (user) attribute '${name}' to a number.`);
  }
  return { dataType, stringValue };
}

/** Validates `MessageAttributes` of a send. */
export function readMessageAttributes(raw: Readonly<Record<string, Input>> | undefined, label = 'MessageAttributes'): StoredAttributes {
  if (!raw) return {};
  const names = Object.keys(raw);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw SqsErrors.invalidParameter(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  const out: Record<string, StoredAttribute> = {};
  for (const name of names) {
    checkName(name);
    out[name] = readAttribute(name, raw[name]!, `${label}.${name}`);
  }
  return out;
}

/** Validates `MessageSystemAttributes` of a send (only AWSTraceHeader, a String). */
export function readSystemAttributes(raw: Readonly<Record<string, Input>> | undefined, label = 'MessageSystemAttributes'): StoredAttributes {
  if (!raw) return {};
  const out: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'AWSTraceHeader') throw SqsErrors.invalidParameter(`Message system attribute name '${name}' is invalid.`);
    const attribute = readAttribute(name, value, `${label}.${name}`);
    if (attribute.dataType !== 'String') throw SqsErrors.invalidParameter(`Message system attribute '${name}' must have the data type String.`);
    out[name] = attribute;
  }
  return out;
}

/** Bytes the attributes add to the message size: name, type and value of each. */
export function attributesSize(attributes: StoredAttributes): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.dataType, 'utf8');
    size += a.binaryValue !== undefined ? Buffer.byteLength(a.binaryValue, 'base64') : Buffer.byteLength(a.stringValue ?? '', 'utf8');
  }
  return size;
}

/** The attributes a receiver asked for by MessageAttributeNames. */
export function selectAttributes(attributes: StoredAttributes, requested: readonly string[]): StoredAttributes {
  if (requested.length === 0) return {};
  if (requested.includes('All') || requested.includes('.*')) return attributes;
  const exact = new Set(requested.filter((n) => !n.endsWith('.*')));
  const prefixes = requested.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -1));
  const out: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (exact.has(name) || prefixes.some((p) => name.startsWith(p))) out[name] = value;
  }
  return out;
}

/** Attributes in the wire shape of both protocols. */
export function attributesView(attributes: StoredAttributes): Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> {
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = a.binaryValue !== undefined ? { DataType: a.dataType, BinaryValue: a.binaryValue } : { DataType: a.dataType, StringValue: a.stringValue ?? '' };
  }
  return out;
}
