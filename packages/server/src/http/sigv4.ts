/**
 * Reads the SigV4 credential scope of a request: access key, region and service. Signature
 * verification arrives with the security work; it will live here, next to the parsing, and
 * the dispatcher already routes every request through this function.
 */
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../core/context.js';

export interface CredentialScope {
  readonly accessKeyId: string | undefined;
  readonly account: string;
  readonly region: string;
  readonly service: string | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Scope from the Authorization header (or the X-Amz-Credential query parameter of a
 * presigned request). An access key id of 12 digits is taken as the account id, as LocalStack
 * does, so tests can act as several accounts; anything else acts as the default account.
 */
export function credentialScope(authorization: string | undefined, amzCredential?: string): CredentialScope {
  const text = authorization ?? (amzCredential ? `Credential=${amzCredential}` : '');
  const m = CREDENTIAL.exec(text);
  if (!m) return { accessKeyId: undefined, account: DEFAULT_ACCOUNT, region: DEFAULT_REGION, service: undefined };
  const accessKeyId = m[1]!;
  return {
    accessKeyId,
    account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT,
    region: m[3]!,
    service: m[4]!,
  };
}
