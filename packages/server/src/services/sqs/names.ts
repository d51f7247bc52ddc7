/**
 * Queue names, URLs and ARNs. A queue URL is `<endpoint>/<account>/<name>`; any host is
 * accepted when reading one (SDK clients may be configured with another host name), only the
 * `/<account>/<name>` path counts. ARNs are `arn:aws:sqs:<region>:<account>:<name>`.
 */
import { SqsErrors } from './errors.js';

export interface QueueName {
  readonly account: string;
  readonly region: string;
  readonly name: string;
}

export const FIFO_SUFFIX = '.fifo';

export function queueArn(q: QueueName): string {
  return `arn:aws:sqs:${q.region}:${q.account}:${q.name}`;
}

export function queueUrl(endpoint: string, account: string, name: string): string {
  return `${endpoint}/${account}/${name}`;
}

const ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,80})$/;

export function parseQueueArn(arn: string): QueueName | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** Queue URLs parsed lately (every SQS call names one; clients repeat the same few). */
const parsedUrls = new Map<string, { account: string; name: string } | undefined>();
const PARSED_URLS_KEPT = 1_000;

/** Account and name from a queue URL's path (`/123456789012/orders`); undefined when it is not one. */
export function parseQueueUrl(url: string): { account: string; name: string } | undefined {
  if (parsedUrls.has(url)) return parsedUrls.get(url);
  const parsed = parseQueueUrlText(url);
  if (parsedUrls.size >= PARSED_URLS_KEPT) parsedUrls.clear();
  parsedUrls.set(url, parsed);
  return parsed;
}

function parseQueueUrlText(url: string): { account: string; name: string } | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  const parts = path.split('/').filter((p) => p !== '');
  const name = parts.at(-1);
  const account = parts.at(-2);
  if (!name || !account || !/^\d{12}$/.test(account)) return undefined;
  return Object.freeze({ account, name: decodeURIComponent(name) });
}

/** Checks a name for CreateQueue: 1–80 of [A-Za-z0-9_-], `.fifo` counted, suffix iff FIFO. */
export function validateQueueName(name: string, fifo: boolean): void {
  const base = name.endsWith(FIFO_SUFFIX) ? name.slice(0, -FIFO_SUFFIX.length) : name;
  const valid = name.length <= 80 && /^[A-Za-z0-9_-]+$/.test(base);
  if (fifo && (!valid || !name.endsWith(FIFO_SUFFIX))) {
    throw SqsErrors.invalidParameter(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!fifo && name.endsWith(FIFO_SUFFIX)) {
    throw SqsErrors.invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length. ' +
      'A queue name ending in .fifo must set the FifoQueue attribute to true.');
  }
  if (!valid) throw SqsErrors.invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.');
}
