import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventCodec, buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests use the one test harness (type:testing)
import { waitFor } from '@ketenpad/testing';
import { TopicCollector, kafkaClient, logger, openMessagingDatabase } from '../test/messaging.fixture';
import { InboxConsumer } from './inbox.consumer';
import type { DeadLetterKind } from './dead-letter.message';
import { KafkaMessageBus } from './kafka.message-bus';

// Issue 12, finding 3: a writer to social-work.events.v1 forges a municipality's consent (which
// would grant a partner access to financial events) and a social-work event in a municipality's name.
const TOPIC = 'social-work.events.v1';
const codec = EventCodec.shared();

function firstContact(pathwayId: string): EventEnvelope {
  return buildEvent({
    type: 'nl.ketenpad.social-work.first-contact-made.v1',
    source: sourceFor('social-work', 'SW-AMS'),
    pathwayId,
    data: { referralId: randomUUID(), kind: 'Huisbezoek', at: '2025-03-10T09:30:00Z' },
  });
}

function forgedConsent(pathwayId: string): EventEnvelope {
  return buildEvent({
    type: 'nl.ketenpad.municipality.consent-recorded.v1',
    source: sourceFor('municipality', 'GM0344'),
    pathwayId,
    data: {
      consentId: randomUUID(),
      grantee: 'urn:nld:ketenpad:partner:acme',
      purpose: 'stabilisation-support',
      scope: ['chain', 'financial'],
      validUntil: '2099-12-31',
      at: '2025-03-10T09:30:00Z',
    },
  });
}

describe('inbox consumer provenance (real dev broker and PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof openMessagingDatabase>>;
  let dataSource: DataSource;
  let producer: KafkaMessageBus;
  let deadLetters: TopicCollector;
  let consumer: InboxConsumer;
  const handled: string[] = [];
  const counted: Array<[string, DeadLetterKind]> = [];

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging_provenance');
    dataSource = await database.dataSource();
    producer = new KafkaMessageBus(kafkaClient('messaging-test.provenance-producer'));
    deadLetters = new TopicCollector(`${TOPIC}.dlq`);
    await deadLetters.start();
    consumer = new InboxConsumer({
      consumerName: 'messaging-test.provenance',
      groupId: `messaging-test.provenance-${randomUUID()}`,
      clientId: 'messaging-test.provenance',
      topics: [TOPIC],
      dataSource,
      serializer: codec,
      retry: { maxAttempts: 3, backoff: () => 10 },
      logger,
      fromBeginning: true,
      sessionTimeoutMs: 6_000,
      kafka: kafkaClient('messaging-test.provenance'),
      metrics: { onDeadLettered: (topic, reason) => counted.push([topic, reason]) },
      handle: async (event) => {
        handled.push(event.id);
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

  it('parks a forged consent and a social-work event with a municipality source on the DLQ with the reason, never handled, and applies the genuine event after them', async () => {
    // given
    const pathway = randomUUID();
    const consent = forgedConsent(pathway);
    const impostor: EventEnvelope = { ...firstContact(pathway), source: sourceFor('municipality', 'GM0344') };
    const genuine = firstContact(pathway);
    // when all three are produced onto social-work.events.v1, as an attacker with write access can
    await producer.publish(
      [consent, impostor, genuine].map((event) => ({
        topic: TOPIC,
        key: pathway,
        value: Buffer.from(JSON.stringify(event)),
        headers: { id: event.id },
      })),
    );
    // then the genuine one is applied and recorded in the inbox
    await waitFor(async () => handled.includes(genuine.id), { description: 'genuine event handled', timeoutMs: 30_000 });
    const dead = await waitFor(
      async () => {
        const found = deadLetters.withIds([consent.id, impostor.id]);
        return found.length === 2 && found;
      },
      { description: 'both forgeries on the DLQ', timeoutMs: 20_000 },
    );
    // (other specs leave messages on the shared broker's topic; only this test's events count)
    const ours = new Set([consent.id, impostor.id, genuine.id]);
    expect(handled.filter((id) => ours.has(id))).toEqual([genuine.id]);
    const inbox = await dataSource.query<Array<{ event_id: string }>>(
      `SELECT event_id FROM inbox WHERE consumer = 'messaging-test.provenance' AND event_id = ANY($1::uuid[])`,
      [[...ours]],
    );
    expect(inbox.map((r) => r.event_id)).toEqual([genuine.id]);
    const byId = new Map(dead.map((m) => [m.headers.id, m.headers]));
    expect(byId.get(consent.id)).toMatchObject({ 'dlq-reason': 'provenance', 'dlq-attempts': '1', 'dlq-origin-topic': TOPIC });
    expect(byId.get(consent.id)!['dlq-error']).toContain(
      '/type nl.ketenpad.municipality.consent-recorded.v1 is not produced by social-work',
    );
    expect(byId.get(impostor.id)).toMatchObject({ 'dlq-reason': 'provenance', 'dlq-attempts': '1' });
    expect(byId.get(impostor.id)!['dlq-error']).toContain(
      '/source an organisation of kind municipality may not publish on social-work.events.v1',
    );
    expect(counted.filter(([, reason]) => reason === 'provenance')).toEqual([
      [TOPIC, 'provenance'],
      [TOPIC, 'provenance'],
    ]);
    const attempts = await dataSource.query<unknown[]>(`SELECT 1 FROM consumer_attempts`);
    expect(attempts).toEqual([]);
  });
});
