import { randomUUID } from 'node:crypto';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { buildEvent, EventCodec, sourceFor } from '@ketenpad/events';
import { OutboxWriter } from '@ketenpad/messaging';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared test harness (broker, databases) is for tests only
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { ANY_EVENT, PlatformModule, startService, type InboxEventContext } from '../src';

class CreateSeenTable1795600000000 implements MigrationInterface {
  name = 'CreateSeenTable1795600000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE seen (event_id uuid PRIMARY KEY, type text NOT NULL, handler text NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE seen');
  }
}

/** Records what it handled, and answers a help request with a phase change through the outbox. */
@Controller()
class ProbeHandlers {
  constructor(private readonly outbox: OutboxWriter) {}

  @EventPattern('nl.ketenpad.gp.referral-made.v1')
  async referral(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    await manager.query('INSERT INTO seen (event_id, type, handler) VALUES ($1, $2, $3)', [
      event.id,
      event.type,
      'referral',
    ]);
    const reaction = buildEvent({
      type: 'nl.ketenpad.municipality.referral-accepted.v1',
      source: sourceFor('municipality', 'GM0363'),
      pathwayId: event.pathwayid,
      data: {
        referralId: String(event.data.referralId),
        by: 'urn:nld:ketenpad:municipality:GM0363',
        at: new Date().toISOString(),
      },
    });
    await this.outbox.append(manager, [reaction], { topic: 'municipality.events.v1' });
  }

  @EventPattern(ANY_EVENT)
  async other(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    await manager.query('INSERT INTO seen (event_id, type, handler) VALUES ($1, $2, $3)', [
      event.id,
      event.type,
      'any',
    ]);
  }
}

@Controller('api/v1/probe')
class ProbeApi {
  @Get()
  probe(): { ok: true } {
    return { ok: true };
  }
}

describe('a service on the platform', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  const kafka = new Kafka({ clientId: 'platform.int', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumerName = `platform.probe.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase('platform');
    @Module({
      imports: [
        PlatformModule.forRoot({
          service: 'portal',
          entities: [],
          migrations: [CreateSeenTable1795600000000],
          publishes: { topic: 'municipality.events.v1' },
          config: { databaseUrl: db.url, kafkaBrokers: kafkaBrokers() },
          databaseName: db.name,
        }),
      ],
      controllers: [ProbeHandlers, ProbeApi],
    })
    class ProbeApp {}
    app = await startService({
      service: 'portal',
      title: 'probe',
      description: 'probe',
      rootModule: ProbeApp,
      port: 0,
      inbox: { consumerName, topics: ['gp.events.v1'] },
    });
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await app.close();
    await db.drop();
  });

  const send = async (event: ReturnType<typeof buildEvent>) =>
    producer.send({
      topic: 'gp.events.v1',
      acks: -1,
      messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('routes each event to its @EventPattern handler (or the catch-all) once, and publishes the reaction written in the same transaction', async () => {
    // given
    const pathwayId = randomUUID();
    const referralId = randomUUID();
    const referral = buildEvent({
      type: 'nl.ketenpad.gp.referral-made.v1',
      source: sourceFor('gp', 'HA-0001'),
      pathwayId,
      data: {
        referralId,
        fromOrg: 'urn:nld:ketenpad:gp:HA-0001',
        toOrg: 'urn:nld:ketenpad:municipality:GM0363',
        reason: 'financial-worries',
        urgent: false,
        warm: true,
        consentRef: randomUUID(),
        at: new Date().toISOString(),
      },
    });
    const consent = buildEvent({
      type: 'nl.ketenpad.gp.patient-consent-recorded.v1',
      source: sourceFor('gp', 'HA-0001'),
      pathwayId,
      data: {
        consentId: randomUUID(),
        scope: ['refer-to-municipality'],
        validUntil: '2030-01-01',
        at: new Date().toISOString(),
      },
    });
    // when both arrive, the referral twice
    await send(referral);
    await send(consent);
    await send(referral);
    // then
    const rows = await waitFor(
      async () => {
        const seen = await query<{ event_id: string; handler: string }>(
          'SELECT event_id, handler FROM seen ORDER BY handler',
        );
        return seen.length >= 2 ? seen : undefined;
      },
      { timeoutMs: 20_000, description: 'both events handled' },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await query('SELECT event_id, handler FROM seen ORDER BY handler')).toEqual(rows);
    expect(rows).toEqual([
      { event_id: consent.id, handler: 'any' },
      { event_id: referral.id, handler: 'referral' },
    ]);
    const sent = await waitFor(
      async () => {
        const outbox = await query<{ type: string; sent_at: Date | null }>('SELECT type, sent_at FROM outbox');
        return outbox.length === 1 && outbox[0]!.sent_at ? outbox : undefined;
      },
      { timeoutMs: 10_000, description: 'the reaction published by the relay' },
    );
    expect(sent.map((r) => r.type)).toEqual(['nl.ketenpad.municipality.referral-accepted.v1']);
  });

  it('exposes health with database and Kafka, metrics with outbox and consumer figures, and guards /api/v1', async () => {
    const health = (await (await fetch(`${base}/health`)).json()) as {
      status: string;
      checks: Record<string, { status: string }>;
    };
    expect(health.status).toBe('up');
    expect(Object.keys(health.checks).sort()).toEqual(['database', 'kafka']);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/ketenpad_outbox_backlog\{service="portal"\} 0/);
    expect(metrics).toMatch(
      new RegExp(
        `ketenpad_consumer_processed_total\\{consumer="${consumerName.replace(/\./g, '\\.')}",service="portal"\\} \\d+`,
      ),
    );
    expect((await fetch(`${base}/api/v1/probe`)).status).toBe(401);
    expect(app.get(DataSource).isInitialized).toBe(true);
  });
});
