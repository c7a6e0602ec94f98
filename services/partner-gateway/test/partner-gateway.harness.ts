import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, EventCodec } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
// The one partner receiver of the test harness (test/support), shared with the end-to-end tests (STYLE.md rule 12).
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only import of the root harness, not a runtime dependency
import { PartnerReceiver, type ReceiverBehaviour } from '../../../test/support/partner.receiver';
import { partnerGatewayAppModule, partnerGatewayInbox, PARTNER_GATEWAY_API } from '../src/app.module';
import { DeliveryWorker } from '../src/application/delivery.worker';

/** The test moves time (a true process edge) through the 24-hour retry window without waiting. */
export class MovableClock extends Clock {
  private current = new Date();
  now(): Date {
    return this.current;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const AMSTERDAM = 'urn:nld:ketenpad:municipality:GM0363';
export const COURT = 'urn:nld:ketenpad:court-liaison:RB-AMS';
export const GP = 'urn:nld:ketenpad:gp:HA-0001';
const TOPIC_OF: Record<string, string> = {
  municipality: 'municipality.events.v1',
  'court-liaison': 'court-liaison.events.v1',
  gp: 'gp.events.v1',
};

/** A chain event as a producer's relay publishes it. */
export type ChainEvent = ReturnType<typeof buildEvent>;

/** A partner organisation with its own token and receiver, subscribed to the gateway. */
export interface TestPartner {
  readonly orgId: string;
  /** The organisation as chain events name it (`toOrg`, `grantee`). */
  readonly urn: string;
  readonly token: string;
  readonly receiver: PartnerReceiver;
  readonly subscriptionId: string;
}

export interface PartnerGatewayHarnessOptions {
  /** The test database (one per test file). */
  readonly database: string;
  /**
   * The inbox's consumer name and group id. Test files run in parallel against
   * the one dev broker: each needs its own group, or they split the topics'
   * partitions between them and each misses the other's share of events.
   */
  readonly consumerName: string;
}

/**
 * The gateway in-process against PostgreSQL and the dev broker, its delivery
 * worker driven by the test under a clock the test moves, delivering to real
 * HTTP receivers on loopback. Chain events reach it the way producers' relays
 * send them. One per test file: `start()` in `beforeAll`, `stop()` in `afterAll`.
 */
export class PartnerGatewayHarness {
  readonly clock = new MovableClock();
  private readonly producer: Producer = new Kafka({
    clientId: 'partner-gateway.int-spec',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  }).producer({ allowAutoTopicCreation: false });
  private readonly receivers: PartnerReceiver[] = [];
  private running:
    | { db: TestDatabase; app: INestApplication; sql: Client; worker: DeliveryWorker; url: string; issuer: DevIssuer }
    | undefined;

  constructor(private readonly options: PartnerGatewayHarnessOptions) {}

  async start(): Promise<void> {
    const db = await createTestDatabase(this.options.database);
    const app = await startService({
      ...PARTNER_GATEWAY_API,
      rootModule: partnerGatewayAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
        databaseName: db.name,
        gateway: { clock: this.clock, worker: 'manual', config: { httpTimeoutMs: 300 }, random: () => 0.5 },
      }),
      inbox: { ...partnerGatewayInbox(), consumerName: this.options.consumerName },
      port: 0,
    });
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await this.producer.connect();
    this.running = {
      db,
      app,
      sql,
      worker: app.get(DeliveryWorker),
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
      issuer: await DevIssuer.open(),
    };
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.running?.sql.end();
    await this.running?.app.close();
    await Promise.all(this.receivers.map((r) => r.close()));
    await this.running?.db.drop();
  }

  /** The worker, which delivers only when the test drains it. */
  get worker(): DeliveryWorker {
    return this.started().worker;
  }
  /** A connection to the gateway's database, to look at what it keeps. */
  get sql(): Client {
    return this.started().sql;
  }
  /** Base URL of the gateway's HTTP API. */
  get url(): string {
    return this.started().url;
  }
  /** Issues the development tokens the gateway accepts. */
  get issuer(): DevIssuer {
    return this.started().issuer;
  }

  /** A call of the gateway's API, its JSON answer parsed. */
  readonly api = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** A partner organisation with its own token and receiver, subscribed to `eventTypes`. */
  readonly partner = async (
    behaviour: ReceiverBehaviour = { kind: 'ok' },
    eventTypes = ['*'],
  ): Promise<TestPartner> => {
    const orgId = `PT-${randomUUID().slice(0, 8).toUpperCase()}`;
    const token = await this.issuer.issueFor(orgId, ['partner'], { kind: 'partner' });
    const receiver = await PartnerReceiver.start(behaviour, { now: () => this.clock.now() });
    this.receivers.push(receiver);
    const created = await this.api('POST', '/api/v1/subscriptions', token, { callbackUrl: receiver.url, eventTypes });
    if (created.status !== 201) throw new Error(`subscription refused: ${created.status}`);
    receiver.secret = created.body.secret as string;
    return {
      orgId,
      urn: `urn:nld:ketenpad:partner:${orgId}`,
      token,
      receiver,
      subscriptionId: created.body.subscriptionId as string,
    };
  };

  /** Sends chain events the way a producer's relay does (again, when sent before: a redelivery). */
  readonly send = async (...events: ChainEvent[]): Promise<void> => {
    for (const event of events) {
      const producerKind = event.source.split(':')[3]!;
      await this.producer.send({
        topic: TOPIC_OF[producerKind]!,
        messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
      });
    }
  };

  /**
   * Sends chain events in one produce request, so they reach the gateway in
   * one fetch: events of one pathway and producer then land in one inbox
   * batch (one transaction), handled in order.
   */
  readonly sendTogether = async (...events: ChainEvent[]): Promise<void> => {
    const byTopic = new Map<string, ChainEvent[]>();
    for (const event of events) {
      const topic = TOPIC_OF[event.source.split(':')[3]!]!;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    await this.producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, ofTopic]) => ({
        topic,
        messages: ofTopic.map((e) => ({
          key: e.pathwayid,
          value: EventCodec.shared().encode(e),
          headers: { id: e.id },
        })),
      })),
    });
  };

  /** Publishes chain events and waits until the gateway consumed them all. */
  readonly publish = async (...events: ChainEvent[]): Promise<void> => {
    await this.send(...events);
    const ids = events.map((e) => e.id);
    await waitFor(
      async () =>
        (await this.sql.query('SELECT count(*)::int AS n FROM chain_event WHERE event_id = ANY($1)', [ids])).rows[0]
          .n === ids.length,
      {
        timeoutMs: 30_000,
        description: 'the gateway to consume the published events',
      },
    );
  };

  /** Waits until the gateway's inbox recorded each event: its effect (if any) committed with it. */
  readonly consumed = async (...events: ChainEvent[]): Promise<void> => {
    const ids = events.map((e) => e.id);
    await waitFor(
      async () =>
        (await this.sql.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)', [ids])).rows[0].n ===
        ids.length,
      { timeoutMs: 30_000, description: 'the gateway to consume the sent events' },
    );
  };

  readonly event = <T extends KetenpadEventType>(
    type: T,
    source: string,
    pathwayId: string,
    data: KetenpadEventDataMap[T],
  ): ChainEvent => buildEvent({ type, source, pathwayId, data, time: this.clock.now().toISOString() });

  /** Now on the test's clock, as events state it. */
  readonly at = (): string => this.clock.now().toISOString();

  /** The municipality's referral of the pathway to `toOrg`, which entitles that partner to its chain events. */
  readonly referral = (pathwayId: string, toOrg: string): ChainEvent =>
    this.event('nl.ketenpad.municipality.referral-made.v1', AMSTERDAM, pathwayId, {
      referralId: randomUUID(),
      fromOrg: AMSTERDAM,
      toOrg,
      reason: 'debt-assistance',
      urgent: false,
      warm: true,
      at: this.at(),
    });

  /** A municipality event of the pathway every entitled partner is notified of. */
  readonly contact = (pathwayId: string): ChainEvent =>
    this.event('nl.ketenpad.municipality.contact-attempted.v1', AMSTERDAM, pathwayId, {
      kind: 'Telefoon',
      reached: true,
      at: this.at(),
    });

  private started(): NonNullable<PartnerGatewayHarness['running']> {
    if (!this.running) throw new Error('the gateway harness is not started');
    return this.running;
  }
}
