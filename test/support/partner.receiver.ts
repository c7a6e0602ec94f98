import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { partnerNotificationChecker } from '@ketenpad/contracts';

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
  /** What does not conform to the partner webhooks contract (contracts/webhooks): body schema and headers. */
  readonly contractIssues: readonly string[];
  /** Answered with 2xx (the gateway counts it delivered). */
  readonly accepted: boolean;
}

/**
 * Verifies a webhook as a partner would: with the `standardwebhooks` npm
 * library (the Standard Webhooks reference implementation), as of `now`.
 * The library checks the timestamp against `Date.now()` (5 minutes either
 * way) and takes no clock, so for tests that move the gateway's clock through
 * the 24-hour retry window `Date.now` reads the receiver's clock during this
 * one synchronous call; signature and headers are checked by the library alone.
 */
export function verifyStandardWebhook(
  secret: string,
  body: string,
  headers: Record<string, string>,
  now: Date = new Date(),
): boolean {
  const realNow = Date.now;
  Date.now = () => now.getTime();
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

/** A receiver built from the contract alone: `contracts/webhooks/partner-notifications.openapi.json`. */
const conformsToContract = partnerNotificationChecker();

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
      contractIssues: conformsToContract(JSON.parse(body), headers),
      accepted: !failing,
    });
    if (failing && this.behaviour.kind === 'fail-first')
      response.writeHead(this.behaviour.status).end('{"error":"temporarily unavailable"}');
    else response.writeHead(204).end();
  }
}
