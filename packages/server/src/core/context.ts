/** What every operation knows about the request it serves. */

export interface RequestContext {
  /** 12-digit account id, from the SigV4 credential scope (default `000000000000`). */
  readonly account: string;
  /** Region, from the SigV4 credential scope (default `us-east-1`). */
  readonly region: string;
  readonly requestId: string;
  /** The URL clients use to reach this server (`http://localhost:4010`), for queue URLs. */
  readonly endpoint: string;
}

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
