/**
 * Query-protocol requests decoded to the JSON input shape the operations read: flattened
 * lists (`AttributeName.1`), flattened maps (`Attribute.1.Name` / `.Value`), and entry lists
 * (`SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue`), per each action's
 * shape in the SQS service model. Integers arrive as text and are checked here.
 */
import { SqsErrors } from './errors.js';
import type { Input } from './validation.js';

/** A parameter tree: `A.1.B=x` becomes `{ A: { 1: { B: 'x' } } }`. */
interface Tree {
  [key: string]: Tree | string;
}

type Shape =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'list'; readonly member: string }
  | { readonly kind: 'map'; readonly entry: string; readonly key: string; readonly value: string; readonly of: Shape }
  | { readonly kind: 'entries'; readonly entry: string; readonly fields: Fields }
  | { readonly kind: 'struct'; readonly fields: Fields };

type Fields = Readonly<Record<string, Shape>>;

const S: Shape = { kind: 'string' };
const I: Shape = { kind: 'int' };
const list = (member: string): Shape => ({ kind: 'list', member });
const map = (entry: string, key: string, value: string, of: Shape = S): Shape => ({ kind: 'map', entry, key, value, of });
const entries = (entry: string, fields: Fields): Shape => ({ kind: 'entries', entry, fields });
const attributeValue: Shape = { kind: 'struct', fields: { DataType: S, StringValue: S, BinaryValue: S } };
const messageFields: Fields = {
  MessageBody: S,
  DelaySeconds: I,
  MessageAttributes: map('MessageAttribute', 'Name', 'Value', attributeValue),
  MessageSystemAttributes: map('MessageSystemAttribute', 'Name', 'Value', attributeValue),
  MessageDeduplicationId: S,
  MessageGroupId: S,
};

/** Each action's input fields; JSON names, with the query names inside the shapes. */
const ACTIONS: Readonly<Record<string, Fields>> = {
  CreateQueue: { QueueName: S, Attributes: map('Attribute', 'Name', 'Value'), tags: map('Tag', 'Key', 'Value') },
  GetQueueUrl: { QueueName: S, QueueOwnerAWSAccountId: S },
  ListQueues: { QueueNamePrefix: S, NextToken: S, MaxResults: I },
  DeleteQueue: { QueueUrl: S },
  PurgeQueue: { QueueUrl: S },
  GetQueueAttributes: { QueueUrl: S, AttributeNames: list('AttributeName') },
  SetQueueAttributes: { QueueUrl: S, Attributes: map('Attribute', 'Name', 'Value') },
  TagQueue: { QueueUrl: S, Tags: map('Tag', 'Key', 'Value') },
  UntagQueue: { QueueUrl: S, TagKeys: list('TagKey') },
  ListQueueTags: { QueueUrl: S },
  SendMessage: { QueueUrl: S, ...messageFields },
  SendMessageBatch: { QueueUrl: S, Entries: entries('SendMessageBatchRequestEntry', { Id: S, ...messageFields }) },
  // The model serializes MessageSystemAttributeNames as AttributeName.N too; both land in the same set.
  ReceiveMessage: {
    QueueUrl: S,
    AttributeNames: list('AttributeName'),
    MessageSystemAttributeNames: list('MessageSystemAttributeName'),
    MessageAttributeNames: list('MessageAttributeName'),
    MaxNumberOfMessages: I,
    VisibilityTimeout: I,
    WaitTimeSeconds: I,
    ReceiveRequestAttemptId: S,
  },
  DeleteMessage: { QueueUrl: S, ReceiptHandle: S },
  DeleteMessageBatch: { QueueUrl: S, Entries: entries('DeleteMessageBatchRequestEntry', { Id: S, ReceiptHandle: S }) },
  ChangeMessageVisibility: { QueueUrl: S, ReceiptHandle: S, VisibilityTimeout: I },
  ChangeMessageVisibilityBatch: {
    QueueUrl: S,
    Entries: entries('ChangeMessageVisibilityBatchRequestEntry', { Id: S, ReceiptHandle: S, VisibilityTimeout: I }),
  },
  ListDeadLetterSourceQueues: { QueueUrl: S, MaxResults: I, NextToken: S },
  StartMessageMoveTask: { SourceArn: S, DestinationArn: S, MaxNumberOfMessagesPerSecond: I },
  CancelMessageMoveTask: { TaskHandle: S },
  ListMessageMoveTasks: { SourceArn: S, MaxResults: I },
  AddPermission: { QueueUrl: S, Label: S, AWSAccountIds: list('AWSAccountId'), Actions: list('ActionName') },
  RemovePermission: { QueueUrl: S, Label: S },
};

/** The actions the query protocol serves. */
export const QUERY_ACTIONS: ReadonlySet<string> = new Set(Object.keys(ACTIONS));

function tree(params: URLSearchParams): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    const path = key.split('.');
    let node = root;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'string') break;
      node = next ?? (node[part] = {});
    }
    const last = path.at(-1)!;
    if (node[last] === undefined) node[last] = value;
  }
  return root;
}

/** Children `1`, `2`, ... of a flattened list, in index order. */
function indexed(node: Tree | string | undefined): Array<Tree | string> {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node)
    .filter((k) => /^[1-9]\d*$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]!);
}

function decode(node: Tree | string | undefined, shape: Shape, name: string): unknown {
  switch (shape.kind) {
    case 'string':
      return typeof node === 'string' ? node : undefined;
    case 'int': {
      if (typeof node !== 'string') return undefined;
      if (!/^-?\d{1,15}$/.test(node)) throw SqsErrors.invalidValue(name, node, 'Must be an integer.');
      return Number(node);
    }
    case 'struct':
      return typeof node === 'object' ? decodeFields(node, shape.fields) : undefined;
    default:
      return undefined;
  }
}

function decodeFields(params: Tree, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [json, shape] of Object.entries(fields)) {
    let value: unknown;
    if (shape.kind === 'list') {
      const items = indexed(params[shape.member]).filter((v): v is string => typeof v === 'string');
      value = items.length > 0 ? items : undefined;
    } else if (shape.kind === 'map') {
      const pairs = indexed(params[shape.entry]).filter((e): e is Tree => typeof e === 'object');
      const m: Record<string, unknown> = {};
      for (const e of pairs) {
        const key = e[shape.key];
        if (typeof key === 'string') m[key] = decode(e[shape.value], shape.of, `${json}.${key}`) ?? (shape.of.kind === 'string' ? '' : {});
      }
      value = pairs.length > 0 ? m : undefined;
    } else if (shape.kind === 'entries') {
      const rows = indexed(params[shape.entry]).filter((e): e is Tree => typeof e === 'object');
      value = rows.length > 0 ? rows.map((row) => decodeFields(row, shape.fields)) : undefined;
    } else {
      value = decode(params[json], shape, json);
    }
    if (value !== undefined) out[json] = value;
  }
  return out;
}

/** Decodes a query request for `action`; `defaultQueueUrl` fills QueueUrl when the request put it in the path. */
export function decodeQueryInput(action: string, params: URLSearchParams, defaultQueueUrl: string | undefined): Input {
  const fields = ACTIONS[action] ?? {};
  const input = decodeFields(tree(params), fields);
  if ('QueueUrl' in fields && input['QueueUrl'] === undefined && defaultQueueUrl !== undefined) input['QueueUrl'] = defaultQueueUrl;
  return input;
}
