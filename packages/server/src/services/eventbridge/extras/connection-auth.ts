/**
 * A connection's authorization parameters: read from CreateConnection / UpdateConnection,
 * stored whole (secrets included, in AWS field names), and shown by DescribeConnection with
 * every secret left out: API key values, passwords, client secrets and parameters marked
 * `IsValueSecret`.
 */
import { ExtrasErrors } from './errors.js';
import type { Fields, StringRule } from './validation.js';

export const AUTHORIZATION_TYPES = ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY'] as const;
export type AuthorizationType = (typeof AUTHORIZATION_TYPES)[number];
export const OAUTH_METHODS = ['GET', 'POST', 'PUT'] as const;

export interface HttpParameter {
  readonly Key: string;
  readonly Value: string;
  readonly IsValueSecret: boolean;
}

export interface HttpParameters {
  readonly HeaderParameters?: readonly HttpParameter[];
  readonly QueryStringParameters?: readonly HttpParameter[];
  readonly BodyParameters?: readonly HttpParameter[];
}

export interface StoredAuth {
  readonly ApiKeyAuthParameters?: { readonly ApiKeyName: string; readonly ApiKeyValue: string };
  readonly BasicAuthParameters?: { readonly Username: string; readonly Password: string };
  readonly OAuthParameters?: {
    readonly ClientParameters: { readonly ClientID: string; readonly ClientSecret: string };
    readonly AuthorizationEndpoint: string;
    readonly HttpMethod: (typeof OAUTH_METHODS)[number];
    readonly OAuthHttpParameters?: HttpParameters;
  };
  readonly InvocationHttpParameters?: HttpParameters;
}

// Constraints of the AWS API reference (header names are HTTP tokens; no control characters).
const TOKEN_TEXT = /^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$/;
const SECRET_TEXT = /^[ \t]*[^\x00-\x1F\x7F]+([ \t]+[^\x00-\x1F\x7F]+)*[ \t]*$/;
const HEADER_KEY = /^[!#$%&'*+\-.^_`|~0-9a-zA-Z]+$/;
const PARAMETER_VALUE = /^[^\x00-\x09\x0B\x0C\x0E-\x1F\x7F]*$/;
const PLAIN: StringRule = { min: 1, max: 512, pattern: TOKEN_TEXT };
const SECRET: StringRule = { min: 1, max: 512, pattern: SECRET_TEXT, secret: true };
const ENDPOINT: StringRule = { min: 1, max: 2048 };
const MAX_PARAMETERS = 100;

/** Which parameter group each authorization type uses. */
const GROUP: Record<AuthorizationType, 'BasicAuthParameters' | 'OAuthParameters' | 'ApiKeyAuthParameters'> = {
  BASIC: 'BasicAuthParameters',
  OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters',
  API_KEY: 'ApiKeyAuthParameters',
};

function parameters(f: Fields, name: string, keyRule: StringRule): HttpParameter[] | undefined {
  return f.objects(name, MAX_PARAMETERS)?.map((p) => {
    const secret = p.boolean('IsValueSecret') ?? false;
    return {
      Key: p.requiredString('Key', keyRule),
      Value: p.string('Value', { max: 512, pattern: PARAMETER_VALUE, secret }) ?? '',
      IsValueSecret: secret,
    };
  });
}

/** Reads a ConnectionHttpParameters object. */
export function readHttpParameters(f: Fields | undefined): HttpParameters | undefined {
  if (!f) return undefined;
  const headers = parameters(f, 'HeaderParameters', { min: 1, max: 512, pattern: HEADER_KEY });
  const query = parameters(f, 'QueryStringParameters', { min: 1, max: 512, pattern: /^[^\x00-\x1F\x7F]+$/ });
  const body = parameters(f, 'BodyParameters', { min: 1, max: 512, pattern: /^[^\x00-\x1F\x7F]+$/ });
  return {
    ...(headers ? { HeaderParameters: headers } : {}),
    ...(query ? { QueryStringParameters: query } : {}),
    ...(body ? { BodyParameters: body } : {}),
  };
}

function endpointUrl(f: Fields, name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw ExtrasErrors.validation(`${f.pathOf(name)}: '${value}' is not an http(s) URL.`);
  }
  return value;
}

/**
 * Reads one authorization group. With `previous` (UpdateConnection), members left out keep
 * their previous values; without it every member is required.
 */
function readGroup(type: AuthorizationType, f: Fields, previous: StoredAuth): StoredAuth[keyof StoredAuth] {
  if (type === 'API_KEY') {
    const old = previous.ApiKeyAuthParameters;
    const name = old ? f.string('ApiKeyName', PLAIN) : f.requiredString('ApiKeyName', PLAIN);
    const value = old ? f.string('ApiKeyValue', SECRET) : f.requiredString('ApiKeyValue', SECRET);
    return { ApiKeyName: name ?? old!.ApiKeyName, ApiKeyValue: value ?? old!.ApiKeyValue };
  }
  if (type === 'BASIC') {
    const old = previous.BasicAuthParameters;
    const user = old ? f.string('Username', PLAIN) : f.requiredString('Username', PLAIN);
    const password = old ? f.string('Password', SECRET) : f.requiredString('Password', SECRET);
    return { Username: user ?? old!.Username, Password: password ?? old!.Password };
  }
  const old = previous.OAuthParameters;
  const client = old ? f.object('ClientParameters') : f.requiredObject('ClientParameters');
  const id = old ? client?.string('ClientID', PLAIN) : client!.requiredString('ClientID', PLAIN);
  const secret = old ? client?.string('ClientSecret', SECRET) : client!.requiredString('ClientSecret', SECRET);
  const endpoint = old ? f.string('AuthorizationEndpoint', ENDPOINT) : f.requiredString('AuthorizationEndpoint', ENDPOINT);
  const method = old ? f.enumValue('HttpMethod', OAUTH_METHODS) : f.requiredEnum('HttpMethod', OAUTH_METHODS);
  const extra = readHttpParameters(f.object('OAuthHttpParameters')) ?? old?.OAuthHttpParameters;
  return {
    ClientParameters: { ClientID: id ?? old!.ClientParameters.ClientID, ClientSecret: secret ?? old!.ClientParameters.ClientSecret },
    AuthorizationEndpoint: endpoint === undefined ? old!.AuthorizationEndpoint : endpointUrl(f, 'AuthorizationEndpoint', endpoint),
    HttpMethod: method ?? old!.HttpMethod,
    ...(extra ? { OAuthHttpParameters: extra } : {}),
  };
}

/** Rejects parameter groups of other authorization types ("include only ... for the type you specify"). */
function onlyGroupOf(type: AuthorizationType, f: Fields): void {
  for (const [other, group] of Object.entries(GROUP)) {
    if (other !== type && f.has(group)) {
      throw ExtrasErrors.validation(`${f.pathOf(group)} is not allowed: AuthorizationType is ${type}; include only ${GROUP[type]}.`);
    }
  }
}

/** The AuthParameters of CreateConnection. */
export function readCreateAuth(type: AuthorizationType, f: Fields): StoredAuth {
  onlyGroupOf(type, f);
  const group = readGroup(type, f.requiredObject(GROUP[type]), {});
  const invocation = readHttpParameters(f.object('InvocationHttpParameters'));
  return { [GROUP[type]]: group, ...(invocation ? { InvocationHttpParameters: invocation } : {}) };
}

/**
 * The AuthParameters of UpdateConnection over the stored ones. Changing the type needs the
 * new type's group in full; keeping it merges the given members into the stored group.
 */
export function readUpdateAuth(type: AuthorizationType, typeChanged: boolean, f: Fields | undefined, stored: StoredAuth): StoredAuth {
  if (!f) {
    if (typeChanged) throw ExtrasErrors.validation(`authParameters: changing AuthorizationType to ${type} needs its ${GROUP[type]}.`);
    return stored;
  }
  onlyGroupOf(type, f);
  const groupFields = typeChanged ? f.requiredObject(GROUP[type]) : f.object(GROUP[type]);
  const group = groupFields ? readGroup(type, groupFields, typeChanged ? {} : stored) : stored[GROUP[type]];
  const invocation = f.has('InvocationHttpParameters') ? readHttpParameters(f.object('InvocationHttpParameters')) : stored.InvocationHttpParameters;
  return { [GROUP[type]]: group, ...(invocation ? { InvocationHttpParameters: invocation } : {}) };
}

function shownParameters(params: HttpParameters | undefined): HttpParameters | undefined {
  if (!params) return undefined;
  const show = (list: readonly HttpParameter[] | undefined): HttpParameter[] | undefined =>
    list?.map((p) => (p.IsValueSecret ? ({ Key: p.Key, IsValueSecret: true } as HttpParameter) : p));
  return {
    ...(params.HeaderParameters ? { HeaderParameters: show(params.HeaderParameters) } : {}),
    ...(params.QueryStringParameters ? { QueryStringParameters: show(params.QueryStringParameters) } : {}),
    ...(params.BodyParameters ? { BodyParameters: show(params.BodyParameters) } : {}),
  };
}

/** AuthParameters as DescribeConnection shows them: no secret anywhere. */
export function redactAuth(auth: StoredAuth): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (auth.ApiKeyAuthParameters) out['ApiKeyAuthParameters'] = { ApiKeyName: auth.ApiKeyAuthParameters.ApiKeyName };
  if (auth.BasicAuthParameters) out['BasicAuthParameters'] = { Username: auth.BasicAuthParameters.Username };
  const oauth = auth.OAuthParameters;
  if (oauth) {
    const extra = shownParameters(oauth.OAuthHttpParameters);
    out['OAuthParameters'] = {
      ClientParameters: { ClientID: oauth.ClientParameters.ClientID },
      AuthorizationEndpoint: oauth.AuthorizationEndpoint,
      HttpMethod: oauth.HttpMethod,
      ...(extra ? { OAuthHttpParameters: extra } : {}),
    };
  }
  const invocation = shownParameters(auth.InvocationHttpParameters);
  if (invocation) out['InvocationHttpParameters'] = invocation;
  return out;
}

/** The parameters left after DeauthorizeConnection: every secret value removed. */
export function withoutSecrets(auth: StoredAuth): StoredAuth {
  const strip = (params: HttpParameters | undefined): HttpParameters | undefined =>
    params && {
      ...(params.HeaderParameters ? { HeaderParameters: params.HeaderParameters.filter((p) => !p.IsValueSecret) } : {}),
      ...(params.QueryStringParameters ? { QueryStringParameters: params.QueryStringParameters.filter((p) => !p.IsValueSecret) } : {}),
      ...(params.BodyParameters ? { BodyParameters: params.BodyParameters.filter((p) => !p.IsValueSecret) } : {}),
    };
  const oauth = auth.OAuthParameters;
  const extra = strip(oauth?.OAuthHttpParameters);
  const invocation = strip(auth.InvocationHttpParameters);
  return {
    ...(auth.ApiKeyAuthParameters ? { ApiKeyAuthParameters: { ...auth.ApiKeyAuthParameters, ApiKeyValue: '' } } : {}),
    ...(auth.BasicAuthParameters ? { BasicAuthParameters: { ...auth.BasicAuthParameters, Password: '' } } : {}),
    ...(oauth
      ? {
          OAuthParameters: {
            ...oauth,
            ClientParameters: { ...oauth.ClientParameters, ClientSecret: '' },
            ...(extra ? { OAuthHttpParameters: extra } : {}),
          },
        }
      : {}),
    ...(invocation ? { InvocationHttpParameters: invocation } : {}),
  };
}

/** Whether the group of `type` has its secret (false after DeauthorizeConnection until updated). */
export function hasSecret(type: AuthorizationType, auth: StoredAuth): boolean {
  if (type === 'API_KEY') return (auth.ApiKeyAuthParameters?.ApiKeyValue ?? '') !== '';
  if (type === 'BASIC') return (auth.BasicAuthParameters?.Password ?? '') !== '';
  return (auth.OAuthParameters?.ClientParameters.ClientSecret ?? '') !== '';
}
