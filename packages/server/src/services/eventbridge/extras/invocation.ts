/**
 * The HTTP request that invokes an API destination for one event, assembled from the
 * destination (URL with `*` path wildcards, method), the target's HttpParameters (path
 * values, headers, query), the connection's InvocationHttpParameters (which take precedence
 * over the target's, as AWS documents) and its authorization, with the headers EventBridge
 * always sends.
 */
import type { RuleTarget } from '../contracts.js';
import type { HttpMethod } from './api-destinations.js';
import type { AuthorizationType, HttpParameter, StoredAuth } from './connection-auth.js';

export interface Invocation {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface InvocationInput {
  readonly endpoint: string;
  readonly method: HttpMethod;
  readonly authorizationType: AuthorizationType;
  readonly auth: StoredAuth;
  /** The OAuth access token, for OAUTH_CLIENT_CREDENTIALS connections. */
  readonly bearerToken?: string;
  readonly target: Pick<RuleTarget, 'HttpParameters'>;
  readonly payload: string;
}

/** The path wildcards of an endpoint do not match the values given for them. */
export class PathParameterMismatch extends Error {
  override readonly name = 'PathParameterMismatch';
}

/** Headers EventBridge sends with every API destination request. */
const FIXED_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'Amazon/EventBridge/ApiDestinations',
  'Content-Type': 'application/json; charset=utf-8',
  Range: 'bytes=0-1048575',
  'Accept-Encoding': 'gzip,deflate',
  Connection: 'close',
};

/** Methods whose requests carry no body. */
const BODILESS = new Set<HttpMethod>(['GET', 'HEAD']);

/** How many `*` wildcards an endpoint has. */
export function wildcardCount(endpoint: string): number {
  return endpoint.split('*').length - 1;
}

/** Fills the endpoint's `*` wildcards, in order, with the URL-encoded path values. */
export function fillPath(endpoint: string, values: readonly string[]): string {
  const pieces = endpoint.split('*');
  if (pieces.length - 1 !== values.length) {
    throw new PathParameterMismatch(`the endpoint has ${pieces.length - 1} path wildcard(s) but the target gives ${values.length} PathParameterValues`);
  }
  return pieces.reduce((url, piece, i) => url + encodeURIComponent(values[i - 1]!) + piece);
}

/** Case-insensitive header assembly: a later set replaces an earlier one of any case. */
class Headers {
  private readonly byLower = new Map<string, [string, string]>();
  set(name: string, value: string): void {
    this.byLower.set(name.toLowerCase(), [name, value]);
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this.byLower.values());
  }
}

/** Adds the connection's body parameters to a JSON object payload; other payloads go as they are. */
function withBodyParameters(payload: string, params: readonly HttpParameter[] | undefined): string {
  if (!params || params.length === 0) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return payload;
  const merged = { ...(parsed as Record<string, unknown>) };
  for (const p of params) merged[p.Key] = p.Value;
  return JSON.stringify(merged);
}

function authorization(input: InvocationInput): [string, string] | undefined {
  const { auth } = input;
  if (input.authorizationType === 'API_KEY' && auth.ApiKeyAuthParameters) {
    return [auth.ApiKeyAuthParameters.ApiKeyName, auth.ApiKeyAuthParameters.ApiKeyValue];
  }
  if (input.authorizationType === 'BASIC' && auth.BasicAuthParameters) {
    const { Username, Password } = auth.BasicAuthParameters;
    return ['Authorization', `Basic ${Buffer.from(`${Username}:${Password}`, 'utf8').toString('base64')}`];
  }
  if (input.authorizationType === 'OAUTH_CLIENT_CREDENTIALS' && input.bearerToken !== undefined) {
    return ['Authorization', `Bearer ${input.bearerToken}`];
  }
  return undefined;
}

/** Builds the request; throws PathParameterMismatch when the wildcards cannot be filled. */
export function buildInvocation(input: InvocationInput): Invocation {
  const http = input.target.HttpParameters;
  const url = new URL(fillPath(input.endpoint, http?.PathParameterValues ?? []));
  for (const [k, v] of Object.entries(http?.QueryStringParameters ?? {})) url.searchParams.set(k, v);
  const connection = input.auth.InvocationHttpParameters;
  for (const p of connection?.QueryStringParameters ?? []) url.searchParams.set(p.Key, p.Value);

  const headers = new Headers();
  for (const [k, v] of Object.entries(FIXED_HEADERS)) headers.set(k, v);
  for (const [k, v] of Object.entries(http?.HeaderParameters ?? {})) headers.set(k, v);
  for (const p of connection?.HeaderParameters ?? []) headers.set(p.Key, p.Value);
  const auth = authorization(input);
  if (auth) headers.set(auth[0], auth[1]);

  if (BODILESS.has(input.method)) return { method: input.method, url, headers: headers.toObject() };
  return { method: input.method, url, headers: headers.toObject(), body: withBodyParameters(input.payload, connection?.BodyParameters) };
}
