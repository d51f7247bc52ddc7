/**
 * One outbound HTTP(S) request with a hard deadline, over `node:http` rather than `fetch` so
 * that the request carries exactly the headers EventBridge sends (fetch forbids setting
 * `Connection` and adds its own). The response body is read up to 1 MiB — the `Range`
 * EventBridge asks for — and the rest is dropped.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutboundRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Deadline for the whole exchange, connect to last body byte. */
  readonly timeoutMs: number;
}

export interface InboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The request got no HTTP answer: connection refused or reset, DNS, TLS, or the deadline. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: 'TIMEOUT' | 'NETWORK',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Sends the request; resolves with any HTTP status, rejects with TransportError. */
export function send(req: OutboundRequest): Promise<InboundResponse> {
  return new Promise<InboundResponse>((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { ...req.headers };
    if (body) headers['Content-Length'] = String(body.length);
    const make = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = make(req.url, { method: req.method, headers, agent: false });
    const timer = setTimeout(() => {
      outgoing.destroy(new TransportError('TIMEOUT', `no response from ${req.url.host} within ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    const fail = (err: unknown): void => {
      clearTimeout(timer);
      reject(err instanceof TransportError ? err : new TransportError('NETWORK', `request to ${req.url.host} failed: ${String((err as Error)?.message ?? err)}`, { cause: err }));
    };
    outgoing.on('error', fail);
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.end(body);
  });
}
