/**
 * Connections: how an API destination authorizes (API key, Basic, OAuth client
 * credentials) plus parameters sent with every invocation. Stored as `connection`
 * resources with their secrets; no response ever carries a secret.
 *
 * States as AWS reports them: API_KEY and BASIC connections are AUTHORIZED at once; an OAuth
 * connection is AUTHORIZING until a token has been fetched in the background, then AUTHORIZED
 * (or DEAUTHORIZED with the reason when the authorization server refuses). DeauthorizeConnection
 * removes the secrets (answering DEAUTHORIZING, then DEAUTHORIZED) until an update brings new
 * ones; DeleteConnection answers DELETING.
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../core/context.js';
import type { ServiceDeps } from '../../../core/service.js';
import { StorageError, type ResourceKey, type ResourceRecord } from '../../../storage/port.js';
import { Arns, parseNamedArn } from './arns.js';
import type { Background } from './background.js';
import {
  AUTHORIZATION_TYPES, hasSecret, readCreateAuth, readUpdateAuth, redactAuth, withoutSecrets,
  type AuthorizationType, type StoredAuth,
} from './connection-auth.js';
import { ExtrasErrors, storageCall } from './errors.js';
import { OAuthError, type OAuthClient, type OAuthSettings } from './oauth.js';
import { epochSeconds, listPage, pageRequest } from './paging.js';
import { DESCRIPTION, Fields, NAME } from './validation.js';

export const CONNECTION_STATES = [
  'CREATING', 'UPDATING', 'DELETING', 'AUTHORIZED', 'DEAUTHORIZED', 'AUTHORIZING', 'DEAUTHORIZING',
] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ConnectionBody {
  readonly arn: string;
  readonly description?: string;
  readonly authorizationType: AuthorizationType;
  readonly auth: StoredAuth;
  readonly state: ConnectionState;
  readonly stateReason?: string;
  readonly lastAuthorizedAt?: number;
  /** New whenever the auth parameters change: keys the OAuth token cache. */
  readonly authRevision: string;
}

export type ConnectionRecord = ResourceRecord<ConnectionBody>;

/** AWS's default quota of connections per account and region. */
const MAX_CONNECTIONS = 3000;

const key = (account: string, region: string, name: string): ResourceKey => ({ kind: 'connection', account, region, name });

function oauthSettings(body: ConnectionBody): OAuthSettings | undefined {
  const o = body.auth.OAuthParameters;
  if (body.authorizationType !== 'OAUTH_CLIENT_CREDENTIALS' || !o) return undefined;
  return {
    authorizationEndpoint: o.AuthorizationEndpoint, httpMethod: o.HttpMethod, clientId: o.ClientParameters.ClientID,
    clientSecret: o.ClientParameters.ClientSecret, ...(o.OAuthHttpParameters ? { parameters: o.OAuthHttpParameters } : {}),
  };
}

/** The state a connection with these parameters starts in (before any OAuth exchange). */
function initialState(type: AuthorizationType, auth: StoredAuth): ConnectionState {
  if (!hasSecret(type, auth)) return 'DEAUTHORIZED';
  return type === 'OAUTH_CLIENT_CREDENTIALS' ? 'AUTHORIZING' : 'AUTHORIZED';
}

function rejectPrivateConnectivity(f: Fields, auth: Fields | undefined): void {
  if (f.has('InvocationConnectivityParameters') || auth?.has('ConnectivityParameters')) {
    throw ExtrasErrors.validation('Connections to private APIs (ConnectivityParameters) are not supported by Switchboard.');
  }
}

export class ConnectionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly oauth: OAuthClient,
    private readonly background: Background,
  ) {}

  async create(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('Name', NAME);
    const description = f.string('Description', DESCRIPTION);
    const type = f.requiredEnum('AuthorizationType', AUTHORIZATION_TYPES);
    const authFields = f.requiredObject('AuthParameters');
    rejectPrivateConnectivity(f, authFields);
    const auth = readCreateAuth(type, authFields);
    const existing = await this.deps.store.resources.list('connection', ctx.account, ctx.region, { limit: MAX_CONNECTIONS });
    if (existing.length >= MAX_CONNECTIONS) throw ExtrasErrors.limitExceeded(`The limit of ${MAX_CONNECTIONS} connections per account and region has been reached.`);
    const now = this.deps.clock.now();
    const state = initialState(type, auth);
    const body: ConnectionBody = {
      arn: Arns.connection(ctx.region, ctx.account, name, randomUUID()),
      ...(description === undefined ? {} : { description }),
      authorizationType: type, auth, state, authRevision: randomUUID(),
      ...(state === 'AUTHORIZED' ? { lastAuthorizedAt: now } : {}),
    };
    const record = await storageCall(`Connection ${name}`, () => this.deps.store.resources.create(key(ctx.account, ctx.region, name), body, now));
    if (state === 'AUTHORIZING') this.authorizeLater(record);
    return { ConnectionArn: body.arn, ConnectionState: state, ...times(record, false) };
  }

  async describe(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('Name', NAME));
    const b = r.body;
    const uuid = b.arn.slice(b.arn.lastIndexOf('/') + 1);
    return {
      ConnectionArn: b.arn, Name: r.name, ...(b.description === undefined ? {} : { Description: b.description }),
      ConnectionState: b.state, ...(b.stateReason ? { StateReason: b.stateReason } : {}),
      AuthorizationType: b.authorizationType, SecretArn: Arns.connectionSecret(r.region, r.account, r.name, uuid),
      AuthParameters: redactAuth(b.auth), ...times(r, true),
    };
  }

  async list(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const state = f.enumValue('ConnectionState', CONNECTION_STATES);
    const page = await listPage<ConnectionBody>(this.deps.store.resources, 'connection', ctx, pageRequest(f), (b) => state === undefined || b.state === state);
    return {
      Connections: page.items.map((r) => ({
        ConnectionArn: r.body.arn, Name: r.name, ConnectionState: r.body.state,
        ...(r.body.stateReason ? { StateReason: r.body.stateReason } : {}),
        AuthorizationType: r.body.authorizationType, ...times(r, true),
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const f = Fields.of(input);
    const name = f.requiredString('Name', NAME);
    const description = f.string('Description', DESCRIPTION);
    const newType = f.enumValue('AuthorizationType', AUTHORIZATION_TYPES);
    const authFields = f.object('AuthParameters');
    rejectPrivateConnectivity(f, authFields);
    const current = await this.require(ctx, name);
    const type = newType ?? current.body.authorizationType;
    const auth = readUpdateAuth(type, type !== current.body.authorizationType, authFields, current.body.auth);
    // Any update that carries authorization re-authorizes, even with the same values (a retry after a refusal).
    const authChanged = authFields !== undefined || type !== current.body.authorizationType;
    const now = this.deps.clock.now();
    const state = authChanged ? initialState(type, auth) : current.body.state;
    const { stateReason: _dropped, ...rest } = current.body;
    const body: ConnectionBody = {
      ...(authChanged ? rest : current.body),
      ...(description === undefined ? {} : { description }),
      authorizationType: type, auth, state,
      authRevision: authChanged ? randomUUID() : current.body.authRevision,
      ...(authChanged && state === 'AUTHORIZED' ? { lastAuthorizedAt: now } : {}),
    };
    const record = await storageCall(`Connection ${name}`, () => this.deps.store.resources.update(key(ctx.account, ctx.region, name), body, now, current.version));
    if (authChanged) this.oauth.forgetConnection(body.arn);
    if (authChanged && state === 'AUTHORIZING') this.authorizeLater(record);
    return { ConnectionArn: body.arn, ConnectionState: state, ...times(record, true) };
  }

  async delete(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('Name', NAME));
    if (!(await this.deps.store.resources.delete(key(r.account, r.region, r.name)))) {
      throw ExtrasErrors.notFound(`Connection '${r.name}' does not exist.`);
    }
    this.oauth.forgetConnection(r.body.arn);
    return { ConnectionArn: r.body.arn, ConnectionState: 'DELETING', ...times(r, true) };
  }

  async deauthorize(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const r = await this.require(ctx, Fields.of(input).requiredString('Name', NAME));
    const now = this.deps.clock.now();
    const { stateReason: _dropped, ...rest } = r.body;
    const body: ConnectionBody = { ...rest, auth: withoutSecrets(r.body.auth), state: 'DEAUTHORIZED', authRevision: randomUUID() };
    const record = await storageCall(`Connection ${r.name}`, () => this.deps.store.resources.update(key(r.account, r.region, r.name), body, now, r.version));
    this.oauth.forgetConnection(body.arn);
    return { ConnectionArn: body.arn, ConnectionState: 'DEAUTHORIZING', ...times(record, true) };
  }

  /** The connection an ARN names, if it exists (and is the same incarnation: the uuid matches). */
  async byArn(arn: string): Promise<ConnectionRecord | undefined> {
    const named = parseNamedArn(arn, 'connection', 2);
    if (!named) return undefined;
    const r = await this.deps.store.resources.get<ConnectionBody>(key(named.account, named.region, named.name));
    return r && r.body.arn === arn ? r : undefined;
  }

  /**
   * A bearer token for an OAuth connection, fetching one if needed. Keeps the connection's
   * state in step: AUTHORIZED after a token, DEAUTHORIZED when the server refuses.
   */
  async bearerToken(r: ConnectionRecord): Promise<string> {
    const settings = oauthSettings(r.body);
    if (!settings) throw new OAuthError(`Connection '${r.name}' has no OAuth parameters.`, true);
    try {
      const token = await this.oauth.token(tokenKey(r.body), settings);
      if (r.body.state !== 'AUTHORIZED') await this.settle(r, 'AUTHORIZED');
      return token;
    } catch (err) {
      if (err instanceof OAuthError && err.rejected) await this.settle(r, 'DEAUTHORIZED', err.message);
      throw err;
    }
  }

  /** Forgets an OAuth connection's token (the endpoint answered 401 or 407). */
  invalidateToken(r: ConnectionRecord): void {
    this.oauth.invalidate(tokenKey(r.body));
  }

  private async require(ctx: RequestContext, name: string): Promise<ConnectionRecord> {
    const r = await this.deps.store.resources.get<ConnectionBody>(key(ctx.account, ctx.region, name));
    if (!r) throw ExtrasErrors.notFound(`Connection '${name}' does not exist.`);
    return r;
  }

  private authorizeLater(r: ConnectionRecord): void {
    this.background.run(`authorizing connection ${r.body.arn}`, async () => {
      await this.bearerToken(r).catch(async (err: unknown) => {
        if (!(err instanceof OAuthError)) throw err;
        // The server did not answer at all: no verdict on the credentials, but no token either.
        if (!err.rejected) await this.settle(r, 'DEAUTHORIZED', err.message);
      });
    });
  }

  /**
   * Records an authorization outcome, unless the connection changed its parameters since
   * (a newer revision decides for itself) or is gone.
   */
  private async settle(r: ConnectionRecord, state: 'AUTHORIZED' | 'DEAUTHORIZED', reason?: string): Promise<void> {
    const k = key(r.account, r.region, r.name);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.deps.store.resources.get<ConnectionBody>(k);
      if (!current || current.body.authRevision !== r.body.authRevision) return;
      if (current.body.state === state && current.body.stateReason === reason) return;
      const now = this.deps.clock.now();
      const { stateReason: _dropped, ...rest } = current.body;
      const body: ConnectionBody = {
        ...rest, state, ...(reason ? { stateReason: reason.slice(0, 512) } : {}),
        ...(state === 'AUTHORIZED' ? { lastAuthorizedAt: now } : {}),
      };
      try {
        await this.deps.store.resources.update(k, body, now, current.version);
        return;
      } catch (err) {
        if (!(err instanceof StorageError && err.code === 'CONFLICT')) throw err;
      }
    }
  }
}

function tokenKey(body: ConnectionBody): string {
  return `${body.arn}#${body.authRevision}`;
}

function times(r: ConnectionRecord, withAuthorized: boolean): Record<string, number> {
  return {
    CreationTime: epochSeconds(r.createdAt),
    LastModifiedTime: epochSeconds(r.updatedAt),
    ...(withAuthorized && r.body.lastAuthorizedAt !== undefined ? { LastAuthorizedTime: epochSeconds(r.body.lastAuthorizedAt) } : {}),
  };
}
