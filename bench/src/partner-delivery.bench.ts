import { randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { buildEvent, EventCodec, sourceFor } from '@ketenpad/events';
import { messagingMigrations, OutboxWriter } from '@ketenpad/messaging';
import { accessLogMigrations } from '@ketenpad/platform';
import { SystemClock } from '@ketenpad/runtime';
import { createTestDatabase } from '@ketenpad/testing';
import { PARTNER_GATEWAY_MIGRATIONS } from '../../services/partner-gateway/src/adapters/persistence/partner-gateway.schema';
import { DeliveryRepository } from '../../services/partner-gateway/src/adapters/persistence/delivery.repository';
import { EntitlementRepository } from '../../services/partner-gateway/src/adapters/persistence/entitlement.repository';
import { newSigningSecret, SecretCipher } from '../../services/partner-gateway/src/adapters/persistence/secret.cipher';
import { SubscriptionRepository } from '../../services/partner-gateway/src/adapters/persistence/subscription.repository';
import { HttpWebhookTransport } from '../../services/partner-gateway/src/adapters/webhook/http.webhook-transport';
import { DeliveryWorker } from '../../services/partner-gateway/src/application/delivery.worker';
import { DEFAULT_RETRY_SCHEDULE } from '../../services/partner-gateway/src/domain/retry.schedule';
import type { PartnerGatewayConfig } from '../../services/partner-gateway/src/partner-gateway.config';
import { measurement, until, type BenchContext, type Measurement } from './bench.context';
import type { Figure } from './bench.report';

/** Subscriptions and pathways the queue is spread over: order is per (subscription, pathway), slots are per subscription. */
const SUBSCRIPTIONS = 8;
const PATHWAYS = 50;
const CONCURRENCY = 32;
const LATENCY_SAMPLES = 200;

/** What the partner-delivery benchmark measured. */
export interface PartnerDeliveryResult {
  /** Notifications delivered by the real DeliveryWorker from a full queue (claim, entitlement, sign, POST, record). */
  readonly worker: Measurement;
  /** Distinct notifications the receiver got from the drain (all of `worker.count`, or the run fails). */
  readonly delivered: number;
  /** Baseline: plain keep-alive HTTP POSTs of the same bodies to the same receiver, same concurrency. */
  readonly rawHttp: Measurement;
  /** One notification at a time: queued-and-committed until the receiver has it (ms). */
  readonly hopMs: { readonly p50: number; readonly p99: number };
  /** Baseline: one plain POST round trip (ms). */
  readonly rawHopMs: { readonly p50: number; readonly p99: number };
}

/**
 * B8 (partner gateway): delivery throughput to a loopback receiver and the
 * latency the gateway adds per hop, each beside the plain-HTTP baseline of the
 * same run. Entitlement is real (every partner is a participant), secrets are
 * sealed and opened, every body is signed, every attempt is logged.
 */
export async function partnerDelivery(ctx: BenchContext): Promise<PartnerDeliveryResult> {
  const total = Math.max(1_000, Math.round(ctx.sizes.relayRows / 10));
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
      if (!arrivals.has(id)) arrivals.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const database = await createTestDatabase('bench_partner');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [...messagingMigrations, ...accessLogMigrations, ...PARTNER_GATEWAY_MIGRATIONS],
  });
  const transport = new HttpWebhookTransport();
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const config: PartnerGatewayConfig = {
      publicUrl: 'http://127.0.0.1:3106',
      secretKey: Buffer.alloc(32, 7),
      production: false,
      retry: DEFAULT_RETRY_SCHEDULE,
      httpTimeoutMs: 10_000,
      maxInFlight: CONCURRENCY,
      maxInFlightPerSubscription: CONCURRENCY / SUBSCRIPTIONS,
      deliveryRunLength: 20,
      pollIntervalMs: 50,
      deliveryLogRetentionDays: 30,
    };
    const deliveries = new DeliveryRepository(dataSource);
    const entitlements = new EntitlementRepository();
    const subscriptions = new SubscriptionRepository();
    const cipher = new SecretCipher(config.secretKey);
    const fixture = await seed(dataSource, { subscriptions, entitlements, cipher, url, total });
    const worker = new DeliveryWorker({
      dataSource,
      deliveries,
      subscriptions,
      entitlements,
      cipher,
      webhooks: transport,
      outbox: new OutboxWriter(EventCodec.shared()),
      config,
      clock: new SystemClock(),
      logger: ctx.logger,
    });

    // Throughput: a full queue drained by the worker.
    ctx.progress(`B8 queueing ${total} deliveries`);
    await dataSource.transaction((manager) => deliveries.enqueue(manager, fixture.queue, new Date()));
    ctx.progress('B8 worker drain');
    const started = performance.now();
    await worker.drain();
    const workerMs = performance.now() - started;
    const delivered = arrivals.size;
    if (arrivals.size !== fixture.events.length)
      throw new Error(
        `B8: receiver got ${arrivals.size} of ${fixture.events.length} distinct notifications after ${Math.round(workerMs)} ms; ` +
          `queue: ${await queueState(dataSource)}`,
      );

    // Baseline: the same number of POSTs of a same-sized body, same concurrency, keep-alive.
    ctx.progress('B8 raw HTTP');
    const body = JSON.stringify({ id: 'raw', pad: 'x'.repeat(380) });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const rawStarted = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < total) {
          sent += 1;
          await post(agent, url, body);
        }
      }),
    );
    const rawMs = performance.now() - rawStarted;

    // Latency per hop: one queued notification at a time, the worker woken as the inbox commit would.
    ctx.progress('B8 latency');
    worker.start();
    const hops: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const id = await fixture.addEvent();
      const queuedAt = performance.now();
      await dataSource.transaction((manager) =>
        deliveries.enqueue(
          manager,
          [{ subscriptionId: fixture.subscriptionIds[0]!, pathwayId: fixture.pathwayIds[0]!, eventId: id }],
          new Date(),
        ),
      );
      worker.wake();
      await until(() => arrivals.has(id), 10_000, `notification ${id}`);
      hops.push(arrivals.get(id)! - queuedAt);
    }
    await worker.stop();
    const rawHops: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const t = performance.now();
      await post(agent, url, body);
      rawHops.push(performance.now() - t);
    }
    agent.destroy();
    return {
      worker: measurement(total, workerMs),
      delivered,
      rawHttp: measurement(total, rawMs),
      hopMs: percentiles(hops),
      rawHopMs: percentiles(rawHops),
    };
  } finally {
    transport.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop().catch(() => undefined);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

/** The rows `npm run bench` prints for B8; no QUALITY.md target yet, so information only. */
export function partnerDeliveryFigures(result: PartnerDeliveryResult): Figure[] {
  const row = (what: string, measured: number, unit: string, baseline: number): Figure => ({
    id: 'B8',
    what,
    measured,
    unit,
    baseline,
    ratio: baseline > 0 ? Math.round((measured / baseline) * 100) / 100 : 0,
    target: '—',
    pass: true,
    gate: false,
  });
  return [
    row(
      `partner delivery worker throughput, ${result.delivered.toLocaleString('en')} of ${result.worker.count.toLocaleString('en')} delivered by one drain, vs raw HTTP POST (loopback)`,
      result.worker.rate,
      'notif/s',
      result.rawHttp.rate,
    ),
    row(
      'partner delivery hop latency p50 (queued → received) vs raw POST',
      result.hopMs.p50,
      'ms',
      result.rawHopMs.p50,
    ),
    row('partner delivery hop latency p99 vs raw POST', result.hopMs.p99, 'ms', result.rawHopMs.p99),
  ];
}

async function seed(
  dataSource: DataSource,
  deps: {
    subscriptions: SubscriptionRepository;
    entitlements: EntitlementRepository;
    cipher: SecretCipher;
    url: string;
    total: number;
  },
): Promise<{
  subscriptionIds: string[];
  pathwayIds: string[];
  events: string[];
  queue: { subscriptionId: string; pathwayId: string; eventId: string }[];
  addEvent(): Promise<string>;
}> {
  const municipality = sourceFor('municipality', 'GM0363');
  const now = new Date();
  const partners = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `PT-BENCH${i}`);
  const subscriptionIds = partners.map(() => randomUUID());
  const pathwayIds = Array.from({ length: PATHWAYS }, () => randomUUID());
  await dataSource.transaction(async (manager) => {
    for (const [i, partnerOrg] of partners.entries()) {
      const subscriptionId = subscriptionIds[i]!;
      await deps.subscriptions.insert(
        manager,
        {
          subscriptionId,
          partnerOrg,
          callbackUrl: deps.url,
          eventTypes: ['*'],
          municipalities: [],
          classifications: [],
          pathwayIds: [],
          status: 'active',
          verifiedAt: now,
          failingSince: null,
          createdAt: now,
          updatedAt: now,
        },
        deps.cipher.seal(newSigningSecret(), subscriptionId),
      );
      for (const pathwayId of pathwayIds) {
        await deps.entitlements.recordReferral(manager, {
          referralId: randomUUID(),
          pathwayId,
          toOrg: `urn:nld:ketenpad:partner:${partnerOrg}`,
          at: now.toISOString(),
        });
      }
    }
  });
  const newEvent = async (pathwayId: string): Promise<string> => {
    const event = buildEvent({
      type: 'nl.ketenpad.municipality.contact-attempted.v1',
      source: municipality,
      pathwayId,
      data: { kind: 'Telefoon', reached: true, at: new Date().toISOString() },
    });
    await dataSource.transaction((manager) => deps.entitlements.storeEvent(manager, event, new Date()));
    return event.id;
  };
  // One event per delivery: each subscription gets its share, spread over the pathways.
  const events: string[] = [];
  const queue: { subscriptionId: string; pathwayId: string; eventId: string }[] = [];
  for (let i = 0; i < deps.total; i++) {
    const pathwayId = pathwayIds[i % PATHWAYS]!;
    const eventId = await newEvent(pathwayId);
    events.push(eventId);
    queue.push({ subscriptionId: subscriptionIds[i % SUBSCRIPTIONS]!, pathwayId, eventId });
  }
  return { subscriptionIds, pathwayIds, events, queue, addEvent: () => newEvent(pathwayIds[0]!) };
}

/** Where the queue stands, for a failure message: rows by status, attempts and last error, and the failed attempts' errors. */
async function queueState(dataSource: DataSource): Promise<string> {
  const rows: {
    status: string;
    attempts: number;
    last_error: string | null;
    last_status_code: number | null;
    n: string;
    latest_due_in_s: string | null;
  }[] = await dataSource.query(
    `SELECT status, attempts, last_error, last_status_code, count(*) AS n,
              round(extract(epoch FROM max(next_attempt_at) - now())::numeric, 1) AS latest_due_in_s
         FROM delivery GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC`,
  );
  const attempts: { outcome: string; error: string | null; n: string; p50: string; max: string }[] =
    await dataSource.query(
      `SELECT outcome, error, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, max(latency_ms) AS max
       FROM delivery_attempt WHERE outcome <> 'delivered' GROUP BY 1, 2`,
    );
  return JSON.stringify({ deliveries: rows, failedAttempts: attempts });
}

function post(agent: Agent, url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve());
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p99: at(0.99) };
}
