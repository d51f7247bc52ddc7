/**
 * The MD5 digests SQS returns and SDKs verify: of the body (its UTF-8 bytes) and of message
 * (or system) attributes in AWS's documented binary encoding — for each attribute, sorted by
 * name: 4-byte big-endian length + UTF-8 name, length + data type, one transport byte
 * (1 for String and Number types, 2 for Binary), length + value bytes.
 */
import * as crypto from 'node:crypto';
import type { StoredAttributes } from '../../storage/queue-port.js';

/** One-shot `crypto.hash` (Node 20.12+) where there is one: ~40% cheaper than a Hash object for a 1 KB body. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

export function md5Hex(data: string | Buffer): string {
  return oneShot ? oneShot('md5', data, 'hex') : crypto.createHash('md5').update(data).digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Whether a data type (`Binary`, `Binary.png`) travels as binary. */
export function isBinaryType(dataType: string): boolean {
  return dataType === 'Binary' || dataType.startsWith('Binary.');
}

/** MD5 of a set of attributes; undefined when there are none (AWS then omits the digest). */
export function md5OfAttributes(attributes: StoredAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const a = attributes[name]!;
    const binary = isBinaryType(a.dataType);
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(a.dataType, 'utf8')));
    parts.push(Buffer.from([binary ? 2 : 1]));
    parts.push(lengthPrefixed(binary ? Buffer.from(a.binaryValue ?? '', 'base64') : Buffer.from(a.stringValue ?? '', 'utf8')));
  }
  return md5Hex(Buffer.concat(parts));
}
