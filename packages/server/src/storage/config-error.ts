/** The one error of store configuration: a setting that names no engine we have, or an invalid PostgreSQL schema. */
export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
  readonly code = 'INVALID_STORE';
  constructor(
    message: string,
    /** Which setting is wrong: `store` (the URL) or `schema`. */
    readonly setting: 'store' | 'schema',
  ) {
    super(message);
  }
}
