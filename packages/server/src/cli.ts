/** The `switchboard` command. */
import { Command, InvalidArgumentError } from 'commander';
import { startServer } from './server.js';

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
    .description('run a single-node server on the embedded SQLite store')
    .option('-p, --port <port>', 'port to listen on (env SWITCHBOARD_PORT)', port, port(process.env['SWITCHBOARD_PORT'] ?? '4010'))
    .option('--host <host>', 'address to bind', process.env['SWITCHBOARD_HOST'] ?? '127.0.0.1')
    .option('-d, --data-dir <dir>', 'directory of the SQLite store (env SWITCHBOARD_DATA_DIR)', process.env['SWITCHBOARD_DATA_DIR'] ?? './.switchboard')
    .option('--log-level <level>', 'log level: fatal, error, warn, info, debug, trace, silent', process.env['SWITCHBOARD_LOG_LEVEL'] ?? 'info')
    .action(async (opts: { port: number; host: string; dataDir: string; logLevel: string }) => {
      const server = await startServer({ port: opts.port, host: opts.host, dataDir: opts.dataDir, logLevel: opts.logLevel });
      const endpoint = `http://${opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host}:${server.port}`;
      process.stdout.write(
        `Switchboard listening on ${server.url} (store: ${opts.dataDir})\n` +
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
