/**
 * API destinations: an HTTP endpoint, a method, a connection to authorize with and an
 * invocation rate limit, stored as `api-destination` resources. Rule targets name them by
 * ARN; the HTTP driver (http-driver.ts) invokes them.
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../core/context.js';
import type { ServiceDeps } from '../../../core/service.js';
import type { ResourceKey, ResourceRecord } from '../../../storage/port.js';
import { Arns, parseNamedArn } from './arns.js';
import type { ConnectionService } from './connections.js';
import { ExtrasErrors, storageCall } from './errors.js';
import { epochSeconds, listPage, pageRequest } from './paging.js';
import { ARN, DESCRIPTION, Fields, NAME, type StringRule } from './validation.js';

export const HTTP_METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiDestinationBody {
  readonly arn: string;
  readonly description?: string;
  readonly connectionArn: string;
  /** May hold `*` wildcards, filled from a target's PathParameterValues. */
  readonly invocationEndpoint: string;
  readonly httpMethod: HttpMethod;
  readonly invocationRateLimitPerSecond: number;
}

export type ApiDestinationRecord = ResourceRecord<ApiDestinationBody>;

/** AWS's default quota of API destinations per account and region, and of invocations a second. */
const MAX_DESTINATIONS = 3000;
export const MAX_RATE = 300;

const ENDPOINT: StringRule = {
  min: 1,
  max: 2048,
  pattern: /^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?$/,
};

const key = (account: string, region: string, name: string): ResourceKey => ({ kind: 'api-destination', account, region, name });

/**
 * Checks an endpoint is an absolute http(s) URL. AWS insists on HTTPS; Switchboard also takes
 * plain HTTP, since the endpoints it calls are often on the same machine or network.
 */
function readEndpoint(f: Fields, required: boolean): string | undefined {
  const value = required ? f.requiredString('InvocationEndpoint', ENDPOINT) : f.string('InvocationEndpoint', ENDPOINT);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value.replaceAll('*', 'x'));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw ExtrasErrors.validation(`invocationEndpoint: '${value}' is not an http(s) URL.`);
  }
  return value;
}

function view(r: ApiDestinationRecord): Record<string, unknown> {
  return {
    ApiDestinationArn: r.body.arn, Name: r.name, ApiDestinationState: 'ACTIVE', ConnectionArn: r.body.connectionArn,
    InvocationEndpoint: r.body.invocationEndpoint, HttpMethod: r.body.httpMethod,
    InvocationRateLimitPerSecond: r.body.invocationRateLimitPerSecond,
    CreationTime: epochSeconds(r.createdAt), LastModifiedTime: epochSeconds(r.updatedAt),
  };
}

function summary(r: ApiDestinationRecord): Record<string, unknown> {
  return {
    ApiDestinationArn: r.body.arn, ApiDestinationState: 'ACTIVE',
    CreationTime: epochSeconds(r.createdAt), LastModifiedTime: epochSeconds(r.updatedAt),
  };
}

export class ApiDestinationService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly connections: ConnectionService,
  ) {}

  async create(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('Name', NAME);
    const description = f.string('Description', DESCRIPTION);
    const connectionArn = f.requiredString('ConnectionArn', ARN);
    const endpoint = readEndpoint(f, true)!;
    const httpMethod = f.requiredEnum('HttpMethod', HTTP_METHODS);
    const rate = f.integer('InvocationRateLimitPerSecond', { min: 1, max: MAX_RATE }) ?? MAX_RATE;
    await this.requireConnection(connectionArn, ctx);
    const existing = await this.deps.store.resources.list('api-destination', ctx.account, ctx.region, { limit: MAX_DESTINATIONS });
    if (existing.length >= MAX_DESTINATIONS) {
      throw ExtrasErrors.limitExceeded(`The limit of ${MAX_DESTINATIONS} API destinations per account and region has been reached.`);
    }
    const body: ApiDestinationBody = {
      arn: Arns.apiDestination(ctx.region, ctx.account, name, randomUUID()),
      ...(description === undefined ? {} : { description }),
      connectionArn, invocationEndpoint: endpoint, httpMethod, invocationRateLimitPerSecond: rate,
    };
    const now = this.deps.clock.now();
    const record = await storageCall(`API destination ${name}`, () => this.deps.store.resources.create(key(ctx.account, ctx.region, name), body, now));
    return summary(record);
  }

  async describe(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('Name', NAME));
    return { ...view(r), ...(r.body.description === undefined ? {} : { Description: r.body.description }) };
  }

  async list(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const connectionArn = f.string('ConnectionArn', ARN);
    const page = await listPage<ApiDestinationBody>(
      this.deps.store.resources, 'api-destination', ctx, pageRequest(f),
      (b) => connectionArn === undefined || b.connectionArn === connectionArn,
    );
    return { ApiDestinations: page.items.map(view), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  async update(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('Name', NAME);
    const description = f.string('Description', DESCRIPTION);
    const connectionArn = f.string('ConnectionArn', ARN);
    const endpoint = readEndpoint(f, false);
    const httpMethod = f.enumValue('HttpMethod', HTTP_METHODS);
    const rate = f.integer('InvocationRateLimitPerSecond', { min: 1, max: MAX_RATE });
    const current = await this.require(ctx, name);
    if (connectionArn !== undefined) await this.requireConnection(connectionArn, ctx);
    const body: ApiDestinationBody = {
      ...current.body,
      ...(description === undefined ? {} : { description }),
      ...(connectionArn === undefined ? {} : { connectionArn }),
      ...(endpoint === undefined ? {} : { invocationEndpoint: endpoint }),
      ...(httpMethod === undefined ? {} : { httpMethod }),
      ...(rate === undefined ? {} : { invocationRateLimitPerSecond: rate }),
    };
    const now = this.deps.clock.now();
    const record = await storageCall(`API destination ${name}`, () =>
      this.deps.store.resources.update(key(ctx.account, ctx.region, name), body, now, current.version),
    );
    return summary(record);
  }

  async delete(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const name = Fields.of(input).requiredString('Name', NAME);
    if (!(await this.deps.store.resources.delete(key(ctx.account, ctx.region, name)))) {
      throw ExtrasErrors.notFound(`API destination '${name}' does not exist.`);
    }
    return {};
  }

  /** The API destination an ARN names, if it exists (and is the same incarnation). */
  async byArn(arn: string): Promise<ApiDestinationRecord | undefined> {
    const named = parseNamedArn(arn, 'api-destination', 2);
    if (!named) return undefined;
    const r = await this.deps.store.resources.get<ApiDestinationBody>(key(named.account, named.region, named.name));
    return r && r.body.arn === arn ? r : undefined;
  }

  private async require(ctx: RequestContext, name: string): Promise<ApiDestinationRecord> {
    const r = await this.deps.store.resources.get<ApiDestinationBody>(key(ctx.account, ctx.region, name));
    if (!r) throw ExtrasErrors.notFound(`API destination '${name}' does not exist.`);
    return r;
  }

  private async requireConnection(arn: string, ctx: RequestContext): Promise<void> {
    const named = parseNamedArn(arn, 'connection', 2);
    const found = named && named.account === ctx.account && named.region === ctx.region ? await this.connections.byArn(arn) : undefined;
    if (!found) throw ExtrasErrors.notFound(`Connection '${arn}' does not exist.`);
  }
}
