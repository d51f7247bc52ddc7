/**
 * Dead-letter configuration: the RedrivePolicy of a source queue and the RedriveAllowPolicy of
 * a dead-letter queue — their syntax, their normal JSON form (as GetQueueAttributes returns
 * it), and the checks made when a queue names a dead-letter queue.
 */
import type { QueueRecord } from '../../storage/queue-port.js';
import { SqsErrors } from './errors.js';
import { parseQueueArn } from './names.js';

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export type RedrivePermission = 'allowAll' | 'denyAll' | 'byQueue';

export interface RedriveAllowPolicy {
  readonly redrivePermission: RedrivePermission;
  readonly sourceQueueArns?: readonly string[];
}

function parseJsonObject(name: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw SqsErrors.invalidAttributeValue(name, 'The value is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw SqsErrors.invalidAttributeValue(name, 'The value must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Parses and checks a RedrivePolicy value (maxReceiveCount may be a number or a numeric string, as AWS accepts). */
export function parseRedrivePolicy(text: string): RedrivePolicy {
  const raw = parseJsonObject('RedrivePolicy', text);
  for (const key of Object.keys(raw)) {
    if (key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount') {
      throw SqsErrors.invalidAttributeValue('RedrivePolicy', `Unknown field ${key}.`);
    }
  }
  const arn = raw['deadLetterTargetArn'];
  if (typeof arn !== 'string' || !parseQueueArn(arn)) {
    throw SqsErrors.invalidAttributeValue('RedrivePolicy', 'deadLetterTargetArn must be the ARN of an SQS queue.');
  }
  const countRaw = raw['maxReceiveCount'];
  const count = typeof countRaw === 'string' && /^\d+$/.test(countRaw) ? Number(countRaw) : countRaw;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw SqsErrors.invalidAttributeValue('RedrivePolicy', 'maxReceiveCount must be an integer between 1 and 1000.');
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

export function formatRedrivePolicy(policy: RedrivePolicy): string {
  return JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount });
}

export function parseRedriveAllowPolicy(text: string): RedriveAllowPolicy {
  const raw = parseJsonObject('RedriveAllowPolicy', text);
  const permission = raw['redrivePermission'];
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw SqsErrors.invalidAttributeValue('RedriveAllowPolicy', 'redrivePermission must be one of allowAll, denyAll, byQueue.');
  }
  const arns = raw['sourceQueueArns'];
  if (permission !== 'byQueue') {
    if (arns !== undefined) {
      throw SqsErrors.invalidAttributeValue('RedriveAllowPolicy', 'sourceQueueArns may be given only when redrivePermission is byQueue.');
    }
    return { redrivePermission: permission };
  }
  if (!Array.isArray(arns) || arns.length < 1 || arns.length > 10 || arns.some((a) => typeof a !== 'string' || !parseQueueArn(a))) {
    throw SqsErrors.invalidAttributeValue('RedriveAllowPolicy', 'byQueue needs sourceQueueArns: 1 to 10 SQS queue ARNs.');
  }
  return { redrivePermission: permission, sourceQueueArns: arns as string[] };
}

export function formatRedriveAllowPolicy(policy: RedriveAllowPolicy): string {
  return JSON.stringify(
    policy.sourceQueueArns ? { redrivePermission: policy.redrivePermission, sourceQueueArns: policy.sourceQueueArns } : { redrivePermission: policy.redrivePermission },
  );
}

/** The queue's redrive policy, if it has one. */
export function redrivePolicyOf(queue: QueueRecord): RedrivePolicy | undefined {
  const text = queue.attributes['RedrivePolicy'];
  return text ? parseRedrivePolicy(text) : undefined;
}

/**
 * Checks that `source` may name `target` as its dead-letter queue: the target exists, is in
 * the same account and region, has the same type, and its RedriveAllowPolicy admits the source.
 */
export function checkDeadLetterTarget(sourceArn: string, sourceFifo: boolean, target: QueueRecord | undefined): void {
  const reason = (why: string) => SqsErrors.invalidAttributeValue('RedrivePolicy', why);
  if (!target) throw reason('Dead letter target does not exist.');
  const source = parseQueueArn(sourceArn);
  if (!source || source.account !== target.account || source.region !== target.region) {
    throw reason('Dead-letter target must be in the same account and region as the source queue.');
  }
  if (target.arn === sourceArn) throw reason('A queue cannot be its own dead-letter queue.');
  if (target.fifo !== sourceFifo) throw reason('Dead-letter target owner queue type must match the source queue type (FIFO or standard).');
  const allow = target.attributes['RedriveAllowPolicy'];
  if (!allow) return;
  const policy = parseRedriveAllowPolicy(allow);
  if (policy.redrivePermission === 'denyAll') throw reason('The dead-letter queue does not allow any source queue (RedriveAllowPolicy denyAll).');
  if (policy.redrivePermission === 'byQueue' && !policy.sourceQueueArns?.includes(sourceArn)) {
    throw reason('The dead-letter queue RedriveAllowPolicy does not list this source queue.');
  }
}
