/**
 * Queue attributes: which names exist, their ranges and defaults (AWS's, including the 1 MiB
 * MaximumMessageSize of 2025), normalizing values for storage, the typed settings the message
 * paths use, and the GetQueueAttributes view with its computed attributes.
 */
import type { MessageCounts, QueueRecord } from '../../storage/queue-port.js';
import { SqsErrors } from './errors.js';
import {
  formatRedriveAllowPolicy,
  formatRedrivePolicy,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  type RedrivePolicy,
} from './redrive.js';

/** The largest message AWS accepts today, and MaximumMessageSize's default. */
export const MAX_MESSAGE_BYTES = 1_048_576;

type Normalizer = (value: string, name: string) => string;

function integer(min: number, max: number): Normalizer {
  return (value, name) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw SqsErrors.invalidAttributeValue(name, `Must be an integer from ${min} to ${max}.`);
    }
    return String(Number(value));
  };
}

function oneOf(...allowed: string[]): Normalizer {
  return (value, name) => {
    if (!allowed.includes(value)) throw SqsErrors.invalidAttributeValue(name, `Must be one of ${allowed.join(', ')}.`);
    return value;
  };
}

const boolean = oneOf('true', 'false');
const anyString: Normalizer = (value) => value;

const policy: Normalizer = (value, name) => {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return value;
  } catch {
    // reported below
  }
  throw SqsErrors.invalidAttributeValue(name, 'The policy must be a JSON object.');
};

interface Rule {
  readonly normalize: Normalizer;
  readonly fifoOnly?: boolean;
  /** An empty string removes it (SetQueueAttributes). */
  readonly clearable?: boolean;
}

/** Attributes a caller may set, with their rules. */
const SETTABLE: Readonly<Record<string, Rule>> = {
  DelaySeconds: { normalize: integer(0, 900) },
  MaximumMessageSize: { normalize: integer(1024, MAX_MESSAGE_BYTES) },
  MessageRetentionPeriod: { normalize: integer(60, 1_209_600) },
  ReceiveMessageWaitTimeSeconds: { normalize: integer(0, 20) },
  VisibilityTimeout: { normalize: integer(0, 43_200) },
  Policy: { normalize: policy, clearable: true },
  RedrivePolicy: { normalize: (v) => formatRedrivePolicy(parseRedrivePolicy(v)), clearable: true },
  RedriveAllowPolicy: { normalize: (v) => formatRedriveAllowPolicy(parseRedriveAllowPolicy(v)), clearable: true },
  KmsMasterKeyId: { normalize: anyString, clearable: true },
  KmsDataKeyReusePeriodSeconds: { normalize: integer(60, 86_400) },
  SqsManagedSseEnabled: { normalize: boolean },
  FifoQueue: { normalize: boolean },
  ContentBasedDeduplication: { normalize: boolean, fifoOnly: true },
  DeduplicationScope: { normalize: oneOf('messageGroup', 'queue'), fifoOnly: true },
  FifoThroughputLimit: { normalize: oneOf('perQueue', 'perMessageGroupId'), fifoOnly: true },
};

const DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: String(MAX_MESSAGE_BYTES),
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
};

const FIFO_DEFAULTS: Readonly<Record<string, string>> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

const COMPUTED = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
];

/** Every name GetQueueAttributes accepts. */
export const READABLE_ATTRIBUTES: ReadonlySet<string> = new Set(['All', ...Object.keys(SETTABLE), ...COMPUTED]);

export interface NormalizedAttributes {
  /** Values to store. */
  readonly set: Record<string, string>;
  /** Clearable attributes given as '' (removed). */
  readonly cleared: string[];
}

/**
 * Checks attribute names and values for CreateQueue (`create`) or SetQueueAttributes (`set`)
 * and returns them in stored form. FIFO-only names on a standard queue are unknown, as on AWS.
 */
export function normalizeAttributes(input: Readonly<Record<string, string>>, fifo: boolean, mode: 'create' | 'set'): NormalizedAttributes {
  const set: Record<string, string> = {};
  const cleared: string[] = [];
  for (const [name, value] of Object.entries(input)) {
    const rule = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
    if (!rule || (rule.fifoOnly && !fifo)) throw SqsErrors.invalidAttributeName(name);
    if (name === 'FifoQueue' && mode === 'set') throw SqsErrors.invalidAttributeValue(name, 'Modifying queue type is not supported.');
    if (rule.clearable && value === '') {
      cleared.push(name);
      continue;
    }
    set[name] = rule.normalize(value, name);
  }
  if (mode === 'create') delete set['FifoQueue'];
  if (set['KmsMasterKeyId'] !== undefined && set['SqsManagedSseEnabled'] === 'true') {
    throw SqsErrors.invalidAttributeValue('SqsManagedSseEnabled', 'Only one server-side encryption option is supported per queue.');
  }
  return { set, cleared };
}

/** Checks rules that span attributes, on the attributes a queue would end up with. */
export function checkCombination(attributes: Readonly<Record<string, string>>): void {
  if (attributes['FifoThroughputLimit'] === 'perMessageGroupId' && attributes['DeduplicationScope'] !== 'messageGroup') {
    throw SqsErrors.invalidAttributeValue('FifoThroughputLimit', 'perMessageGroupId is allowed only when DeduplicationScope is messageGroup.');
  }
}

/** Stored attributes with defaults filled in (what GetQueueAttributes shows and CreateQueue compares). */
export function effectiveAttributes(queue: Pick<QueueRecord, 'fifo' | 'attributes'>): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULTS, ...(queue.fifo ? FIFO_DEFAULTS : {}), ...queue.attributes };
  if (out['KmsMasterKeyId'] !== undefined) out['KmsDataKeyReusePeriodSeconds'] ??= '300';
  out['SqsManagedSseEnabled'] ??= out['KmsMasterKeyId'] === undefined ? 'true' : 'false';
  return out;
}

/** What the message paths need, typed. */
export interface QueueSettings {
  readonly delaySeconds: number;
  readonly maximumMessageSize: number;
  readonly retentionSeconds: number;
  readonly waitSeconds: number;
  readonly visibilityTimeout: number;
  readonly redrive: RedrivePolicy | undefined;
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: 'messageGroup' | 'queue';
}

/** Settings by queue record: engines hand out the same record until the queue changes, and every message operation needs them. */
const settingsCache = new WeakMap<QueueRecord, QueueSettings>();

export function settingsOf(queue: QueueRecord): QueueSettings {
  let settings = settingsCache.get(queue);
  if (!settings) settingsCache.set(queue, (settings = readSettings(queue)));
  return settings;
}

function readSettings(queue: QueueRecord): QueueSettings {
  const a = effectiveAttributes(queue);
  return {
    delaySeconds: Number(a['DelaySeconds']),
    maximumMessageSize: Number(a['MaximumMessageSize']),
    retentionSeconds: Number(a['MessageRetentionPeriod']),
    waitSeconds: Number(a['ReceiveMessageWaitTimeSeconds']),
    visibilityTimeout: Number(a['VisibilityTimeout']),
    redrive: a['RedrivePolicy'] ? parseRedrivePolicy(a['RedrivePolicy']) : undefined,
    contentBasedDeduplication: a['ContentBasedDeduplication'] === 'true',
    deduplicationScope: a['DeduplicationScope'] === 'messageGroup' ? 'messageGroup' : 'queue',
  };
}

/** The GetQueueAttributes map for the requested names (`All` for everything). */
export function viewAttributes(queue: QueueRecord, counts: MessageCounts, names: ReadonlySet<string>): Record<string, string> {
  const all = names.has('All');
  const values: Record<string, string> = {
    ...effectiveAttributes(queue),
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.updatedAt / 1000)),
    QueueArn: queue.arn,
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (all || names.has(name)) out[name] = value;
  return out;
}
