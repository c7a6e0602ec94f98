import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { buildEvent, EventCodec, sourceFor } from '@ketenpad/events';
import { devBrokerControl, kafkaBrokers, waitFor } from '@ketenpad/testing';
import { api, startStack, type RunningStack } from '../support/ketenpad.stack';
import { randomBsn } from '../support/resident.fixture';

/**
 * The first slice end to end: a counsellor registers a help request at the
 * municipality, and it appears on the chain timeline through Kafka - with the
 * delivery guarantees that make that trustworthy.
 */
describe('help request -> Kafka -> chain timeline', () => {
  let stack: RunningStack;
  let counsellor: string;
  let utrechtCounsellor: string;
  const kafka = new Kafka({ clientId: 'e2e.help-request-slice', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });

  beforeAll(async () => {
    stack = await startStack();
    counsellor = await stack.token('GM0363', ['counsellor']);
    utrechtCounsellor = await stack.token('GM0344', ['counsellor']);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await stack.stop();
  });

  const registerHelpRequest = async (body: Record<string, unknown> = {}) => {
    const res = await api('POST', `${stack.municipalityUrl}/api/v1/pathways`, counsellor, {
      bsn: randomBsn(),
      channel: 'balie',
      contact: { name: 'J. de Vries', phone: '0612345678' },
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as { pathwayId: string; firstConversationDue: string };
  };
  const timelineOf = (pathwayId: string, token: string = counsellor) => api('GET', `${stack.timelineUrl}/api/v1/pathways/${pathwayId}/timeline`, token);
  const eventNames = (timeline: { events: Array<{ type: string }> }) => timeline.events.map((e) => e.type.split('.')[3]);
  /** Waits until the pathway's timeline holds an event of type `name` (e.g. `help-requested`). */
  const waitForEvent = (pathwayId: string, name: string, description = name) =>
    waitFor(
      async () => {
        const res = await timelineOf(pathwayId);
        return res.status === 200 && eventNames(res.body).includes(name) ? res.body : undefined;
      },
      { timeoutMs: 15_000, description },
    );
  /** Waits until the timeline stops changing, so a late duplicate would have shown up. */
  const settledTimeline = async (pathwayId: string) => {
    await new Promise((r) => setTimeout(r, 1000));
    return (await timelineOf(pathwayId)).body;
  };
  const outboxCount = async (): Promise<number> => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: stack.municipalityDb.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  };

  it('shows a registered help request on the pathway timeline, with its Wgs deadline and no personal data', async () => {
    // given
    const started = Date.now();
    // when
    const { pathwayId, firstConversationDue } = await registerHelpRequest({ crisis: { type: 'eviction' } });
    const timeline = await waitForEvent(pathwayId, 'help-requested', 'the help request on the timeline');
    const latencyMs = Date.now() - started;
    // then
    expect(timeline.events[0]).toMatchObject({
      type: 'nl.ketenpad.municipality.help-requested.v1',
      source: 'urn:nld:ketenpad:municipality:GM0363',
      organisationKind: 'municipality',
      classification: 'chain',
      summary: `Help request registered via balie (crisis: eviction); first conversation due ${firstConversationDue}`,
    });
    expect(timeline.pathway).toMatchObject({
      pathwayId,
      municipalityCode: 'GM0363',
      phase: 'aanmelding',
      crisis: 'eviction',
      openDeadlines: [{ kind: 'first-conversation', due: firstConversationDue }],
      participants: ['urn:nld:ketenpad:municipality:GM0363'],
    });
    expect(JSON.stringify(timeline)).not.toMatch(/de Vries|0612345678/);
    // The acceptance bound of the issue (2 s on a developer machine); B4 in `npm run bench` measures it properly.
    expect(latencyMs).toBeLessThan(10_000);
  });

  it('follows the pathway through first conversation and intake, and the summary endpoint agrees', async () => {
    const { pathwayId } = await registerHelpRequest();
    expect((await api('POST', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}/first-conversation`, counsellor, {})).status).toBe(201);
    expect((await api('POST', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}/intake-decision`, counsellor, { decision: 'toelating' })).status).toBe(201);

    const timeline = await waitFor(
      async () => {
        const res = await timelineOf(pathwayId);
        return res.status === 200 && res.body.pathway.phase === 'plan-van-aanpak' ? res.body : undefined;
      },
      { timeoutMs: 15_000, description: 'the pathway in plan-van-aanpak' },
    );
    const types = timeline.events.map((e: { type: string }) => e.type.split('.')[3]);
    expect(types[0]).toBe('help-requested');
    expect(types).toEqual(expect.arrayContaining(['first-conversation-held', 'intake-decided', 'phase-changed']));
    expect(timeline.pathway.openDeadlines).toEqual([]);
    expect(timeline.pathway.firstConversationDeadlineMet).toBe(true);

    const summary = await api('GET', `${stack.timelineUrl}/api/v1/pathways/${pathwayId}`, counsellor);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual(timeline.pathway);
  });

  it('gives a redelivered event no second effect', async () => {
    // given a pathway whose help request is on the timeline
    const { pathwayId } = await registerHelpRequest();
    const before = await waitForEvent(pathwayId, 'help-requested');
    const original = before.events[0];
    expect(original.type).toBe('nl.ketenpad.municipality.help-requested.v1');
    // when the same event (same id) is delivered again, followed by a new event of the pathway
    const duplicate = buildEvent({
      type: 'nl.ketenpad.municipality.help-requested.v1',
      source: original.source,
      pathwayId,
      id: original.eventId,
      time: original.occurredAt,
      data: original.data,
    });
    await producer.send({ topic: 'municipality.events.v1', acks: -1, messages: [{ key: pathwayId, value: EventCodec.shared().encode(duplicate), headers: { id: duplicate.id } }] });
    await api('POST', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}/first-conversation`, counsellor, {});
    // then the later event arrives (same partition, so the duplicate was processed before it) and nothing doubled
    await waitForEvent(pathwayId, 'first-conversation-held', 'the first conversation after the duplicate');
    const final = await settledTimeline(pathwayId);
    expect(final.events.filter((e: { eventId: string }) => e.eventId === original.eventId)).toHaveLength(1);
    expect(eventNames(final).filter((n) => n === 'help-requested')).toHaveLength(1);
    expect(final.pathway.eventCount).toBe(final.events.length);
    expect(new Set(final.events.map((e: { eventId: string }) => e.eventId)).size).toBe(final.events.length);
  });

  it('parks a poison event on the DLQ with its origin, and later events of the same partition still arrive', async () => {
    // given
    const { pathwayId } = await registerHelpRequest();
    await waitForEvent(pathwayId, 'help-requested');
    const dlq: Consumer = kafka.consumer({ groupId: `e2e.dlq-reader.${randomUUID()}` });
    const parked: Array<{ key: string; headers: Record<string, string> }> = [];
    await dlq.connect();
    await dlq.subscribe({ topic: 'municipality.events.v1.dlq', fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        parked.push({ key: String(message.key), headers });
      },
    });
    try {
      // when an undecodable message with the pathway's key arrives, followed by a valid event
      await producer.send({ topic: 'municipality.events.v1', acks: -1, messages: [{ key: pathwayId, value: Buffer.from('{"not": "a cloudevent"') }] });
      await api('POST', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}/first-conversation`, counsellor, {});
      // then the valid event is projected
      await waitForEvent(pathwayId, 'first-conversation-held', 'the event after the poison message');
      // and the poison message is on the DLQ with where it came from
      const entry = await waitFor(async () => parked.find((p) => p.key === pathwayId), { timeoutMs: 20_000, description: 'the poison message on the DLQ' });
      expect(entry.headers['dlq-origin-topic']).toBe('municipality.events.v1');
      expect(Number(entry.headers['dlq-origin-partition'])).toBeGreaterThanOrEqual(0);
      expect(entry.headers['dlq-origin-offset']).toMatch(/^\d+$/);
      expect(entry.headers['dlq-error']).toBeTruthy();
      expect(entry.headers['dlq-attempts']).toBe('1');
    } finally {
      await dlq.disconnect();
    }
  });

  it('carries the request correlation id into the event headers on Kafka, and no personal data in key or headers', async () => {
    // given a reader of the municipality topic
    const reader: Consumer = kafka.consumer({ groupId: `e2e.header-reader.${randomUUID()}` });
    const seen: Array<{ key: string; headers: Record<string, string>; value: string }> = [];
    await reader.connect();
    await reader.subscribe({ topic: 'municipality.events.v1', fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: String(message.key),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          value: String(message.value),
        });
      },
    });
    try {
      // when a help request comes in with a correlation id
      const bsn = randomBsn();
      const res = await fetch(`${stack.municipalityUrl}/api/v1/pathways`, {
        method: 'POST',
        headers: { authorization: `Bearer ${counsellor}`, 'content-type': 'application/json', 'x-correlation-id': 'e2e-corr-4711' },
        body: JSON.stringify({ bsn, channel: 'digitaal', contact: { name: 'A. Jansen', email: 'a.jansen@example.nl' } }),
      });
      expect(res.status).toBe(201);
      const { pathwayId } = (await res.json()) as { pathwayId: string };
      // then its events carry it, keyed by the pathway id only
      const messages = await waitFor(async () => {
        const mine = seen.filter((m) => m.key === pathwayId);
        return mine.length >= 2 ? mine : undefined;
      }, { timeoutMs: 20_000, description: 'the events of the help request on the topic' });
      for (const m of messages) {
        expect(m.headers['x-correlation-id']).toBe('e2e-corr-4711');
        expect(m.headers.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(JSON.stringify(m)).not.toMatch(new RegExp(`${bsn}|Jansen|example\\.nl`));
      }
    } finally {
      await reader.disconnect();
    }
  });

  it('answers an invalid help request with field-level 400s and emits nothing', async () => {
    const before = await outboxCount();
    const res = await api('POST', `${stack.municipalityUrl}/api/v1/pathways`, counsellor, { bsn: '123456789', channel: 'fax', crisis: { type: 'flood' }, extra: true });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['bsn', 'channel', 'crisis.type', 'extra']);
    expect(await outboxCount()).toBe(before);
  });

  it('requires a token on every API route and keeps other municipalities out', async () => {
    const { pathwayId } = await registerHelpRequest();
    await waitForEvent(pathwayId, 'help-requested');

    expect((await api('POST', `${stack.municipalityUrl}/api/v1/pathways`, undefined, { bsn: randomBsn(), channel: 'balie' })).status).toBe(401);
    expect((await api('GET', `${stack.timelineUrl}/api/v1/pathways/${pathwayId}/timeline`, undefined)).status).toBe(401);
    expect((await api('GET', `${stack.timelineUrl}/api/v1/pathways/${pathwayId}`, 'not-a-jwt')).status).toBe(401);

    expect((await api('GET', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}`, utrechtCounsellor)).status).toBe(404);
    expect((await timelineOf(pathwayId, utrechtCounsellor)).status).toBe(404);
    expect((await api('GET', `${stack.timelineUrl}/api/v1/pathways/${pathwayId}`, utrechtCounsellor)).status).toBe(404);
    const socialWorker = await stack.token('SW-AMS', ['social-worker']);
    expect((await timelineOf(pathwayId, socialWorker)).status).toBe(404);
  });

  it('keeps its data and adds no duplicates across a restart of all services', async () => {
    const { pathwayId } = await registerHelpRequest();
    await waitForEvent(pathwayId, 'help-requested');
    const before = await settledTimeline(pathwayId);
    await stack.restart();
    const { pathwayId: second } = await registerHelpRequest();
    await waitForEvent(second, 'help-requested', 'a help request after the restart');
    const after = await settledTimeline(pathwayId);
    expect(after.events).toEqual(before.events);
    expect((await api('GET', `${stack.municipalityUrl}/api/v1/pathways/${pathwayId}`, counsellor)).status).toBe(200);
  });

  it('delivers every event exactly once after the broker was down for several seconds', async () => {
    // given the broker goes down
    const control = devBrokerControl();
    await control.brokerDown();
    const pathwayIds: string[] = [];
    try {
      // when help requests keep coming in for several seconds
      for (let i = 0; i < 8; i++) {
        pathwayIds.push((await registerHelpRequest()).pathwayId);
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await control.brokerUp();
    }
    // then every one arrives, exactly once
    for (const pathwayId of pathwayIds) await waitForEvent(pathwayId, 'help-requested', `pathway ${pathwayId} after the outage`);
    for (const pathwayId of pathwayIds) {
      const timeline = await settledTimeline(pathwayId);
      // A help request emits help-requested and phase-changed (-> aanmelding); each exactly once.
      expect(eventNames(timeline).sort()).toEqual(['help-requested', 'phase-changed']);
      expect(timeline.pathway.eventCount).toBe(2);
    }
  });
});
