import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { waitFor } from '@ketenpad/testing';
import { JsonEventSerializer } from '../test/json.serializer';
import { TopicCollector, anEvent as fixtureEvent, kafkaClient, logger, openMessagingDatabase } from '../test/messaging.fixture';
import { InboxProcessor } from './inbox.processor';
import { KafkaMessageBus } from './kafka.message-bus';
import type { BatchControl, IncomingBatch, IncomingMessage } from './message-bus.port';

// Batches are handed to the processor directly (the MessageSource port), so
// crash recovery and batch fallback are exercised deterministically; the
// database and the dead-letter topic are real.
const TOPIC = 'partner-gateway.events.v1';
const CONSUMER = 'messaging-test.processor';
const MAX_ATTEMPTS = 2;
const serializer = new JsonEventSerializer();

/** An event the partner gateway may publish on its topic: the inbox dead-letters any other type or source (provenance). */
function anEvent(overrides: Parameters<typeof fixtureEvent>[0] = {}): EventEnvelope {
  return fixtureEvent({
    type: 'nl.ketenpad.partner-gateway.subscription-failing.v1',
    source: 'urn:nld:ketenpad:partner-gateway:ketenpad',
    ...overrides,
  });
}

describe('inbox processor', () => {
  let database: Awaited<ReturnType<typeof openMessagingDatabase>>;
  let dataSource: DataSource;
  let deadLetterBus: KafkaMessageBus;
  let deadLetters: TopicCollector;
  let processor: InboxProcessor;
  let batchProcessor: InboxProcessor;
  const calls: string[] = [];
  const batchCalls: string[][] = [];
  let nextOffset = 0;

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging_processor');
    dataSource = await database.dataSource();
    await dataSource.query(`CREATE TABLE applied (seq bigserial PRIMARY KEY, event_id uuid NOT NULL)`);
    deadLetterBus = new KafkaMessageBus(kafkaClient('messaging-test.processor-dlq'));
    deadLetters = new TopicCollector(`${TOPIC}.dlq`);
    await deadLetters.start();
    processor = new InboxProcessor({
      consumerName: CONSUMER,
      dataSource,
      serializer,
      retry: { maxAttempts: MAX_ATTEMPTS, backoff: () => 10 },
      batchSize: 100,
      deadLetters: deadLetterBus,
      logger,
      handle: async (event, manager) => {
        calls.push(event.id);
        await manager.query(`INSERT INTO applied (event_id) VALUES ($1)`, [event.id]);
        if ((event.data as { fail?: boolean }).fail) throw new Error('always fails');
      },
    });
  });

  beforeAll(() => {
    // The same effect per event and per batch; the batch handler refuses a batch holding a poison event.
    const apply = async (event: EventEnvelope, manager: EntityManager) => {
      calls.push(event.id);
      await manager.query(`INSERT INTO applied (event_id) VALUES ($1)`, [event.id]);
      if ((event.data as { fail?: boolean }).fail) throw new Error('always fails');
    };
    batchProcessor = new InboxProcessor({
      consumerName: `${CONSUMER}.batch`,
      dataSource,
      serializer,
      retry: { maxAttempts: MAX_ATTEMPTS, backoff: () => 10 },
      batchSize: 100,
      deadLetters: deadLetterBus,
      logger,
      handle: apply,
      handleBatch: async (items, manager) => {
        batchCalls.push(items.map((i) => i.event.id));
        for (const { event } of items) await apply(event, manager);
      },
    });
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await deadLetterBus?.disconnect();
    await database?.close();
  });

  function batchOf(events: readonly EventEnvelope[]): IncomingBatch {
    const messages: IncomingMessage[] = events.map((e) => ({
      topic: TOPIC,
      partition: 0,
      offset: String(nextOffset++),
      key: e.pathwayid,
      value: serializer.encode(e),
      headers: { id: e.id },
    }));
    return { topic: TOPIC, partition: 0, messages, highWatermark: String(nextOffset) };
  }

  function recordingControl() {
    const state = { resolved: [] as string[], commits: 0 };
    const control: BatchControl = {
      resolveOffset: (offset) => state.resolved.push(offset),
      commit: async () => {
        state.commits += 1;
      },
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    };
    return { state, control };
  }

  async function appliedIds(): Promise<string[]> {
    const rows = await dataSource.query<Array<{ event_id: string }>>(`SELECT event_id FROM applied ORDER BY seq`);
    return rows.map((r) => r.event_id);
  }

  async function deadLetterOf(id: string): Promise<IncomingMessage> {
    const [dead] = await waitFor(async () => deadLetters.withIds([id]).length > 0 && deadLetters.withIds([id]), {
      description: `event ${id} on the DLQ`,
      timeoutMs: 20_000,
    });
    return dead!;
  }

  beforeEach(async () => {
    calls.length = 0;
    batchCalls.length = 0;
    await dataSource.query(`TRUNCATE applied, inbox, consumer_attempts`);
  });

  it('applies the rest of a batch once and in order when one event in the middle always fails, and dead-letters that one', async () => {
    // given
    const events = [anEvent(), anEvent(), anEvent({ data: { fail: true } }), anEvent(), anEvent()];
    const batch = batchOf(events);
    const { state, control } = recordingControl();
    // when
    await processor.handleBatch(batch, control);
    // then
    const good = events.filter((_, i) => i !== 2).map((e) => e.id);
    expect(await appliedIds()).toEqual(good);
    expect(calls.filter((id) => id === events[2]!.id)).toHaveLength(MAX_ATTEMPTS);
    expect(state.resolved.at(-1)).toBe(batch.messages.at(-1)!.offset);
    expect(state.commits).toBeGreaterThan(0);
    expect((await deadLetterOf(events[2]!.id)).headers['dlq-attempts']).toBe(String(MAX_ATTEMPTS));
    expect(await dataSource.query(`SELECT * FROM consumer_attempts`)).toEqual([]);
  });

  it('applies an event that appears twice in one batch once', async () => {
    // given
    const event = anEvent();
    const { control } = recordingControl();
    // when
    await processor.handleBatch(batchOf([event, anEvent(), event]), control);
    // then
    expect((await appliedIds()).filter((id) => id === event.id)).toHaveLength(1);
  });

  it('dead-letters, without running the handler, a message whose attempts a crashing process used up', async () => {
    // given: attempts counted before each run, but the process died every time
    const event = anEvent();
    const batch = batchOf([event, anEvent()]);
    await dataSource.query(
      `INSERT INTO consumer_attempts (consumer, topic, partition, "offset", attempts, last_error) VALUES ($1, $2, 0, $3, $4, NULL)`,
      [CONSUMER, TOPIC, batch.messages[0]!.offset, MAX_ATTEMPTS],
    );
    const { state, control } = recordingControl();
    // when
    await processor.handleBatch(batch, control);
    // then
    expect(calls).not.toContain(event.id);
    expect(await appliedIds()).toEqual([batch.messages[1]!.headers.id]);
    expect(state.resolved.at(-1)).toBe(batch.messages[1]!.offset);
    const dead = await deadLetterOf(event.id);
    expect(dead.headers).toMatchObject({
      'dlq-attempts': String(MAX_ATTEMPTS),
      'dlq-error': 'process stopped while handling the message',
      'dlq-origin-offset': batch.messages[0]!.offset,
    });
  });

  it('hands every new event of a transaction to the batch handler in one call, in offset order, without events already applied', async () => {
    // given an event already applied, then a batch repeating it and holding another event twice
    const [seen, b, c] = [anEvent(), anEvent(), anEvent()];
    await batchProcessor.handleBatch(batchOf([seen]), recordingControl().control);
    const { state, control } = recordingControl();
    const batch = batchOf([seen, b, c, b]);
    // when
    await batchProcessor.handleBatch(batch, control);
    // then the batch handler ran once with the new events only, and each was applied once
    expect(batchCalls).toEqual([[b.id, c.id]]);
    expect(await appliedIds()).toEqual([seen.id, b.id, c.id]);
    expect(state.resolved.at(-1)).toBe(batch.messages.at(-1)!.offset);
  });

  it('applies the events of a failing batch one by one, so only the poison event is retried and dead-lettered', async () => {
    // given
    const events = [anEvent(), anEvent({ data: { fail: true } }), anEvent()];
    const { control } = recordingControl();
    // when
    await batchProcessor.handleBatch(batchOf(events), control);
    // then the batch's writes were rolled back, the good events applied once each, the poison one dead-lettered
    expect(batchCalls).toEqual([events.map((e) => e.id)]);
    expect(await appliedIds()).toEqual([events[0]!.id, events[2]!.id]);
    expect(calls.filter((id) => id === events[1]!.id)).toHaveLength(1 + MAX_ATTEMPTS);
    expect((await deadLetterOf(events[1]!.id)).headers['dlq-attempts']).toBe(String(MAX_ATTEMPTS));
  });
});
