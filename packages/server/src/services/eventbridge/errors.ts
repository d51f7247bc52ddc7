/**
 * EventBridge's error codes, with the messages AWS uses for them where we know them. Every
 * error is a ServiceError; the HTTP layer turns it into the JSON 1.1 `{"__type", "message"}`
 * shape (see http/errors.ts).
 */
import { ServiceError } from '../../core/errors.js';

/** Constructors of EventBridge's errors. */
export const EbErrors = {
  validation: (message: string): ServiceError => new ServiceError('ValidationException', message),
  serialization: (message: string): ServiceError => new ServiceError('SerializationException', message),
  notFound: (message: string): ServiceError => new ServiceError('ResourceNotFoundException', message),
  alreadyExists: (message: string): ServiceError => new ServiceError('ResourceAlreadyExistsException', message),
  invalidPattern: (reason: string): ServiceError =>
    new ServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`),
  limitExceeded: (message = 'The requested resource exceeds the maximum number allowed.'): ServiceError =>
    new ServiceError('LimitExceededException', message),
  concurrentModification: (what: string): ServiceError =>
    new ServiceError('ConcurrentModificationException', `${what} was modified concurrently; retry the request.`),
  busNotFound: (bus: string): ServiceError => EbErrors.notFound(`Event bus ${bus} does not exist.`),
  ruleNotFound: (rule: string, bus: string): ServiceError =>
    EbErrors.notFound(`Rule ${rule} does not exist on EventBus ${bus}.`),
};
