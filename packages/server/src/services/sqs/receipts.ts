/**
 * Receipt handles: the store's opaque receipt wrapped with the queue it belongs to, so a
 * handle used on another queue (or a mangled one) is rejected as ReceiptHandleIsInvalid
 * before any storage work. base64url keeps handles safe in form-encoded requests.
 */
import type { QueueName } from './names.js';

const VERSION = 'r1';

export function encodeReceiptHandle(queue: QueueName, receipt: string): string {
  return Buffer.from([VERSION, queue.account, queue.region, queue.name, receipt].join('\n'), 'utf8').toString('base64url');
}

/** The store receipt inside a handle, when the handle is well formed and belongs to `queue`. */
export function decodeReceiptHandle(handle: string, queue: QueueName): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64url').toString('utf8').split('\n');
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, account, region, name, receipt] = parts;
  if (account !== queue.account || region !== queue.region || name !== queue.name || !receipt) return undefined;
  return receipt;
}
