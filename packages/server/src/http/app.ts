/**
 * One HTTP port for every service. POST requests are dispatched by `X-Amz-Target` (AWS JSON
 * protocols) or by form content with `Action=` (query protocol); `GET /health` and
 * `GET /metrics` serve operators. Bodies are read as text so that malformed JSON becomes an
 * AWS-shaped SerializationException rather than a framework error.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RequestContext } from '../core/context.js';
import { CommonErrors, ServiceError } from '../core/errors.js';
import { asServiceError, jsonError, queryError, type WireError } from './errors.js';
import type { Metrics } from './metrics.js';
import type { JsonService, QueryService } from './protocols.js';
import { credentialScope } from './sigv4.js';

/** Largest request body accepted (the biggest AWS request we serve is an SQS batch of 1 MiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface AppOptions {
  readonly json: readonly JsonService[];
  readonly query: readonly QueryService[];
  readonly metrics: Metrics;
  readonly health: () => Record<string, unknown>;
  readonly logger: FastifyBaseLogger;
}

const JSON_TYPES = ['application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json'];

function send(reply: FastifyReply, wire: WireError): FastifyReply {
  return reply.code(wire.status).headers(wire.headers).send(wire.body);
}

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  });
  const byPrefix = new Map(options.json.map((s) => [s.targetPrefix, s]));
  const bySigningName = new Map(options.query.map((s) => [s.signingName, s]));

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const context = (request: FastifyRequest): RequestContext => {
    const amzCredential = (request.query as Record<string, string | undefined>)['X-Amz-Credential'];
    const scope = credentialScope(request.headers.authorization, amzCredential);
    const host = request.headers.host ?? `${request.hostname}`;
    return { account: scope.account, region: scope.region, requestId: request.id, endpoint: `${request.protocol}://${host}` };
  };

  const handleJson = async (request: FastifyRequest, reply: FastifyReply, target: string): Promise<FastifyReply> => {
    const dot = target.lastIndexOf('.');
    const service = byPrefix.get(target.slice(0, dot));
    const operation = target.slice(dot + 1);
    const started = performance.now();
    try {
      if (!service) throw CommonErrors.unknownOperation(target);
      const op = Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
      if (!op) throw CommonErrors.unknownOperation(operation);
      const input = parseJsonBody(request.body);
      const output = await op(input, context(request));
      options.metrics.request(service.targetPrefix, operation, 200, performance.now() - started);
      return reply
        .code(200)
        .headers({ 'content-type': `application/x-amz-json-${service.jsonVersion}`, 'x-amzn-requestid': request.id })
        .send(JSON.stringify(output ?? {}));
    } catch (err) {
      const e = asServiceError(err);
      if (e.status >= 500) request.log.error({ err }, 'request failed');
      options.metrics.request(service?.targetPrefix ?? 'unknown', operation, e.status, performance.now() - started);
      return send(reply, jsonError(e, service, request.id));
    }
  };

  const handleQuery = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const params = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    for (const [k, v] of Object.entries(request.query as Record<string, string>)) if (!params.has(k)) params.set(k, v);
    const action = params.get('Action') ?? '';
    const scope = credentialScope(request.headers.authorization);
    const service =
      (scope.service ? bySigningName.get(scope.service) : undefined) ?? options.query.find((s) => s.actions.has(action));
    const started = performance.now();
    try {
      if (!service || !service.actions.has(action)) {
        throw new ServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this endpoint.`);
      }
      const result = await service.handle({ action, params, path: request.url.split('?')[0] ?? '/' }, context(request));
      options.metrics.request(service.signingName, action, 200, performance.now() - started);
      const body =
        `<?xml version="1.0"?><${action}Response xmlns="${service.xmlns}">${result}` +
        `<ResponseMetadata><RequestId>${request.id}</RequestId></ResponseMetadata></${action}Response>`;
      return reply.code(200).headers({ 'content-type': 'text/xml', 'x-amzn-requestid': request.id }).send(body);
    } catch (err) {
      const e = asServiceError(err);
      if (e.status >= 500) request.log.error({ err }, 'request failed');
      options.metrics.request(service?.signingName ?? 'unknown', action, e.status, performance.now() - started);
      return send(reply, queryError(e, service, request.id));
    }
  };

  app.post('/*', async (request, reply) => {
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.length > 0) return handleJson(request, reply, target);
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) return handleQuery(request, reply);
    return send(reply, jsonError(CommonErrors.unknownOperation('(missing X-Amz-Target)'), undefined, request.id));
  });
  app.get('/health', async () => ({ status: 'ok', ...options.health() }));
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', options.metrics.contentType).send(await options.metrics.render()),
  );
  // Query-protocol requests may also come as GET with the parameters in the URL, at the root
  // or at a queue's path (`GET /000000000000/orders?Action=ReceiveMessage`).
  app.get('/*', async (request, reply) => {
    if ((request.query as Record<string, string>)['Action']) return handleQuery(request, reply);
    if (request.url === '/' || request.url.startsWith('/?')) {
      return reply.send({ service: 'switchboard', health: '/health', metrics: '/metrics' });
    }
    return reply.code(404).send({ message: `no route for GET ${request.url.split('?')[0]}` });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode ?? 500;
    const e =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new ServiceError('RequestEntityTooLarge', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, { status: 413 })
        : status < 500
          ? new ServiceError('BadRequest', err.message, { status })
          : CommonErrors.internal(err);
    if (e.status >= 500) request.log.error({ err }, 'request failed');
    const isQuery = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    return send(reply, isQuery ? queryError(e, undefined, request.id) : jsonError(e, undefined, request.id));
  });
  return app;
}

function parseJsonBody(body: unknown): Record<string, unknown> {
  const text = typeof body === 'string' ? body.trim() : '';
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ServiceError('SerializationException', `The request body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
