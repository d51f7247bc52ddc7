/**
 * The `api-destination` target kind: invokes an API destination's HTTP endpoint with an
 * event's payload. Honours the destination's InvocationRateLimitPerSecond (waiting, not
 * failing), gives every request 5 s as AWS does, and classifies the outcome the way
 * EventBridge documents it: 2xx delivered; 429 and 5xx retried; other 1xx–4xx not retried
 * (except 401/407 on an OAuth connection, retried with a fresh token); no answer (network
 * error, timeout) retried.
 */
import type { DeliveryAttempt, RuleTarget, TargetDriver } from '../contracts.js';
import { DeliveryFailure } from '../contracts.js';
import type { ApiDestinationService } from './api-destinations.js';
import { parseNamedArn } from './arns.js';
import { hasSecret } from './connection-auth.js';
import type { ConnectionRecord, ConnectionService } from './connections.js';
import { ExtrasErrors } from './errors.js';
import { send, TransportError, type InboundResponse } from './http-client.js';
import { buildInvocation, PathParameterMismatch, wildcardCount } from './invocation.js';
import type { ExtrasMetrics } from './metrics.js';
import { OAuthError } from './oauth.js';
import { RateLimiterClosed, type RateLimiter } from './rate-limit.js';

/** AWS: "a maximum client execution timeout of 5 seconds". */
export const INVOCATION_TIMEOUT_MS = 5_000;

/** What an HTTP status means for delivery: undefined when delivered, else the failure. */
export function classify(status: number, oauth: boolean): DeliveryFailure | undefined {
  if (status >= 200 && status < 300) return undefined;
  const code = `HTTP_${status}`;
  const message = `The API destination endpoint answered HTTP ${status}.`;
  if (status === 429 || status >= 500) return new DeliveryFailure(code, message, true);
  if (oauth && (status === 401 || status === 407)) return new DeliveryFailure(code, `${message} The OAuth token was refreshed for the retry.`, true);
  return new DeliveryFailure(code, message, false);
}

export class ApiDestinationDriver implements TargetDriver {
  readonly kind = 'api-destination';

  constructor(
    private readonly destinations: ApiDestinationService,
    private readonly connections: ConnectionService,
    private readonly limiter: RateLimiter,
    private readonly metrics: ExtrasMetrics,
    private readonly timeoutMs = INVOCATION_TIMEOUT_MS,
  ) {}

  handles(arn: string): boolean {
    return parseNamedArn(arn, 'api-destination', 2) !== undefined;
  }

  async validate(target: RuleTarget, account: string, region: string): Promise<void> {
    const named = parseNamedArn(target.Arn, 'api-destination', 2);
    const destination = named && named.account === account && named.region === region ? await this.destinations.byArn(target.Arn) : undefined;
    if (!destination) throw ExtrasErrors.validation(`Target ${target.Id}: API destination ${target.Arn} does not exist.`);
    const wildcards = wildcardCount(destination.body.invocationEndpoint);
    const values = target.HttpParameters?.PathParameterValues?.length ?? 0;
    if (wildcards !== values) {
      throw ExtrasErrors.validation(
        `Target ${target.Id}: HttpParameters.PathParameterValues has ${values} value(s) but the endpoint of API destination ${named!.name} has ${wildcards} path wildcard(s).`,
      );
    }
  }

  async deliver(attempt: DeliveryAttempt): Promise<void> {
    try {
      await this.invoke(attempt);
      this.metrics.invocations.inc({ outcome: 'ok' });
    } catch (err) {
      const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure('INTERNAL_ERROR', String(err), true);
      this.metrics.invocations.inc({ outcome: failure.code });
      throw failure;
    }
  }

  private async invoke(attempt: DeliveryAttempt): Promise<void> {
    const destination = await this.destinations.byArn(attempt.target.Arn);
    if (!destination) throw new DeliveryFailure('API_DESTINATION_NOT_FOUND', `API destination ${attempt.target.Arn} does not exist.`, false);
    const connection = await this.connections.byArn(destination.body.connectionArn);
    if (!connection) throw new DeliveryFailure('CONNECTION_NOT_FOUND', `Connection ${destination.body.connectionArn} does not exist.`, false);
    if (!hasSecret(connection.body.authorizationType, connection.body.auth)) {
      throw new DeliveryFailure('CONNECTION_DEAUTHORIZED', `Connection ${connection.name} is deauthorized; update it with new credentials.`, false);
    }
    try {
      await this.limiter.acquire(destination.body.arn, destination.body.invocationRateLimitPerSecond);
    } catch (err) {
      if (err instanceof RateLimiterClosed) throw new DeliveryFailure('THROTTLED', 'The server stopped while the invocation waited for its rate limit.', true);
      throw err;
    }
    const oauth = connection.body.authorizationType === 'OAUTH_CLIENT_CREDENTIALS';
    const bearerToken = oauth ? await this.token(connection) : undefined;
    let invocation;
    try {
      invocation = buildInvocation({
        endpoint: destination.body.invocationEndpoint, method: destination.body.httpMethod,
        authorizationType: connection.body.authorizationType, auth: connection.body.auth,
        ...(bearerToken === undefined ? {} : { bearerToken }), target: attempt.target, payload: attempt.payload,
      });
    } catch (err) {
      if (err instanceof PathParameterMismatch) throw new DeliveryFailure('INVALID_PATH_PARAMETERS', err.message, false);
      throw err;
    }
    const response = await this.call({ ...invocation, timeoutMs: this.timeoutMs });
    const failure = classify(response.status, oauth);
    if (oauth && (response.status === 401 || response.status === 407)) this.connections.invalidateToken(connection);
    if (failure) throw failure;
  }

  private async token(connection: ConnectionRecord): Promise<string> {
    try {
      return await this.connections.bearerToken(connection);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      throw new DeliveryFailure('OAUTH_AUTHORIZATION_FAILED', `Connection ${connection.name}: ${err.message}`, !err.rejected);
    }
  }

  private async call(request: Parameters<typeof send>[0]): Promise<InboundResponse> {
    try {
      return await send(request);
    } catch (err) {
      if (err instanceof TransportError) throw new DeliveryFailure('SDK_CLIENT_ERROR', err.message, true);
      throw err;
    }
  }
}
