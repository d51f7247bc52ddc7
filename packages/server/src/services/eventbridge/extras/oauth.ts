/**
 * OAuth 2.0 client credentials for connections of type OAUTH_CLIENT_CREDENTIALS: exchanges
 * the client id and secret for an access token at the connection's AuthorizationEndpoint,
 * caches it until shortly before it expires, and forgets it when an invocation answers 401
 * or 407 (AWS refreshes then, and proactively when the token expires within 60 s).
 *
 * The token request (AWS documents the what, not the wire form; this follows RFC 6749):
 * the connection's HttpMethod; the client id and secret as HTTP Basic credentials
 * (§2.3.1, which every authorization server must accept); `grant_type=client_credentials`
 * plus the OAuthHttpParameters body parameters form-encoded in the body (in the query for
 * GET); OAuthHttpParameters headers and query parameters as given. The answer is JSON (or
 * form-encoded) with `access_token` and, optionally, `expires_in` seconds.
 */
import type { HttpParameters } from './connection-auth.js';
import { send, TransportError } from './http-client.js';

export interface OAuthSettings {
  readonly authorizationEndpoint: string;
  readonly httpMethod: 'GET' | 'POST' | 'PUT';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly parameters?: HttpParameters;
}

/** Getting a token failed; `rejected` when the authorization server said no (4xx), not just failed to answer. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    message: string,
    readonly rejected: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface CachedToken {
  readonly token: string;
  /** When to fetch a new one (monotonic ms); Infinity when the server gave no lifetime. */
  readonly refreshAt: number;
}

/** Refresh a token this close to its expiry rather than risk it expiring in flight. */
const REFRESH_MARGIN_MS = 60_000;
const TOKEN_TIMEOUT_MS = 5_000;

function basic(id: string, secret: string): string {
  // RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined.
  const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, 'utf8').toString('base64')}`;
}

/** Builds the token request of a connection's OAuth settings. */
export function tokenRequest(s: OAuthSettings): { method: string; url: URL; headers: Record<string, string>; body?: string } {
  const url = new URL(s.authorizationEndpoint);
  for (const p of s.parameters?.QueryStringParameters ?? []) url.searchParams.append(p.Key, p.Value);
  const form = new URLSearchParams();
  const bodyParams = s.parameters?.BodyParameters ?? [];
  if (!bodyParams.some((p) => p.Key === 'grant_type')) form.append('grant_type', 'client_credentials');
  for (const p of bodyParams) form.append(p.Key, p.Value);
  const headers: Record<string, string> = { Accept: 'application/json' };
  for (const p of s.parameters?.HeaderParameters ?? []) headers[p.Key] = p.Value;
  headers['Authorization'] = basic(s.clientId, s.clientSecret);
  if (s.httpMethod === 'GET') {
    for (const [k, v] of form) url.searchParams.append(k, v);
    return { method: 'GET', url, headers };
  }
  headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { method: s.httpMethod, url, headers, body: form.toString() };
}

function parseToken(contentType: string | undefined, body: string): { token?: unknown; expiresIn?: unknown } {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    return { token: form.get('access_token') ?? undefined, expiresIn: form.get('expires_in') ?? undefined };
  }
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return { token: json['access_token'], expiresIn: json['expires_in'] };
  } catch {
    return {};
  }
}

/** Access tokens per connection, fetched once however many invocations ask at the same time. */
export class OAuthClient {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A valid token for the connection revision `key` (changes whenever its auth parameters do). */
  token(key: string, settings: OAuthSettings): Promise<string> {
    const cached = this.cache.get(key);
    if (cached && cached.refreshAt > this.now()) return Promise.resolve(cached.token);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(key, settings).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Drops the cached token (the endpoint answered 401 or 407, or the connection changed). */
  invalidate(key: string): void {
    this.cache.delete(key);
  }

  /** Drops every token of a connection, whatever revision (it was updated, deauthorized or deleted). */
  forgetConnection(arn: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${arn}#`)) this.cache.delete(key);
  }

  private async fetch(key: string, settings: OAuthSettings): Promise<string> {
    const req = tokenRequest(settings);
    let res;
    try {
      res = await send({ ...req, timeoutMs: TOKEN_TIMEOUT_MS });
    } catch (err) {
      const why = err instanceof TransportError ? err.message : String(err);
      throw new OAuthError(`Could not reach the authorization endpoint: ${why}`, false, { cause: err });
    }
    if (res.status < 200 || res.status >= 300) {
      const rejected = res.status >= 400 && res.status < 500 && res.status !== 429;
      throw new OAuthError(`The authorization endpoint answered HTTP ${res.status}.`, rejected);
    }
    const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
    const { token, expiresIn } = parseToken(contentType, res.body);
    if (typeof token !== 'string' || token === '') {
      throw new OAuthError('The authorization endpoint answered without an access_token.', true);
    }
    const lifetime = Number(expiresIn) * 1000;
    // Short-lived tokens are refreshed halfway through rather than on every call.
    const refreshAt = expiresIn !== undefined && Number.isFinite(lifetime) ? this.now() + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 2) : Infinity;
    this.cache.set(key, { token, refreshAt });
    return token;
  }
}
