import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
// The dev token issuer alone: the library's index also loads NestJS modules, which Playwright's transform cannot compile.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only import of the development issuer
import { DevIssuer } from '../../../../libs/auth/src/dev-issuer';
import { STATE_FILE_ENV } from './global-setup';

/** One webhook POST as the partner's endpoint received it. */
export interface Received {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly notification: { id: string; type: string; pathwayid: string; test?: boolean } & Record<string, unknown>;
}

/**
 * A partner's webhook endpoint on loopback (the partner gateway takes http to
 * 127.0.0.1 outside production): answers the CloudEvents validation handshake,
 * takes every POST with 204 and keeps it, so a test can verify its signature
 * the way a partner would, with the `standardwebhooks` library.
 */
export class LoopbackReceiver {
  readonly received: Received[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<LoopbackReceiver> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'OPTIONS') {
          const origin = String(request.headers['webhook-request-origin'] ?? '');
          if (origin) response.writeHead(200, { 'WebHook-Allowed-Origin': origin, Allow: 'POST' }).end();
          else response.writeHead(400).end();
          return;
        }
        if (request.method !== 'POST') {
          response.writeHead(405).end();
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
        );
        receiver.received.push({ body, headers, notification: JSON.parse(body) as Received['notification'] });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new LoopbackReceiver(server, `http://127.0.0.1:${port}/ketenpad/webhook`);
    return receiver;
  }

  /** Notifications about one pathway, in arrival order. */
  ofPathway(pathwayId: string): Received[] {
    return this.received.filter((r) => r.notification.pathwayid === pathwayId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Whether the Standard Webhooks signature verifies with `secret`, checked by the reference library. */
export function signatureVerifies(secret: string, received: Received): boolean {
  try {
    new Webhook(secret).verify(received.body, received.headers);
    return true;
  } catch {
    return false;
  }
}

/** The partner gateway of the running stack, called directly (as another partner organisation would). */
export async function partnerGatewayAs(
  orgId: string,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>> {
  const state = JSON.parse(readFileSync(process.env[STATE_FILE_ENV]!, 'utf8')) as {
    services: Record<string, string>;
  };
  const token = await (await DevIssuer.open()).issueFor(orgId, ['partner'], { kind: 'partner' });
  return async (method, path, body) => {
    const response = await fetch(`${state.services['partner-gateway']}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}
