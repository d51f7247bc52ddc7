/**
 * The one place where errors become wire shapes. JSON protocols answer
 * `{"__type": code, "message": ...}` (JSON 1.0 query-compatible services prefix the type with
 * their namespace and add `x-amzn-query-error`); the query protocol answers an `ErrorResponse`
 * XML document. Anything that is not a ServiceError is an internal failure and is logged.
 */
import { CommonErrors, ServiceError } from '../core/errors.js';
import type { JsonService, QueryService } from './protocols.js';
import { element } from './xml.js';

export interface WireError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function asServiceError(err: unknown): ServiceError {
  return err instanceof ServiceError ? err : CommonErrors.internal(err);
}

/** JSON namespaces of query-compatible services, for `__type`. */
const NAMESPACES: Record<string, string> = { AmazonSQS: 'com.amazonaws.sqs' };

export function jsonError(err: ServiceError, service: JsonService | undefined, requestId: string): WireError {
  const namespace = service ? NAMESPACES[service.targetPrefix] : undefined;
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`,
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': err.code,
  };
  if (service?.queryCompatible) headers['x-amzn-query-error'] = `${err.queryCode ?? err.code};${err.fault}`;
  const type = namespace ? `${namespace}#${err.code}` : err.code;
  return { status: err.status, headers, body: JSON.stringify({ __type: type, message: err.message }) };
}

export function queryError(err: ServiceError, service: QueryService | undefined, requestId: string): WireError {
  const body =
    `<?xml version="1.0"?><ErrorResponse${service ? ` xmlns="${service.xmlns}"` : ''}><Error>` +
    element('Type', err.fault) + element('Code', err.queryCode ?? err.code) + element('Message', err.message) +
    '<Detail/></Error>' + element('RequestId', requestId) + '</ErrorResponse>';
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}
