/**
 * SQS over the query protocol (form POST, `Action=`, XML answers in the 2012-11-05 namespace):
 * decode to the JSON input shape, run the same operation as the JSON protocol, and write its
 * result as the `<{Action}Result>` element with the model's flattened lists and maps.
 */
import type { RequestContext } from '../../core/context.js';
import type { QueryRequest, QueryService } from '../../http/protocols.js';
import { element } from '../../http/xml.js';
import type { SqsOperation } from './deps.js';
import { parseQueueUrl } from './names.js';
import { decodeQueryInput, QUERY_ACTIONS } from './query-input.js';

export const SQS_XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Actions whose output has members; the others answer with ResponseMetadata only. */
const WITH_RESULT = new Set([
  'CreateQueue', 'GetQueueUrl', 'ListQueues', 'GetQueueAttributes', 'ListQueueTags', 'SendMessage', 'SendMessageBatch',
  'ReceiveMessage', 'DeleteMessageBatch', 'ChangeMessageVisibilityBatch', 'ListDeadLetterSourceQueues',
  'StartMessageMoveTask', 'CancelMessageMoveTask', 'ListMessageMoveTasks',
]);

/** Element names of list members, by output member (and action where it differs). */
function memberName(action: string, field: string): string {
  switch (field) {
    case 'QueueUrls':
    case 'queueUrls':
      return 'QueueUrl';
    case 'Messages':
      return 'Message';
    case 'Failed':
      return 'BatchResultErrorEntry';
    case 'Results':
      return 'ListMessageMoveTasksResultEntry';
    case 'Successful':
      return `${action}ResultEntry`;
    default:
      return field;
  }
}

function mapEntries(field: string, value: Record<string, unknown>): string {
  let out = '';
  for (const [k, v] of Object.entries(value)) {
    if (field === 'Tags') out += `<Tag>${element('Key', k)}${element('Value', String(v))}</Tag>`;
    else if (field === 'MessageAttributes') {
      const a = v as Record<string, string>;
      const inner =
        (a['StringValue'] !== undefined ? element('StringValue', a['StringValue']) : '') +
        (a['BinaryValue'] !== undefined ? element('BinaryValue', a['BinaryValue']) : '') +
        element('DataType', a['DataType'] ?? '');
      out += `<MessageAttribute>${element('Name', k)}<Value>${inner}</Value></MessageAttribute>`;
    } else out += `<Attribute>${element('Name', k)}${element('Value', String(v))}</Attribute>`;
  }
  return out;
}

/** Members of a structure as XML. */
function members(action: string, value: Record<string, unknown>): string {
  let out = '';
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      const name = memberName(action, field);
      for (const item of v) out += typeof item === 'object' && item !== null ? `<${name}>${members(action, item as Record<string, unknown>)}</${name}>` : element(name, String(item));
    } else if (typeof v === 'object') out += mapEntries(field, v as Record<string, unknown>);
    else out += element(field, v as string | number | boolean);
  }
  return out;
}

/** The XML inside `<{Action}Response>` for an operation's JSON-shaped output. */
export function encodeQueryOutput(action: string, output: Record<string, unknown>): string {
  if (!WITH_RESULT.has(action)) return '';
  return `<${action}Result>${members(action, output)}</${action}Result>`;
}

export function sqsQueryService(operations: Readonly<Record<string, SqsOperation>>): QueryService {
  return {
    signingName: 'sqs',
    xmlns: SQS_XMLNS,
    actions: QUERY_ACTIONS,
    async handle(request: QueryRequest, ctx: RequestContext): Promise<string> {
      // Older clients post to the queue URL itself instead of sending QueueUrl.
      const pathQueue = parseQueueUrl(request.path);
      const defaultUrl = pathQueue ? `${ctx.endpoint}/${pathQueue.account}/${pathQueue.name}` : undefined;
      const input = decodeQueryInput(request.action, request.params, defaultUrl);
      const op = operations[request.action]!;
      return encodeQueryOutput(request.action, await op(input, ctx));
    },
  };
}
