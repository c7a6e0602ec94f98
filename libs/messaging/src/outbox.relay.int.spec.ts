import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { devBrokerControl, waitFor } from '@ketenpad/testing';
import { JsonEventSerializer } from '../test/json.serializer';
import { TopicCollector, anEvent, kafkaClient, logger, openMessagingDatabase } from '../test/messaging.fixture';
import { KafkaMessageBus } from './kafka.message-bus';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

const TOPIC = 'municipality.events.v1';

describe('transactional outbox', () => {
  let database: Awaited<ReturnType<typeof openMessagingDatabase>>;
  let dataSource: DataSource;
  let collector: TopicCollector;
  let writer: OutboxWriter;
  let relay: OutboxRelay;
  let bus: KafkaMessageBus;
  const published: number[] = [];

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging_outbox');
    dataSource = await database.dataSource();
    collector = new TopicCollector(TOPIC);
    await collector.start();
    writer = new OutboxWriter(new JsonEventSerializer());
    bus = new KafkaMessageBus(kafkaClient('messaging-test.outbox-relay'));
    relay = new OutboxRelay({
      dataSource,
      bus,
      logger,
      signal: writer.signal,
      // So long that only the in-process signal or the database notification can wake it in time.
      pollIntervalMs: 60_000,
      maxBackoffMs: 500,
      metrics: { onPublished: (count) => published.push(count) },
    });
    await relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await bus?.disconnect();
    await collector?.stop();
    await database?.close();
  });

  async function commit(
    events: readonly EventEnvelope[],
    source: DataSource = dataSource,
    w: OutboxWriter = writer,
  ): Promise<void> {
    await source.transaction((manager) => w.append(manager, events, { topic: TOPIC }));
    w.afterCommit();
  }

  async function unsent(ids: readonly string[], source: DataSource = dataSource): Promise<number> {
    const [row] = await source.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
      [ids],
    );
    return row!.n;
  }

  function eventsFor(pathways: number, perPathway: number): EventEnvelope[] {
    const keys = Array.from({ length: pathways }, () => anEvent().pathwayid);
    // Interleaved, as concurrent requests would write them.
    return Array.from({ length: perPathway }).flatMap(() => keys.map((pathwayid) => anEvent({ pathwayid })));
  }

  function expectedOrder(events: readonly EventEnvelope[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const e of events) out.set(e.pathwayid, [...(out.get(e.pathwayid) ?? []), e.id]);
    return out;
  }

  function firstOccurrences(byKey: Map<string, string[]>): Map<string, string[]> {
    return new Map([...byKey].map(([key, ids]) => [key, [...new Set(ids)]]));
  }

  it('publishes committed events exactly once, in order per pathway, with key and headers, and marks them sent', async () => {
    // given
    const events = eventsFor(4, 5);
    // when
    await commit(events);
    // then
    const ids = events.map((e) => e.id);
    await waitFor(async () => collector.withIds(ids).length === ids.length, {
      description: 'all events published',
      timeoutMs: 20_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few more relay rounds
    expect(collector.withIds(ids)).toHaveLength(ids.length);
    expect(collector.idsByKey(ids)).toEqual(expectedOrder(events));
    const first = collector.withIds([events[0]!.id])[0]!;
    expect(first.key).toBe(events[0]!.pathwayid);
    // a CloudEvent in structured content mode: the value is the envelope, announced by content-type
    expect(first.headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      id: events[0]!.id,
      type: events[0]!.type,
    });
    expect(JSON.parse(first.value!.toString())).toEqual(events[0]);
    expect(await unsent(ids)).toBe(0);
    expect(await relay.backlog()).toBe(0);
  });

  it('carries the correlation id and trace context as headers', async () => {
    // given
    const event = anEvent({
      correlationid: 'corr-123',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    // when
    await commit([event]);
    // then
    const [message] = await waitFor(
      async () => collector.withIds([event.id]).length === 1 && collector.withIds([event.id]),
      {
        description: 'event published',
      },
    );
    expect(message!.headers).toMatchObject({
      'x-correlation-id': 'corr-123',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
  });

  it('never publishes events written in a rolled-back transaction', async () => {
    // given
    const rolledBack = [anEvent(), anEvent()];
    const marker = anEvent();
    // when
    await expect(
      dataSource.transaction(async (manager) => {
        await writer.append(manager, rolledBack, { topic: TOPIC });
        throw new Error('business rule violated');
      }),
    ).rejects.toThrow('business rule violated');
    writer.afterCommit();
    await commit([marker]);
    // then
    await waitFor(async () => collector.withIds([marker.id]).length === 1, { description: 'marker published' });
    expect(collector.withIds(rolledBack.map((e) => e.id))).toHaveLength(0);
    const [row] = await dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[])`,
      [rolledBack.map((e) => e.id)],
    );
    expect(row!.n).toBe(0);
  });

  it('makes append throw for an invalid event and writes none of the batch', async () => {
    // given
    const valid = anEvent();
    const invalid = anEvent({ data: { invalid: true } });
    // when
    const appending = dataSource.transaction((manager) => writer.append(manager, [valid, invalid], { topic: TOPIC }));
    // then
    await expect(appending).rejects.toThrow('event data is invalid');
    const [row] = await dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[])`,
      [[valid.id, invalid.id]],
    );
    expect(row!.n).toBe(0);
  });

  it('wakes through the database notification when another process writes the outbox', async () => {
    // given: a writer in "another process" (own pool, own signal nobody listens to)
    const otherProcess = await database.dataSource();
    const otherWriter = new OutboxWriter(new JsonEventSerializer());
    const event = anEvent();
    // when
    const started = Date.now();
    await commit([event], otherProcess, otherWriter);
    // then: the relay polls only every 60 s, so the notification woke it
    await waitFor(async () => collector.withIds([event.id]).length === 1, { description: 'event published' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('publishes every row exactly once and in order per pathway with two relays on one database', async () => {
    // given: a second relay on its own pool, as in a second service instance
    const secondPool = await database.dataSource();
    const secondBus = new KafkaMessageBus(kafkaClient('messaging-test.outbox-relay-2'));
    const second = new OutboxRelay({
      dataSource: secondPool,
      bus: secondBus,
      logger,
      pollIntervalMs: 50,
      batchSize: 7,
    });
    await second.start();
    const events = eventsFor(10, 20);
    try {
      // when: written in many small transactions, waking both relays
      for (let i = 0; i < events.length; i += 10) {
        await commit(events.slice(i, i + 10));
        second.wake();
      }
      // then
      const ids = events.map((e) => e.id);
      await waitFor(async () => collector.withIds(ids).length >= ids.length, {
        description: 'all events published',
        timeoutMs: 30_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(collector.withIds(ids)).toHaveLength(ids.length);
      expect(collector.idsByKey(ids)).toEqual(expectedOrder(events));
      expect(await unsent(ids)).toBe(0);
    } finally {
      await second.stop();
      await secondBus.disconnect();
    }
  });

  it('keeps rows unsent while the broker is down and publishes them once it is back', async () => {
    // given
    const control = devBrokerControl();
    const events = eventsFor(3, 3);
    const ids = events.map((e) => e.id);
    await control.brokerDown();
    try {
      // when
      await commit(events);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // then: not acknowledged, so not marked sent
      expect(await unsent(ids)).toBe(ids.length);
      expect(await relay.backlog()).toBeGreaterThanOrEqual(ids.length);
    } finally {
      await control.brokerUp();
    }
    await waitFor(async () => (await unsent(ids)) === 0, {
      description: 'rows marked sent after broker came back',
      timeoutMs: 45_000,
    });
    await waitFor(async () => collector.withIds(ids).length >= ids.length, {
      description: 'events consumed',
      timeoutMs: 45_000,
    });
    // At-least-once: a send retried across the outage may duplicate, never reorder.
    expect(firstOccurrences(collector.idsByKey(ids))).toEqual(expectedOrder(events));
  }, 120_000);
});
