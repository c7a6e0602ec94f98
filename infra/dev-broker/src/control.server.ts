import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonLogger } from '@ketenpad/runtime';
import type { DevBrokerStatus } from './control.client';
import type { MockCluster } from './mock-cluster';

const MAX_BODY_BYTES = 64 * 1024;
const INT16_MAX = 32_767;

export interface ControlServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Must be a loopback address: the endpoint can take the broker down and has no authentication. */
  readonly host?: string;
  readonly logger?: JsonLogger;
}

export interface ControlServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/** Input the client got wrong: answered with 4xx and the message. */
class ControlRequestError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 415,
    message: string,
  ) {
    super(message);
  }
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `Host` values a loopback client sends for this port (anything else is a rebound DNS name). */
export function isLoopbackHostHeader(header: string | undefined, port: number): boolean {
  if (header === undefined) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d+)$/.exec(header.trim());
  if (!match || Number(match[2]) !== port) return false;
  const host = match[1]!.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return isLoopbackHost(host);
}

/** True for `application/json`, with or without parameters such as `charset`. */
export function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Fault-injection endpoint of the dev broker. Bound to loopback only; every
 * body is JSON; malformed input gets 400 rather than a partial effect.
 * A web page must not reach it (issue 12, finding 11): a request whose `Host`
 * is not this loopback address and port (DNS rebinding) or that carries an
 * `Origin` (browsers send one cross-origin; tests and tools do not) gets 403,
 * and a mutation that is not `content-type: application/json` (which a page
 * cannot send cross-origin without a preflight) gets 415, before any effect.
 */
export async function startControlServer(cluster: MockCluster, options: ControlServerOptions): Promise<ControlServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`dev broker control server only binds to loopback, refused ${host}`);

  const server: Server = createServer((req, res) => {
    handle(req)
      .then((body) => send(res, 200, body))
      .catch((error: unknown) => {
        if (error instanceof ControlRequestError) return send(res, error.status, { error: error.message });
        options.logger?.error('control request failed', { method: req.method, path: req.url, err: describe(error) });
        return send(res, 500, { error: describe(error) });
      });
  });

  async function handle(req: IncomingMessage): Promise<object> {
    const port = (server.address() as AddressInfo).port;
    if (!isLoopbackHostHeader(req.headers.host, port)) {
      throw new ControlRequestError(403, `Host must be a loopback address with port ${port}, like 127.0.0.1:${port}`);
    }
    if (req.headers.origin !== undefined) {
      throw new ControlRequestError(403, 'cross-origin requests are refused (the request carries an Origin header)');
    }
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    if (req.method === 'GET' && path === '/status') return status();
    if (req.method !== 'POST') throw new ControlRequestError(404, `no route ${req.method} ${path}`);
    if (!isJsonContentType(req.headers['content-type'])) {
      throw new ControlRequestError(415, 'content-type must be application/json');
    }
    const body = await readJson(req);

    const brokerRoute = /^\/brokers\/([^/]+)\/(down|up|rtt)$/.exec(path);
    if (brokerRoute) {
      const id = brokerId(brokerRoute[1] ?? '');
      const action = brokerRoute[2];
      if (action === 'down') cluster.setBrokerDown(id);
      else if (action === 'up') cluster.setBrokerUp(id);
      else cluster.setRoundTripDelay(id, field(body, 'ms', (v): v is number => Number.isInteger(v) && (v as number) >= 0, 'a non-negative integer'));
      options.logger?.info('broker changed', { broker: id, action, ...(body ?? {}) });
      return status();
    }
    if (path === '/errors') {
      const apiKey = field(body, 'apiKey', (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT16_MAX, 'a Kafka ApiKey (0..32767)');
      const errors = field(
        body,
        'errors',
        (v): v is number[] => Array.isArray(v) && v.length > 0 && v.every((code) => Number.isInteger(code) && Math.abs(code as number) <= INT16_MAX),
        'a non-empty array of Kafka error codes',
      );
      cluster.pushRequestErrors(apiKey, errors);
      options.logger?.info('request errors pushed', { apiKey, errors });
      return { apiKey, errors };
    }
    throw new ControlRequestError(404, `no route POST ${path}`);
  }

  function status(): DevBrokerStatus {
    const bound = server.address() as AddressInfo;
    return {
      bootstrap: cluster.bootstrap,
      brokers: cluster.brokerStates(),
      topics: cluster.topicList(),
      control: { address: bound.address, port: bound.port },
    };
  }

  function brokerId(raw: string): number {
    const id = Number(raw);
    if (!/^\d+$/.test(raw)) throw new ControlRequestError(400, `broker id must be an integer, got "${raw}"`);
    if (!cluster.brokerStates().some((b) => b.id === id)) throw new ControlRequestError(404, `unknown broker ${id}`);
    return id;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    address,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ControlRequestError(400, 'body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ControlRequestError(400, 'body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlRequestError(400, 'body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function field<T>(body: Record<string, unknown> | undefined, name: string, valid: (value: unknown) => value is T, expected: string): T {
  const value = body?.[name];
  if (!valid(value)) throw new ControlRequestError(400, `"${name}" must be ${expected}`);
  return value;
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
