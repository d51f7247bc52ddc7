/**
 * What a service plugs into the HTTP layer. A JSON service (AWS JSON 1.0 / 1.1) is found by
 * the prefix of `X-Amz-Target`; a query service (form POST with `Action=`) by the SigV4
 * service name or, without one, by the action it owns.
 */
import type { RequestContext } from '../core/context.js';

/** One operation: a decoded JSON input in, a JSON-serializable output out. */
export type JsonOperation = (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;

export interface JsonService {
  /** `AWSEvents`, `AmazonSQS`, ... */
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
  /**
   * The service also speaks the query protocol and its errors carry the query error code in
   * the `x-amzn-query-error` header (SQS), which the AWS SDK reads.
   */
  readonly queryCompatible?: boolean;
  readonly operations: Readonly<Record<string, JsonOperation>>;
}

/** A form-encoded (query protocol) request, decoded. */
export interface QueryRequest {
  readonly action: string;
  readonly params: URLSearchParams;
  /** The request path (SQS puts the queue URL's path there). */
  readonly path: string;
}

export interface QueryService {
  /** SigV4 service name: `sqs`, `sns`. */
  readonly signingName: string;
  /** XML namespace of responses. */
  readonly xmlns: string;
  readonly actions: ReadonlySet<string>;
  /** Runs the action; returns the XML inside `<{Action}Response>` (the `<{Action}Result>` element and its content). */
  handle(request: QueryRequest, ctx: RequestContext): Promise<string>;
}
