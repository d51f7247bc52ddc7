/**
 * The EventBridge errors the extras raise, with the AWS codes the SDK maps to its exception
 * classes, and the one place storage failures become API errors.
 */
import { CommonErrors, ServiceError } from '../../../core/errors.js';
import { StorageError } from '../../../storage/port.js';

export const ExtrasErrors = {
  validation: (message: string): ServiceError => CommonErrors.validation(message),
  notFound: (message: string): ServiceError => new ServiceError('ResourceNotFoundException', message),
  alreadyExists: (message: string): ServiceError => new ServiceError('ResourceAlreadyExistsException', message),
  invalidPattern: (message: string, cause?: unknown): ServiceError =>
    new ServiceError('InvalidEventPatternException', message, { cause }),
  limitExceeded: (message: string): ServiceError => new ServiceError('LimitExceededException', message),
  /** CancelReplay on a replay that is not STARTING or RUNNING. */
  illegalStatus: (message: string): ServiceError => new ServiceError('IllegalStatusException', message),
  concurrentModification: (message: string): ServiceError => new ServiceError('ConcurrentModificationException', message),
};

/**
 * Runs a storage call, turning the storage port's failures into the API errors a caller of
 * `what` (e.g. `Connection 'orders'`) should see.
 */
export async function storageCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
    if (err.code === 'ALREADY_EXISTS') throw ExtrasErrors.alreadyExists(`${what} already exists.`);
    if (err.code === 'NOT_FOUND') throw ExtrasErrors.notFound(`${what} does not exist.`);
    throw ExtrasErrors.concurrentModification(`${what} was changed by another request; try again.`);
  }
}
