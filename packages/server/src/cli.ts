/** The `switchboard` command. */
import { Command, InvalidArgumentError } from 'commander';
import { startServer } from './server.js';
import { StoreConfigError, checkStoreConfig, describeStore } from './storage/open.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name('switchboard')
    .description('AWS event services (EventBridge, SQS, ...) on your own machine, over the same wire protocols.');

  program
    .command('dev')
    .description('run a server on the embedded SQLite store, or as one node of many over PostgreSQL (--store)')
    .option('-p, --port <port>', 'port to listen on (env SWITCHBOARD_PORT)', port, port(process.env['SWITCHBOARD_PORT'] ?? '4010'))
    .option('--host <host>', 'address to bind', process.env['SWITCHBOARD_HOST'] ?? '127.0.0.1')
    .option('-d, --data-dir <dir>', 'directory of the SQLite store (env SWITCHBOARD_DATA_DIR)', process.env['SWITCHBOARD_DATA_DIR'] ?? './.switchboard')
    .option(
      '--store <url>',
      'postgres://… URL: keep state in PostgreSQL, shared by every node given the same URL (env SWITCHBOARD_STORE; default: the SQLite file in --data-dir)',
      process.env['SWITCHBOARD_STORE'] || undefined,
    )
    .option('--store-schema <name>', 'PostgreSQL schema of --store (env SWITCHBOARD_STORE_SCHEMA; default public)', process.env['SWITCHBOARD_STORE_SCHEMA'] || undefined)
    .option(
      '--store-pool-size <n>',
      'PostgreSQL connections per node, plus one that listens (env SWITCHBOARD_STORE_POOL_SIZE; default 10)',
      process.env['SWITCHBOARD_STORE_POOL_SIZE'] || undefined,
    )
    .option('--log-level <level>', 'log level: fatal, error, warn, info, debug, trace, silent', process.env['SWITCHBOARD_LOG_LEVEL'] ?? 'info')
    .action(async (opts: { port: number; host: string; dataDir: string; store?: string; storeSchema?: string; storePoolSize?: string; logLevel: string }) => {
      const poolSize = opts.storePoolSize === undefined ? undefined : Number(opts.storePoolSize);
      const config = { url: opts.store, schema: opts.storeSchema, dataDir: opts.dataDir, poolSize };
      try {
        checkStoreConfig(config);
      } catch (err) {
        // The setting may come from the environment: say what is wrong without echoing a password.
        if (err instanceof StoreConfigError) program.error(`error: ${err.message}`, { exitCode: 2, code: err.code });
        throw err;
      }
      const server = await startServer({
        port: opts.port,
        host: opts.host,
        dataDir: opts.dataDir,
        ...(opts.store ? { storeUrl: opts.store } : {}),
        ...(opts.storeSchema ? { storeSchema: opts.storeSchema } : {}),
        ...(poolSize !== undefined ? { storePoolSize: poolSize } : {}),
        logLevel: opts.logLevel,
      });
      const endpoint = `http://${opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host}:${server.port}`;
      process.stdout.write(
        `Switchboard listening on ${server.url} (store: ${server.store.engine} ${describeStore(config)})\n` +
          `Point the AWS SDK at it: new SQSClient({ endpoint: '${endpoint}', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })\n`,
      );
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${signal}: draining in-flight work and stopping\n`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`error while stopping: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });

  await program.parseAsync([...argv]);
}
