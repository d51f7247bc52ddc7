/**
 * Service errors. Services throw ServiceError with the AWS error code of the service they
 * implement (`ResourceNotFoundException`, `QueueDoesNotExist`, ...); the protocol layer turns
 * it into the wire shape of the protocol the request came in on (see http/errors.ts).
 */

export interface ServiceErrorOptions {
  /** HTTP status; 400 unless said otherwise. */
  readonly status?: number;
  /** Whose fault: the caller's (default) or ours. */
  readonly fault?: 'Sender' | 'Receiver';
  /**
   * The code the AWS query protocol uses for this error when it differs from `code`
   * (SQS: `QueueDoesNotExist` is `AWS.SimpleQueueService.NonExistentQueue` there).
   */
  readonly queryCode?: string;
  readonly cause?: unknown;
}

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: string;
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  readonly queryCode: string | undefined;

  constructor(code: string, message: string, options: ServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? 'Sender';
    this.queryCode = options.queryCode;
  }
}

/** Shorthands for errors every AWS JSON service shares. */
export const CommonErrors = {
  validation: (message: string): ServiceError => new ServiceError('ValidationException', message),
  serialization: (message: string): ServiceError => new ServiceError('SerializationException', message),
  unknownOperation: (operation: string): ServiceError =>
    new ServiceError('UnknownOperationException', `The operation ${operation} is not supported.`),
  internal: (cause: unknown): ServiceError =>
    new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error.', {
      status: 500,
      fault: 'Receiver',
      cause,
    }),
};
