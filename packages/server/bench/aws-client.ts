/**
 * A raw AWS JSON-protocol client over node:http with a keep-alive agent. The benchmark uses it
 * instead of the AWS SDK because the SDK's per-request work (middleware stack, signing,
 * serde) would make the load generator, not the server, the bottleneck on a small machine.
 */
import { Agent, request } from 'node:http';

/** The two wire protocols the benchmark speaks. */
export type Service = 'events' | 'sqs';

const PROTOCOL: Record<Service, { contentType: string; prefix: string }> = {
  events: { contentType: 'application/x-amz-json-1.1', prefix: 'AWSEvents' },
  sqs: { contentType: 'application/x-amz-json-1.0', prefix: 'AmazonSQS' },
};

/** A non-2xx answer, with the AWS error type and message when the body carries them. */
export class AwsCallError extends Error {
  constructor(
    readonly target: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${target} answered HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'AwsCallError';
  }
}

export class AwsJsonClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(url: string, maxSockets: number) {
    const u = new URL(url);
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error(`benchmark traffic stays on 127.0.0.1, not ${u.hostname}`);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
  }

  /** Sends one operation with a pre-serialized body; resolves with the response text (2xx only). */
  call(service: Service, operation: string, body: string): Promise<string> {
    const { contentType, prefix } = PROTOCOL[service];
    const target = `${prefix}.${operation}`;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': contentType,
            'content-length': Buffer.byteLength(body),
            'x-amz-target': target,
            authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(text);
            else reject(new AwsCallError(target, status, text));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** `call` plus JSON parsing of the answer. */
  async json<T>(service: Service, operation: string, input: unknown): Promise<T> {
    const text = await this.call(service, operation, JSON.stringify(input));
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /** GET a path on the server (for /metrics). */
  get(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.host, port: this.port, method: 'GET', path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
