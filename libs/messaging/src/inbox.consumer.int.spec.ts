import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import { correlation } from '@ketenpad/runtime';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { waitFor } from '@ketenpad/testing';
import { JsonEventSerializer } from '../test/json.serializer';
import { TopicCollector, anEvent as fixtureEvent, kafkaClient, logger, openMessagingDatabase } from '../test/messaging.fixture';
import { InboxConsumer } from './inbox.consumer';
import type { InboxMessageMeta } from './inbox.processor';
import { KafkaMessageBus } from './kafka.message-bus';

const TOPIC = 'gp.events.v1';
const MAX_ATTEMPTS = 3;
const serializer = new JsonEventSerializer();

/** An event gp may publish on its topic: the inbox dead-letters any other type or source (provenance). */
function anEvent(overrides: Parameters<typeof fixtureEvent>[0] = {}): EventEnvelope {
  return fixtureEvent({ type: 'nl.ketenpad.gp.referral-made.v1', source: 'urn:nld:ketenpad:gp:HA-0001', ...overrides });
}

type Behaviour = 'ok' | 'fail-always' | 'fail-twice';

describe('inbox consumer', () => {
  let database: Awaited<ReturnType<typeof openMessagingDatabase>>;
  let dataSource: DataSource;
  let producer: KafkaMessageBus;
  let deadLetters: TopicCollector;
  let consumer: InboxConsumer;
  const groupId = `messaging-test.inbox-${randomUUID()}`;
  const calls = new Map<string, number>();
  const metas = new Map<string, InboxMessageMeta & { ambientCorrelationId?: string }>();

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging_inbox');
    dataSource = await database.dataSource();
    await dataSource.query(
      `CREATE TABLE applied (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, pathway text NOT NULL)`,
    );
    producer = new KafkaMessageBus(kafkaClient('messaging-test.inbox-producer'));
    deadLetters = new TopicCollector(`${TOPIC}.dlq`);
    await deadLetters.start();
    consumer = new InboxConsumer({
      consumerName: 'messaging-test.inbox',
      groupId,
      clientId: 'messaging-test.inbox',
      topics: [TOPIC],
      dataSource,
      serializer,
      retry: { maxAttempts: MAX_ATTEMPTS, backoff: () => 10 },
      logger,
      fromBeginning: true,
      // Short, because the dev broker ignores LeaveGroup: the successor below waits for this member to expire.
      sessionTimeoutMs: 6_000,
      kafka: kafkaClient('messaging-test.inbox'),
      handle: async (event, manager, meta) => {
        const count = (calls.get(event.id) ?? 0) + 1;
        calls.set(event.id, count);
        metas.set(event.id, { ...meta, ambientCorrelationId: correlation.current() });
        // Written first, so a failure below proves the write is rolled back.
        await manager.query(`INSERT INTO applied (event_id, pathway) VALUES ($1, $2)`, [event.id, event.pathwayid]);
        const behaviour = (event.data as { behaviour?: Behaviour }).behaviour ?? 'ok';
        if (behaviour === 'fail-always') throw new Error('creditor registry unavailable');
        if (behaviour === 'fail-twice' && count <= 2) throw new Error(`transient failure ${count}`);
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await deadLetters?.stop();
    await producer?.disconnect();
    await database?.close();
  });

  function produce(events: readonly EventEnvelope[], headers: Record<string, string> = {}): Promise<void> {
    return producer.publish(
      events.map((e) => ({
        topic: TOPIC,
        key: e.pathwayid,
        value: serializer.encode(e),
        headers: { id: e.id, type: e.type, ...headers },
      })),
    );
  }

  async function appliedIds(pathway?: string): Promise<string[]> {
    const rows = await dataSource.query<Array<{ event_id: string }>>(
      `SELECT event_id FROM applied WHERE $1::text IS NULL OR pathway = $1 ORDER BY seq`,
      [pathway ?? null],
    );
    return rows.map((r) => r.event_id);
  }

  async function waitApplied(ids: readonly string[]): Promise<void> {
    await waitFor(
      async () => {
        const applied = new Set(await appliedIds());
        return ids.every((id) => applied.has(id));
      },
      { description: `${ids.length} events applied`, timeoutMs: 30_000 },
    );
  }

  it('applies each event once, in order per pathway, under the correlation id it carries', async () => {
    // given
    const pathways = [randomUUID(), randomUUID(), randomUUID()];
    const events = Array.from({ length: 10 }).flatMap(() => pathways.map((pathwayid) => anEvent({ pathwayid })));
    // when
    await produce(events, { 'x-correlation-id': 'corr-inbox-1' });
    // then
    await waitApplied(events.map((e) => e.id));
    for (const pathway of pathways) {
      expect(await appliedIds(pathway)).toEqual(events.filter((e) => e.pathwayid === pathway).map((e) => e.id));
    }
    expect(events.every((e) => calls.get(e.id) === 1)).toBe(true);
    const meta = metas.get(events[0]!.id)!;
    expect(meta).toMatchObject({
      topic: TOPIC,
      correlationId: 'corr-inbox-1',
      ambientCorrelationId: 'corr-inbox-1',
      attempt: 1,
    });
    expect(meta.headers.id).toBe(events[0]!.id);
  });

  it('gives a redelivered event (same id produced again) no second effect', async () => {
    // given
    const event = anEvent();
    await produce([event]);
    await waitApplied([event.id]);
    // when
    const marker = anEvent({ pathwayid: event.pathwayid });
    await produce([event, marker]);
    // then
    await waitApplied([marker.id]);
    expect(await appliedIds(event.pathwayid)).toEqual([event.id, marker.id]);
    expect(calls.get(event.id)).toBe(1);
  });

  it('dead-letters an undecodable message with its origin and keeps handling the partition', async () => {
    // given
    const pathway = randomUUID();
    const poisonId = randomUUID();
    const later = anEvent({ pathwayid: pathway });
    // when
    await producer.publish([
      { topic: TOPIC, key: pathway, value: Buffer.from('{not json'), headers: { id: poisonId } },
    ]);
    await produce([later]);
    // then
    await waitApplied([later.id]);
    const [dead] = await waitFor(
      async () => deadLetters.withIds([poisonId]).length > 0 && deadLetters.withIds([poisonId]),
      {
        description: 'poison message on the DLQ',
        timeoutMs: 20_000,
      },
    );
    expect(dead!.key).toBe(pathway);
    expect(dead!.value!.toString()).toBe('{not json');
    expect(dead!.headers).toMatchObject({
      'dlq-origin-topic': TOPIC,
      'dlq-attempts': '1',
      'dlq-consumer': 'messaging-test.inbox',
    });
    expect(Number(dead!.headers['dlq-origin-partition'])).toBeGreaterThanOrEqual(0);
    expect(dead!.headers['dlq-origin-offset']).toMatch(/^\d+$/);
    expect(dead!.headers['dlq-error']).toMatch(/SyntaxError/);
  });

  it('dead-letters an event whose handler always fails after maxAttempts attempts, leaving no effect, and moves on', async () => {
    // given
    const failing = anEvent({ data: { behaviour: 'fail-always' } });
    const later = anEvent({ pathwayid: failing.pathwayid });
    // when
    await produce([failing, later]);
    // then
    await waitApplied([later.id]);
    const [dead] = await waitFor(
      async () => deadLetters.withIds([failing.id]).length > 0 && deadLetters.withIds([failing.id]),
      {
        description: 'failing event on the DLQ',
        timeoutMs: 20_000,
      },
    );
    expect(dead!.headers).toMatchObject({
      'dlq-origin-topic': TOPIC,
      'dlq-attempts': String(MAX_ATTEMPTS),
      'dlq-error': 'Error: creditor registry unavailable',
      'dlq-consumer': 'messaging-test.inbox',
    });
    expect(JSON.parse(dead!.value!.toString())).toEqual(failing);
    expect(calls.get(failing.id)).toBe(MAX_ATTEMPTS);
    expect(await appliedIds(failing.pathwayid)).toEqual([later.id]);
  });

  it('applies once, and before the next event of its pathway, an event whose handler fails twice then succeeds', async () => {
    // given
    const flaky = anEvent({ data: { behaviour: 'fail-twice' } });
    const next = anEvent({ pathwayid: flaky.pathwayid });
    // when
    await produce([flaky, next]);
    // then
    await waitApplied([flaky.id, next.id]);
    expect(await appliedIds(flaky.pathwayid)).toEqual([flaky.id, next.id]);
    expect(calls.get(flaky.id)).toBe(3);
    expect(metas.get(flaky.id)!.attempt).toBe(3);
    expect(deadLetters.withIds([flaky.id])).toHaveLength(0);
  });

  it('commits offsets, so a new consumer in the same group after stop() does not see handled events again', async () => {
    // given
    await consumer.stop();
    const seen: string[] = [];
    // Another inbox name: only committed offsets, not the inbox, can keep it from re-handling.
    const successor = new InboxConsumer({
      consumerName: 'messaging-test.inbox-successor',
      groupId,
      clientId: 'messaging-test.inbox-successor',
      topics: [TOPIC],
      dataSource,
      serializer,
      retry: { maxAttempts: 1, backoff: () => 10 },
      logger,
      fromBeginning: true,
      kafka: kafkaClient('messaging-test.inbox-successor'),
      handle: async (event) => {
        seen.push(event.id);
      },
    });
    await successor.start();
    try {
      // when
      const marker = anEvent();
      await produce([marker]);
      // then
      await waitFor(async () => seen.includes(marker.id), {
        description: 'marker handled by the successor',
        timeoutMs: 30_000,
      });
      expect(seen).toEqual([marker.id]);
    } finally {
      await successor.stop();
    }
  });
});
