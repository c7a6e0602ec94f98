import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { JsonLogger } from '@ketenpad/runtime';
import { loadPortalConfig, UPSTREAM_SERVICES, type UpstreamService } from '../src/config/portal.config';
import { createPortalApp } from '../src/portal.app';

/** What one request to a stub carried. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type StubHandler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void;

/** The stubs' default answer: 200 with the path it was asked for. */
export const respondWithPath: StubHandler = (_req, res, received) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-correlation-id': 'from-upstream' });
  res.end(JSON.stringify({ path: received.path }));
};

/**
 * A chain service replaced by a loopback HTTP server: a real process edge that
 * records every request it receives and answers with `handler` (default: 200
 * with a small JSON body naming the path).
 */
export class UpstreamStub {
  readonly received: ReceivedRequest[] = [];
  handler: StubHandler = respondWithPath;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<UpstreamStub> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://stub');
        const received: ReceivedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.search,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        stub.received.push(received);
        stub.handler(req, res, received);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stub = new UpstreamStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return stub;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback address nothing listens on (a service that is down). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface RunningPortal {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

/** The portal in-process on a free loopback port, configured from `env` only (never the test process's environment). */
export async function startPortal(env: Record<string, string>): Promise<RunningPortal> {
  const config = loadPortalConfig({ NODE_ENV: 'test', PORTAL_PORT: '0', ...env });
  const app = await createPortalApp(config, new JsonLogger('portal', undefined, 'error', () => undefined));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

/** `PORTAL_UPSTREAM_*` for every service, all pointing at `url` unless overridden. */
export function upstreamEnv(
  url: string,
  overrides: Partial<Record<UpstreamService, string>> = {},
): Record<string, string> {
  return Object.fromEntries(
    UPSTREAM_SERVICES.map((service) => [
      `PORTAL_UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}`,
      overrides[service] ?? url,
    ]),
  );
}

/**
 * A browser as far as the portal can tell: keeps the cookies the portal sets
 * and sends them back, and sends the portal's own `Origin` on mutations unless
 * told otherwise.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly origin: string = baseUrl,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie ??= this.cookieHeader();
    if (method !== 'GET' && method !== 'HEAD' && !('origin' in headers)) headers.origin = this.origin;
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, method, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Signs in through the development sign-in; returns the `/auth/session`-shaped answer. */
  async signIn(orgId = 'GM0363', role = 'counsellor'): Promise<SignedInAnswer> {
    const response = await this.request('/auth/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, role }),
    });
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as SignedInAnswer;
  }
}

export interface SignedInAnswer {
  signedIn: true;
  user: {
    subject: string;
    organisation: { id: string; kind: string; name: string; municipalityCode?: string };
    roles: string[];
  };
  csrfToken: string;
  expiresAt: string;
}

/** The claims of a JWT, without verifying it (the upstream stub reads what the portal sent). */
export function claimsOf(bearer: string | undefined): Record<string, unknown> {
  const token = (bearer ?? '').replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function waitUntil(condition: () => boolean, description: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A GET whose path goes out exactly as written (fetch would resolve `..` and `%2e%2e` first). */
export function rawGet(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const req = httpRequest({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
