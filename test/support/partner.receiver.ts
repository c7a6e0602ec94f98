import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a receiver answers webhook POSTs. */
export type ReceiverBehaviour =
  | { kind: 'ok' }
  /** Answers `status` to the first `count` POSTs, then 204. */
  | { kind: 'fail-first'; count: number; status: number }
  /** Takes the request and never answers (a dead partner behind a load balancer). */
  | { kind: 'hang' };

/** One notification as a partner's endpoint received it. */
export interface ReceivedNotification {
  readonly body: string;
  readonly headers: Record<string, string>;
  /** Parsed CloudEvents JSON. */
  readonly notification: Record<string, unknown> & { id: string; type: string; pathwayid: string; dataref: string };
  /** The Standard Webhooks signature verified with the subscription's secret. */
  readonly signatureValid: boolean;
  /** Answered with 2xx (the gateway counts it delivered). */
  readonly accepted: boolean;
}

type WebhookLibrary = new (secret: string) => { verify(payload: string, headers: Record<string, string>): unknown };

/**
 * The `standardwebhooks` npm library, when installed; null otherwise (see
 * {@link verifyStandardWebhook}). Loaded lazily so the support file compiles either way.
 */
function standardWebhooksLibrary(): WebhookLibrary | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional dependency, resolved at run time
    return (require('standardwebhooks') as { Webhook: WebhookLibrary }).Webhook;
  } catch {
    return null;
  }
}

/** Which verifier checks the signatures in this run (reported by the tests). */
export const SIGNATURE_VERIFIER = standardWebhooksLibrary()
  ? 'standardwebhooks npm library'
  : 'Standard Webhooks reference algorithm (test/support)';

const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a webhook as a partner would. With the `standardwebhooks` library
 * installed and a real clock, the library decides; otherwise the
 * specification's algorithm, written here independently of the gateway's
 * signer: HMAC-SHA256 over `id.timestamp.body` keyed with the base64 secret,
 * any of the space-separated `v1,` signatures, timestamp within 5 minutes of `now`.
 */
export function verifyStandardWebhook(
  secret: string,
  body: string,
  headers: Record<string, string>,
  now: Date = new Date(),
): boolean {
  const library = standardWebhooksLibrary();
  if (library && Math.abs(now.getTime() - Date.now()) < 60_000) {
    try {
      new library(secret).verify(body, headers);
      return true;
    } catch {
      return false;
    }
  }
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return signatures.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',');
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * A partner's webhook endpoint on loopback: answers the CloudEvents
 * validation handshake (unless told not to), verifies every signature and
 * records what it received, behaving as told (healthy, failing for a while,
 * or never answering).
 */
export class PartnerReceiver {
  readonly received: ReceivedNotification[] = [];
  /** OPTIONS handshakes seen, with their `WebHook-Request-Origin`. */
  readonly handshakes: string[] = [];
  secret: string | undefined;
  answersHandshake = true;
  private posts = 0;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    public behaviour: ReceiverBehaviour,
    private readonly now: () => Date,
  ) {}

  static async start(
    behaviour: ReceiverBehaviour = { kind: 'ok' },
    options: { now?: () => Date; path?: string } = {},
  ): Promise<PartnerReceiver> {
    // The handler runs only after `receiver` below is assigned (requests come after listen).
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        receiver.handle(request.method ?? '', request.headers, Buffer.concat(chunks).toString('utf8'), response),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new PartnerReceiver(
      server,
      `http://127.0.0.1:${port}${options.path ?? '/ketenpad/webhook'}`,
      behaviour,
      options.now ?? (() => new Date()),
    );
    return receiver;
  }

  /** Notifications answered with 2xx, in arrival order. */
  get accepted(): ReceivedNotification[] {
    return this.received.filter((r) => r.accepted);
  }

  /** Ids of the accepted notifications per pathway, in arrival order. */
  acceptedByPathway(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const r of this.accepted)
      result.set(r.notification.pathwayid, [...(result.get(r.notification.pathwayid) ?? []), r.notification.id]);
    return result;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, rawHeaders: IncomingHttpHeaders, body: string, response: ServerResponse): void {
    if (method === 'OPTIONS') {
      const origin = String(rawHeaders['webhook-request-origin'] ?? '');
      this.handshakes.push(origin);
      if (this.answersHandshake && origin !== '')
        response.writeHead(200, { 'WebHook-Allowed-Origin': origin, Allow: 'POST' }).end();
      else response.writeHead(405).end();
      return;
    }
    if (method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    this.posts += 1;
    if (this.behaviour.kind === 'hang') {
      this.hanging.add(response);
      return;
    }
    const failing = this.behaviour.kind === 'fail-first' && this.posts <= this.behaviour.count;
    const headers = Object.fromEntries(
      Object.entries(rawHeaders).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
    );
    this.received.push({
      body,
      headers,
      notification: JSON.parse(body) as ReceivedNotification['notification'],
      signatureValid: this.secret !== undefined && verifyStandardWebhook(this.secret, body, headers, this.now()),
      accepted: !failing,
    });
    if (failing && this.behaviour.kind === 'fail-first')
      response.writeHead(this.behaviour.status).end('{"error":"temporarily unavailable"}');
    else response.writeHead(204).end();
  }
}
