/**
 * SQS errors in one table: JSON `__type` code, the query-protocol code AWS uses for it (sent in
 * `x-amzn-query-error` and the XML ErrorResponse), and the HTTP status from the service model.
 * Messages follow the wording AWS returns, naming the parameter at fault.
 */
import { ServiceError } from '../../core/errors.js';

function error(code: string, message: string, queryCode?: string, status = 400): ServiceError {
  return new ServiceError(code, message, queryCode === undefined ? { status } : { status, queryCode });
}

export const SqsErrors = {
  queueDoesNotExist: (): ServiceError =>
    error('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue'),
  queueNameExists: (name: string): ServiceError =>
    error('QueueNameExists', `A queue already exists with the same name and a different value for attribute(s): ${name}`, 'QueueAlreadyExists'),
  missingParameter: (name: string): ServiceError => error('MissingParameter', `The request must contain the parameter ${name}.`),
  invalidParameter: (message: string): ServiceError => error('InvalidParameterValue', message),
  /** `Value <v> for parameter <name> is invalid. Reason: <reason>` — the AWS form. */
  invalidValue: (name: string, value: unknown, reason: string): ServiceError =>
    error('InvalidParameterValue', `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`),
  /** A JSON member of the wrong type (the AWS JSON deserializer's error). */
  serialization: (name: string, expected: string): ServiceError =>
    error('SerializationException', `Invalid type for parameter ${name}: expected ${expected}.`),
  invalidAttributeName: (name: string): ServiceError => error('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string, reason: string): ServiceError =>
    error('InvalidAttributeValue', `Invalid value for the parameter ${name}. Reason: ${reason}`),
  invalidMessageContents: (what: string, codePoint: number): ServiceError =>
    error(
      'InvalidMessageContents',
      `Invalid characters found in ${what}: #x${codePoint.toString(16).toUpperCase()}. The allowed characters are ` +
        '#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.',
    ),
  emptyBatch: (entryName: string): ServiceError =>
    error('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`, 'AWS.SimpleQueueService.EmptyBatchRequest'),
  tooManyEntries: (count: number): ServiceError =>
    error(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    ),
  idsNotDistinct: (id: string): ServiceError =>
    error('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'),
  invalidBatchEntryId: (id: string): ServiceError =>
    error(
      'InvalidBatchEntryId',
      `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long (got "${id}").`,
      'AWS.SimpleQueueService.InvalidBatchEntryId',
    ),
  batchTooLong: (limit: number, size: number): ServiceError =>
    error(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
      'AWS.SimpleQueueService.BatchRequestTooLong',
    ),
  receiptHandleIsInvalid: (handle: string): ServiceError =>
    error('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 'ReceiptHandleIsInvalid', 404),
  messageNotAvailable: (handle: string): ServiceError =>
    error(
      'InvalidParameterValue',
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    ),
  purgeInProgress: (name: string): ServiceError =>
    error(
      'PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      403,
    ),
  overLimit: (message: string): ServiceError => error('OverLimit', message, 'OverLimit', 403),
  unsupportedOperation: (message: string): ServiceError =>
    error('UnsupportedOperation', message, 'AWS.SimpleQueueService.UnsupportedOperation'),
  resourceNotFound: (message: string): ServiceError => error('ResourceNotFoundException', message, 'ResourceNotFoundException', 404),
};
