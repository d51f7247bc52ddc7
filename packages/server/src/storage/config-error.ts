/** The one error of store configuration: a setting that names no engine we have, an invalid PostgreSQL schema or pool size. */
export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
  readonly code = 'INVALID_STORE';
  constructor(
    message: string,
    /** Which setting is wrong: `store` (the URL), `schema` or `poolSize`. */
    readonly setting: 'store' | 'schema' | 'poolSize',
  ) {
    super(message);
  }
}
