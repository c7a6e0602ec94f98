import type { DataSource } from 'typeorm';
import { EventCodec, buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { JsonLogger } from '@ketenpad/runtime';
import { DLQ_HEADERS, type DeadLetterKind } from './dead-letter.message';
import type { EventSerializer } from './event.serializer';
import { InboxProcessor } from './inbox.processor';
import type { BatchControl, IncomingMessage, MessageBus, OutgoingMessage } from './message-bus.port';

const SOCIAL_WORK_TOPIC = 'social-work.events.v1';
const pathwayId = '9b2e4c6a-1d3f-4e5a-8b7c-6d5e4f3a2b1c';
const codec = EventCodec.shared();
const quiet = new JsonLogger('provenance-test', undefined, 'error', () => undefined);

/** The attack of issue 12: a municipality's consent, produced onto the social-work topic. */
const forgedConsent = buildEvent({
  type: 'nl.ketenpad.municipality.consent-recorded.v1',
  source: sourceFor('municipality', 'GM0344'),
  pathwayId,
  data: {
    consentId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
    grantee: 'urn:nld:ketenpad:partner:acme',
    purpose: 'stabilisation-support',
    scope: ['chain', 'financial'],
    validUntil: '2099-12-31',
    at: '2025-03-10T09:30:00Z',
  },
});

/** A social-work event claiming a municipality as its source (the codec refuses it, provenance first). */
const socialWorkFromMunicipality: EventEnvelope = {
  ...buildEvent({
    type: 'nl.ketenpad.social-work.first-contact-made.v1',
    source: sourceFor('social-work', 'SW-AMS'),
    pathwayId,
    data: { referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', kind: 'Huisbezoek', at: '2025-03-10T09:30:00Z' },
  }),
  source: sourceFor('municipality', 'GM0344'),
};

function messageOf(event: EventEnvelope | string, offset: number): IncomingMessage {
  return {
    topic: SOCIAL_WORK_TOPIC,
    partition: 0,
    offset: String(offset),
    key: pathwayId,
    value: Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)),
    headers: { id: typeof event === 'string' ? 'raw' : event.id },
  };
}

/** Runs one batch through an inbox whose database and handler must never be reached. */
async function consume(serializer: EventSerializer, messages: readonly IncomingMessage[]) {
  const published: OutgoingMessage[] = [];
  const deadLettered: Array<[string, DeadLetterKind]> = [];
  const handled: string[] = [];
  const deadLetters: MessageBus = {
    publish: async (batch) => {
      published.push(...batch);
    },
  };
  const noDatabase = new Proxy({} as DataSource, {
    get: (_target, property) => {
      throw new Error(`the database was used (${String(property)})`);
    },
  });
  const resolved: string[] = [];
  const control: BatchControl = {
    resolveOffset: (offset) => resolved.push(offset),
    commit: async () => undefined,
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  };
  const processor = new InboxProcessor({
    consumerName: 'provenance-test',
    dataSource: noDatabase,
    serializer,
    handle: async (event) => {
      handled.push(event.id);
    },
    retry: { maxAttempts: 5, backoff: () => 0 },
    batchSize: 100,
    deadLetters,
    logger: quiet,
    metrics: { onDeadLettered: (topic, reason) => deadLettered.push([topic, reason]) },
  });
  await processor.handleBatch(
    { topic: SOCIAL_WORK_TOPIC, partition: 0, messages, highWatermark: String(messages.length) },
    control,
  );
  return { published, deadLettered, handled, resolved };
}

describe('inbox provenance (issue 12: forged events never reach a handler)', () => {
  it('dead-letters another producer’s event and an event with another kind’s source at once, with the reason, counted, without retries or a handler', async () => {
    // when the two forgeries arrive on social-work.events.v1
    const { published, deadLettered, handled, resolved } = await consume(codec, [
      messageOf(forgedConsent, 0),
      messageOf(socialWorkFromMunicipality, 1),
    ]);
    // then
    expect(handled).toEqual([]);
    expect(resolved).toEqual(['0', '1']);
    expect(deadLettered).toEqual([
      [SOCIAL_WORK_TOPIC, 'provenance'],
      [SOCIAL_WORK_TOPIC, 'provenance'],
    ]);
    expect(published.map((m) => m.topic)).toEqual([`${SOCIAL_WORK_TOPIC}.dlq`, `${SOCIAL_WORK_TOPIC}.dlq`]);
    const [consent, sourced] = published.map((m) => m.headers);
    expect(consent).toMatchObject({ [DLQ_HEADERS.reason]: 'provenance', [DLQ_HEADERS.attempts]: '1' });
    expect(consent![DLQ_HEADERS.error]).toMatch(
      /^ForgedEventError: Event not accepted on topic social-work\.events\.v1: \/type nl\.ketenpad\.municipality\.consent-recorded\.v1 is not produced by social-work/,
    );
    expect(sourced![DLQ_HEADERS.error]).toBe(
      'ForgedEventError: Event not accepted on topic social-work.events.v1: /source an organisation of kind municipality may not publish on social-work.events.v1, only social-work',
    );
  });

  it('applies the rule whatever serializer the consumer is given', async () => {
    // given a serializer that accepts any JSON
    const lenient: EventSerializer = {
      encode: (event) => Buffer.from(JSON.stringify(event)),
      decode: (value) => JSON.parse(value.toString('utf8')) as EventEnvelope,
    };
    // when
    const { deadLettered, handled } = await consume(lenient, [
      messageOf(forgedConsent, 0),
      messageOf(socialWorkFromMunicipality, 1),
    ]);
    // then
    expect(handled).toEqual([]);
    expect(deadLettered.map(([, reason]) => reason)).toEqual(['provenance', 'provenance']);
  });

  it('keeps calling a value no codec can read, or an unknown type of the topic’s own producer, undecodable', async () => {
    // when
    const { published, deadLettered } = await consume(codec, [
      messageOf('{"specversion":"1.0","id":', 0),
      messageOf({ ...forgedConsent, type: 'nl.ketenpad.social-work.consent-recorded.v2', source: sourceFor('social-work', 'SW-AMS') }, 1),
    ]);
    // then
    expect(deadLettered.map(([, reason]) => reason)).toEqual(['undecodable', 'undecodable']);
    expect(published.map((m) => m.headers[DLQ_HEADERS.reason])).toEqual(['undecodable', 'undecodable']);
  });
});
