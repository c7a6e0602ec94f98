import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';
import { buildEvent, EventCodec, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { socialWorkAppModule, socialWorkInbox, SOCIAL_WORK_API } from '../src/app.module';
import { Clock } from '@ketenpad/runtime';

/** The clock is a process edge: tests set it so `at` values and waiting times are exact. */
class TestClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return this.current;
  }
}

/** A JSON response body, read loosely by the assertions. */
interface ApiBody {
  message?: string | string[];
  referrals?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

const SW_AMS = 'urn:nld:ketenpad:social-work:SW-AMS';
const GM0363 = 'urn:nld:ketenpad:municipality:GM0363';
const GP = 'urn:nld:ketenpad:gp:HA-0001';
const NOW = new Date('2025-03-10T12:00:00.000Z');

/**
 * The social-work service as deployed (the same `startService` as main.ts) on
 * its own PostgreSQL database against the dev broker: referrals arrive as
 * events, social workers act through the API, and the facts leave through the
 * outbox on `social-work.events.v1`.
 */
describe('social-work service', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let socialWorker: string;
  let otherSocialWorker: string;
  let counsellor: string;
  const clock = new TestClock(NOW);
  const kafka = new Kafka({ clientId: 'social-work.int-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const reader: Consumer = kafka.consumer({ groupId: `social-work.int-spec.${randomUUID()}` });
  const published: EventEnvelope[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('social_work');
    app = await startService({
      ...SOCIAL_WORK_API,
      rootModule: socialWorkAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
        databaseName: db.name,
        clock,
      }),
      inbox: socialWorkInbox(),
      port: 0,
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    socialWorker = await issuer.issueFor('SW-AMS', ['social-worker']);
    otherSocialWorker = await issuer.issueFor('SW-UTR', ['social-worker'], { kind: 'social-work' });
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    await producer.connect();
    await reader.connect();
    await reader.subscribe({ topic: 'social-work.events.v1', fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (message.value) published.push(EventCodec.shared().decode(message.value));
      },
    });
  });

  afterAll(async () => {
    await reader.disconnect();
    await producer.disconnect();
    await app?.close();
    await db?.drop();
  });

  beforeEach(() => {
    clock.current = NOW;
  });

  const api = async (
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: ApiBody }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as ApiBody) : {} };
  };

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const outboxCount = async (): Promise<number> =>
    Number((await query<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0]!.n);

  /** A referral-made event as the municipality (or a GP) publishes it, sent to its topic keyed by the pathway. */
  const sendReferral = async (
    options: {
      from?: 'municipality' | 'gp';
      toOrg?: string;
      pathwayId?: string;
      referralId?: string;
      urgent?: boolean;
      at?: string;
    } = {},
  ) => {
    const from = options.from ?? 'municipality';
    const pathwayId = options.pathwayId ?? randomUUID();
    const referralId = options.referralId ?? randomUUID();
    const common = {
      referralId,
      toOrg: options.toOrg ?? SW_AMS,
      reason: 'stabilisation' as const,
      urgent: options.urgent ?? false,
      warm: true,
      at: options.at ?? '2025-03-10T09:00:00.000Z',
    };
    const event =
      from === 'municipality'
        ? buildEvent({
            type: 'nl.ketenpad.municipality.referral-made.v1',
            source: GM0363,
            pathwayId,
            data: { ...common, fromOrg: GM0363 },
          })
        : buildEvent({
            type: 'nl.ketenpad.gp.referral-made.v1',
            source: GP,
            pathwayId,
            data: { ...common, fromOrg: GP, consentRef: randomUUID() },
          });
    await resend(event);
    return { event, pathwayId, referralId };
  };
  const resend = async (event: EventEnvelope): Promise<void> => {
    const topic = event.type.startsWith('nl.ketenpad.gp.') ? 'gp.events.v1' : 'municipality.events.v1';
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
  };

  const inbox = async (token = socialWorker, status?: string) => {
    const res = await api('GET', `/api/v1/referrals${status ? `?status=${status}` : ''}`, token);
    expect(res.status).toBe(200);
    return res.body.referrals ?? [];
  };
  const waitForInbox = (referralId: string) =>
    waitFor(async () => (await inbox()).find((r) => r.referralId === referralId), {
      timeoutMs: 20_000,
      description: `referral ${referralId} in the inbox`,
    });
  /** Waits until `count` events of the pathway were published on social-work.events.v1. */
  const publishedFor = (pathwayId: string, count: number) =>
    waitFor(
      async () => {
        const events = published.filter((e) => e.pathwayid === pathwayId);
        return events.length >= count ? events : undefined;
      },
      { timeoutMs: 20_000, description: `${count} social-work events of pathway ${pathwayId}` },
    );
  const names = (events: EventEnvelope[]) => events.map((e) => e.type.split('.')[3]);

  /** A referral from the municipality, in the inbox and accepted by SW-AMS. */
  const acceptedReferral = async () => {
    const sent = await sendReferral();
    await waitForInbox(sent.referralId);
    expect((await api('POST', `/api/v1/referrals/${sent.referralId}/acceptance`, socialWorker)).status).toBe(201);
    return sent;
  };

  it('runs flow 2: a municipality referral lands in the inbox, is accepted, first contact is made and budget coaching starts', async () => {
    // given a referral from the municipality, made three hours ago
    const { pathwayId, referralId } = await sendReferral({ at: '2025-03-10T09:00:00.000Z' });
    // when it arrives
    const open = await waitForInbox(referralId);
    // then it waits in the inbox, open
    expect(open).toMatchObject({
      referralId,
      pathwayId,
      fromOrg: GM0363,
      toOrg: SW_AMS,
      reason: 'stabilisation',
      urgent: false,
      warm: true,
      status: 'open',
      madeAt: '2025-03-10T09:00:00.000Z',
      waitingHours: 3,
    });
    expect((await inbox(socialWorker, 'open')).map((r) => r.referralId)).toContain(referralId);

    // when the social worker accepts, makes first contact by home visit and starts budget coaching
    clock.current = new Date('2025-03-10T13:00:00.000Z');
    const accepted = await api('POST', `/api/v1/referrals/${referralId}/acceptance`, socialWorker);
    clock.current = new Date('2025-03-12T10:00:00.000Z');
    const contact = await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, {
      kind: 'Huisbezoek',
      at: '2025-03-11T15:00:00.000Z',
    });
    const support = await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, {
      kind: 'budget-coaching',
    });

    // then
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedAt: '2025-03-10T13:00:00.000Z', waitingHours: 4 });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({ firstContactAt: '2025-03-11T15:00:00.000Z' });
    expect(support.status).toBe(201);
    expect(support.body).toEqual({ pathwayId, activeSupport: ['budget-coaching'] });
    const events = await publishedFor(pathwayId, 4);
    expect(names(events)).toEqual(['referral-accepted', 'case-owner-changed', 'first-contact-made', 'support-started']);
    expect(events.every((e) => e.source === SW_AMS && e.classification === 'chain')).toBe(true);
    expect(events.map((e) => e.data)).toEqual([
      { referralId, by: SW_AMS, at: '2025-03-10T13:00:00.000Z' },
      { fromOrg: GM0363, toOrg: SW_AMS, reason: 'referral-accepted', at: '2025-03-10T13:00:00.000Z' },
      { referralId, kind: 'Huisbezoek', at: '2025-03-11T15:00:00.000Z' },
      { kind: 'budget-coaching', at: '2025-03-12T10:00:00.000Z' },
    ]);
    expect((await inbox(socialWorker, 'accepted')).find((r) => r.referralId === referralId)).toMatchObject({
      waitingHours: 4,
    });
  });

  it('declines a referral with a coded reason, after which it can no longer be accepted', async () => {
    // given
    const { pathwayId, referralId } = await sendReferral({ from: 'gp' });
    expect(await waitForInbox(referralId)).toMatchObject({ fromOrg: GP, status: 'open' });
    // when
    const declined = await api('POST', `/api/v1/referrals/${referralId}/decline`, socialWorker, {
      reason: 'no-capacity',
    });
    const before = await outboxCount();
    const acceptAfter = await api('POST', `/api/v1/referrals/${referralId}/acceptance`, socialWorker);
    const declineAgain = await api('POST', `/api/v1/referrals/${referralId}/decline`, socialWorker, {
      reason: 'other',
    });
    // then
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'no-capacity' });
    expect(acceptAfter.status).toBe(409);
    expect(acceptAfter.body.message).toMatch(/already declined/);
    expect(declineAgain.status).toBe(409);
    expect(await outboxCount()).toBe(before);
    const [event] = await publishedFor(pathwayId, 1);
    expect(event!.type).toBe('nl.ketenpad.social-work.referral-declined.v1');
    expect(event!.data).toEqual({ referralId, by: SW_AMS, declineReason: 'no-capacity', at: NOW.toISOString() });
    expect((await inbox(socialWorker, 'declined')).map((r) => r.referralId)).toContain(referralId);
    expect((await inbox(socialWorker, 'open')).map((r) => r.referralId)).not.toContain(referralId);
  });

  it('refuses impossible steps with 409 and emits nothing', async () => {
    // given an open referral and an accepted one with first contact and budget coaching
    const open = await sendReferral();
    await waitForInbox(open.referralId);
    const { pathwayId, referralId } = await acceptedReferral();
    expect(
      (await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, { kind: 'Telefoon' })).status,
    ).toBe(201);
    expect(
      (await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, { kind: 'budget-coaching' })).status,
    ).toBe(201);
    const before = await outboxCount();
    // when / then
    const refusals = [
      await api('POST', `/api/v1/referrals/${referralId}/acceptance`, socialWorker),
      await api('POST', `/api/v1/referrals/${referralId}/decline`, socialWorker, { reason: 'no-capacity' }),
      await api('POST', `/api/v1/pathways/${open.pathwayId}/first-contact`, socialWorker, { kind: 'Telefoon' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, { kind: 'Telefoon' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, { kind: 'Telefoon', referralId }),
      await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, { kind: 'budget-coaching' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/support/home-visits/end`, socialWorker, {}),
    ];
    expect(refusals.map((r) => r.status)).toEqual([409, 409, 409, 409, 409, 409, 409]);
    expect(refusals.map((r) => r.body.message)).toEqual([
      'the referral was already accepted',
      'the referral was already accepted',
      'no referral on this pathway has been accepted yet',
      'first contact was already recorded for this referral',
      'first contact was already recorded for this referral',
      'budget-coaching support already runs on this pathway',
      'no home-visits support runs on this pathway',
    ]);
    expect(await outboxCount()).toBe(before);
    // and ending what runs works, with the default outcome
    const ended = await api('POST', `/api/v1/pathways/${pathwayId}/support/budget-coaching/end`, socialWorker, {});
    expect(ended.status).toBe(201);
    expect(ended.body.activeSupport).toEqual([]);
    const events = await publishedFor(pathwayId, 5);
    expect(events[4]!.data).toEqual({ kind: 'budget-coaching', outcome: 'completed', at: NOW.toISOString() });
  });

  it("answers another organisation's referral exactly like an unknown one (404) and hides its pathways behind 404", async () => {
    // given a referral to SW-AMS, accepted, so its pathway is in SW-AMS's caseload, and one still open
    const { pathwayId, referralId } = await acceptedReferral();
    const pending = await sendReferral();
    await waitForInbox(pending.referralId);
    const unknown = randomUUID();
    const before = await outboxCount();
    // when another social-work organisation tries to act on them
    const responses = [
      await api('POST', `/api/v1/referrals/${pending.referralId}/acceptance`, otherSocialWorker),
      await api('POST', `/api/v1/referrals/${referralId}/decline`, otherSocialWorker, { reason: 'other' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, otherSocialWorker, { kind: 'Telefoon' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/support`, otherSocialWorker, { kind: 'home-visits' }),
      await api('POST', `/api/v1/pathways/${pathwayId}/urgent-situations`, otherSocialWorker, {
        threat: 'eviction',
        dueBy: '2025-03-14',
      }),
      await api('POST', '/api/v1/referrals', otherSocialWorker, {
        pathwayId,
        toOrg: GM0363,
        reason: 'debt-assistance',
        urgent: false,
        warm: false,
      }),
    ];
    // and on referrals nobody holds
    const unknownAnswers = [
      await api('POST', `/api/v1/referrals/${unknown}/acceptance`, otherSocialWorker),
      await api('POST', `/api/v1/referrals/${unknown}/decline`, otherSocialWorker, { reason: 'other' }),
    ];
    // then every attempt is 404, and another team's referral gets the very body of an unknown one
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(unknownAnswers.map((r) => r.status)).toEqual([404, 404]);
    // The correlation id and the request path (`instance`, the caller's own request) differ by nature.
    const withoutCorrelation = ({ correlationId: _correlationId, instance: _instance, ...rest }: ApiBody) => rest;
    expect(responses.slice(0, 2).map((r) => withoutCorrelation(r.body))).toEqual(
      unknownAnswers.map((r) => withoutCorrelation(r.body)),
    );
    expect(withoutCorrelation(responses[0]!.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'referral not found',
      statusCode: 404,
      error: 'Not Found',
      message: 'referral not found',
    });
    // and nothing changed: no event, the other team's inbox empty, SW-AMS's referrals as they were
    expect(await inbox(otherSocialWorker)).toEqual([]);
    expect(await outboxCount()).toBe(before);
    const mine = await inbox();
    expect(mine.find((r) => r.referralId === pending.referralId)).toMatchObject({ status: 'open' });
    expect(mine.find((r) => r.referralId === referralId)).toMatchObject({ status: 'accepted' });
  });

  it('gives a redelivered referral-made no second effect, nor a re-sent one with the same referral id', async () => {
    // given a referral that was taken in and accepted
    const { event, pathwayId, referralId } = await sendReferral();
    await waitForInbox(referralId);
    expect((await api('POST', `/api/v1/referrals/${referralId}/acceptance`, socialWorker)).status).toBe(201);
    // when the same event is delivered again, then a new event repeating the referral id, then a marker on the same partition
    await resend(event);
    await resend(
      buildEvent({
        type: 'nl.ketenpad.municipality.referral-made.v1',
        source: GM0363,
        pathwayId,
        data: { ...event.data, urgent: true },
      }),
    );
    const marker = await sendReferral({ pathwayId });
    await waitForInbox(marker.referralId);
    // then the referral is still the accepted one, once
    const rows = await query<{ status: string; urgent: boolean }>(
      'SELECT status, urgent FROM received_referral WHERE referral_id = $1',
      [referralId],
    );
    expect(rows).toEqual([{ status: 'accepted', urgent: false }]);
    expect((await query<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE event_id = $1', [event.id]))[0]!.n).toBe(
      '1',
    );
  });

  it('ignores a referral addressed to another kind of organisation', async () => {
    // given a referral from the municipality to a court, then a marker on the same partition
    const pathwayId = randomUUID();
    const toGp = await sendReferral({ pathwayId, toOrg: 'urn:nld:ketenpad:court-liaison:RB-AMS' });
    const marker = await sendReferral({ pathwayId });
    // when the marker has arrived
    await waitForInbox(marker.referralId);
    // then the other referral was seen but stored nowhere
    expect(await query('SELECT 1 FROM received_referral WHERE referral_id = $1', [toGp.referralId])).toEqual([]);
    expect(
      (await query<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE event_id = $1', [toGp.event.id]))[0]!.n,
    ).toBe('1');
  });

  it('flags an urgent situation on its own pathway, and on no other', async () => {
    // given
    const { pathwayId } = await acceptedReferral();
    // when
    const flagged = await api('POST', `/api/v1/pathways/${pathwayId}/urgent-situations`, socialWorker, {
      threat: 'eviction',
      dueBy: '2025-03-14',
    });
    const unknown = await api('POST', `/api/v1/pathways/${randomUUID()}/urgent-situations`, socialWorker, {
      threat: 'energy',
      dueBy: '2025-03-14',
    });
    // then
    expect(flagged.status).toBe(201);
    expect(flagged.body).toEqual({ pathwayId, threat: 'eviction', dueBy: '2025-03-14', flaggedAt: NOW.toISOString() });
    expect(unknown.status).toBe(404);
    const events = await publishedFor(pathwayId, 3);
    expect(events[2]!.type).toBe('nl.ketenpad.social-work.urgent-situation-flagged.v1');
    expect(events[2]!.data).toEqual({ threat: 'eviction', dueBy: '2025-03-14', at: NOW.toISOString() });
  });

  it('reads one referral, the caseload and a pathway of it, each its own only, and records every read in the access log', async () => {
    // given an accepted referral with first contact, support and an urgent situation, and a referral still open
    const { pathwayId, referralId } = await acceptedReferral();
    expect(
      (await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, { kind: 'Telefoon' })).status,
    ).toBe(201);
    expect(
      (await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, { kind: 'home-visits' })).status,
    ).toBe(201);
    const urgent = { threat: 'eviction', dueBy: '2025-03-14' };
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/urgent-situations`, socialWorker, urgent)).status).toBe(
      201,
    );
    const pending = await sendReferral();
    await waitForInbox(pending.referralId);
    const logged = async (id: string) =>
      query<{ resource: string; organisation_id: string }>(
        'SELECT resource, organisation_id FROM access_log WHERE pathway_id = $1 ORDER BY id',
        [id],
      );
    const before = (await logged(pathwayId)).length;

    // when SW-AMS reads them
    const referral = await api('GET', `/api/v1/referrals/${pending.referralId}`, socialWorker);
    const caseload = await api('GET', '/api/v1/pathways', socialWorker);
    const pathway = await api('GET', `/api/v1/pathways/${pathwayId}`, socialWorker);

    // then it gets the referral as the inbox shows it, and the pathway with only its own records
    expect(referral.status).toBe(200);
    expect(referral.body).toMatchObject({
      referralId: pending.referralId,
      pathwayId: pending.pathwayId,
      status: 'open',
    });
    expect(caseload.status).toBe(200);
    const listed = (caseload.body['pathways'] as Array<Record<string, unknown>>).map((p) => p['pathwayId']);
    expect(listed).toContain(pathwayId);
    expect(listed).not.toContain(pending.pathwayId);
    expect(pathway.status).toBe(200);
    expect(pathway.body).toMatchObject({
      pathwayId,
      openedBy: 'referral-accepted',
      activeSupport: ['home-visits'],
      urgentSituations: [{ threat: 'eviction', dueBy: '2025-03-14', flaggedAt: NOW.toISOString() }],
      referrals: [{ referralId, status: 'accepted', firstContactAt: NOW.toISOString() }],
    });
    // and every read is in the access log, as SW-AMS's
    const rows = await logged(pathwayId);
    expect(rows.slice(before).map((r) => [r.resource, r.organisation_id])).toEqual([
      ['caseload', 'SW-AMS'],
      ['caseload', 'SW-AMS'],
    ]);
    expect((await logged(pending.pathwayId)).map((r) => r.resource)).toContain('referral');

    // and another team gets 404 for each, with the same body as for an unknown one, and an empty caseload
    const foreign = [
      await api('GET', `/api/v1/referrals/${pending.referralId}`, otherSocialWorker),
      await api('GET', `/api/v1/pathways/${pathwayId}`, otherSocialWorker),
      await api('GET', `/api/v1/pathways/${randomUUID()}`, socialWorker),
    ];
    expect(foreign.map((r) => r.status)).toEqual([404, 404, 404]);
    expect((await api('GET', '/api/v1/pathways', otherSocialWorker)).body).toEqual({ pathways: [] });
    expect((await api('GET', '/api/v1/pathways', counsellor)).status).toBe(403);
  });

  it('refers onward with only the resident pseudonym, on a new pathway that joins the caseload', async () => {
    // given
    const bsn = '111222333';
    // when
    const made = await api('POST', '/api/v1/referrals', socialWorker, {
      toOrg: GM0363,
      reason: 'debt-assistance',
      urgent: true,
      warm: true,
      bsn,
    });
    // then
    expect(made.status).toBe(201);
    const pathwayId = made.body.pathwayId as string;
    const referralId = made.body.referralId as string;
    const [event] = await publishedFor(pathwayId, 1);
    expect(event!.type).toBe('nl.ketenpad.social-work.referral-made.v1');
    expect(event!.data).toEqual({
      referralId,
      fromOrg: SW_AMS,
      toOrg: GM0363,
      reason: 'debt-assistance',
      urgent: true,
      warm: true,
      at: NOW.toISOString(),
      residentPseudonym: ResidentPseudonymiser.fromEnv().of(bsn),
    });
    const everything =
      JSON.stringify(await query('SELECT * FROM onward_referral')) +
      JSON.stringify(await query("SELECT convert_from(payload, 'UTF8') AS p, headers FROM outbox"));
    expect(everything).not.toContain(bsn);
    // and the new pathway is the organisation's own
    expect(
      (await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, { kind: 'home-visits' })).status,
    ).toBe(201);
    expect(
      (
        await api('POST', '/api/v1/referrals', socialWorker, {
          pathwayId,
          toOrg: GM0363,
          reason: 'aftercare',
          urgent: false,
          warm: false,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('POST', '/api/v1/referrals', socialWorker, {
          pathwayId,
          toOrg: SW_AMS,
          reason: 'aftercare',
          urgent: false,
          warm: false,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api('POST', '/api/v1/referrals', socialWorker, {
          pathwayId: randomUUID(),
          toOrg: GM0363,
          reason: 'aftercare',
          urgent: false,
          warm: false,
        })
      ).status,
    ).toBe(404);
  });

  it('rejects bad input with field-level 400s and changes nothing', async () => {
    // given
    const { pathwayId, referralId } = await acceptedReferral();
    const before = await outboxCount();
    // when
    const bad = {
      declineReason: await api('POST', `/api/v1/referrals/${referralId}/decline`, socialWorker, { reason: 'too busy' }),
      unknownField: await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, {
        kind: 'budget-coaching',
        note: 'free text',
      }),
      supportKind: await api('POST', `/api/v1/pathways/${pathwayId}/support/knitting/end`, socialWorker, {}),
      contactKind: await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, { kind: 'Postduif' }),
      futureContact: await api('POST', `/api/v1/pathways/${pathwayId}/first-contact`, socialWorker, {
        kind: 'Telefoon',
        at: '2030-01-01T00:00:00Z',
      }),
      threat: await api('POST', `/api/v1/pathways/${pathwayId}/urgent-situations`, socialWorker, {
        threat: 'boredom',
        dueBy: '2025-03-14',
      }),
      pastDueBy: await api('POST', `/api/v1/pathways/${pathwayId}/urgent-situations`, socialWorker, {
        threat: 'eviction',
        dueBy: '2025-03-01',
      }),
      notAUuid: await api('POST', '/api/v1/referrals/not-a-uuid/acceptance', socialWorker),
      status: await api('GET', '/api/v1/referrals?status=maybe', socialWorker),
      bsn: await api('POST', '/api/v1/referrals', socialWorker, {
        toOrg: GM0363,
        reason: 'debt-assistance',
        urgent: false,
        warm: false,
        bsn: '111222334',
      }),
      toOrg: await api('POST', '/api/v1/referrals', socialWorker, {
        toOrg: 'GM0363',
        reason: 'debt-assistance',
        urgent: false,
        warm: false,
      }),
    };
    // then
    for (const [name, res] of Object.entries(bad)) expect([name, res.status]).toEqual([name, 400]);
    expect(JSON.stringify(bad.declineReason.body)).toMatch(/reason/);
    expect(JSON.stringify(bad.unknownField.body)).toMatch(/note/);
    expect(JSON.stringify(bad.bsn.body)).toMatch(/bsn/);
    expect(JSON.stringify(bad.bsn.body)).not.toContain('111222334');
    expect(await outboxCount()).toBe(before);
  });

  describe('referrals and answers entered later (issue 13)', () => {
    it('publishes an acceptance, a decline and an onward referral at the moment they happened on the organisation’s own system', async () => {
      // given two referrals made on Friday 7 March, entered here on Monday 10 March at noon
      const toAccept = await sendReferral({ at: '2025-03-07T09:00:00.000Z' });
      const toDecline = await sendReferral({ at: '2025-03-07T09:30:00.000Z' });
      await waitForInbox(toAccept.referralId);
      await waitForInbox(toDecline.referralId);
      // when the social worker records what they did on Saturday and Sunday, and a referral made this morning
      const accepted = await api('POST', `/api/v1/referrals/${toAccept.referralId}/acceptance`, socialWorker, {
        acceptedAt: '2025-03-08T10:00:00.000Z',
      });
      const declined = await api('POST', `/api/v1/referrals/${toDecline.referralId}/decline`, socialWorker, {
        reason: 'no-capacity',
        declinedAt: '2025-03-09T11:00:00.000Z',
      });
      const onward = await api('POST', '/api/v1/referrals', socialWorker, {
        toOrg: GM0363,
        reason: 'debt-assistance',
        urgent: false,
        warm: true,
        madeAt: '2025-03-10T08:15:00.000Z',
      });
      // then the answers show the waits as they were
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({
        status: 'accepted',
        decidedAt: '2025-03-08T10:00:00.000Z',
        waitingHours: 25,
      });
      expect(declined.status).toBe(201);
      expect(declined.body).toMatchObject({
        status: 'declined',
        decidedAt: '2025-03-09T11:00:00.000Z',
        waitingHours: 49,
      });
      expect(onward.status).toBe(201);
      expect(onward.body.madeAt).toBe('2025-03-10T08:15:00.000Z');
      // and the published events carry those moments as `at`, published now
      const acceptance = await publishedFor(toAccept.pathwayId, 2);
      expect(acceptance.map((e) => [e.type.split('.')[3], e.data.at, e.time])).toEqual([
        ['referral-accepted', '2025-03-08T10:00:00.000Z', NOW.toISOString()],
        ['case-owner-changed', '2025-03-08T10:00:00.000Z', NOW.toISOString()],
      ]);
      const [decline] = await publishedFor(toDecline.pathwayId, 1);
      expect(decline!.data).toEqual({
        referralId: toDecline.referralId,
        by: SW_AMS,
        declineReason: 'no-capacity',
        at: '2025-03-09T11:00:00.000Z',
      });
      const [made] = await publishedFor(onward.body.pathwayId as string, 1);
      expect(made!.type).toBe('nl.ketenpad.social-work.referral-made.v1');
      expect(made!.data.at).toBe('2025-03-10T08:15:00.000Z');
      // and the pathways joined the caseload when that happened
      const caseload = await query<{ pathway_id: string; opened_at: Date }>(
        'SELECT pathway_id, opened_at FROM caseload_pathway WHERE pathway_id = ANY($1)',
        [[toAccept.pathwayId, onward.body.pathwayId]],
      );
      expect(Object.fromEntries(caseload.map((r) => [r.pathway_id, r.opened_at.toISOString()]))).toEqual({
        [toAccept.pathwayId]: '2025-03-08T10:00:00.000Z',
        [onward.body.pathwayId as string]: '2025-03-10T08:15:00.000Z',
      });
    });

    it('refuses a moment in the future, more than a year back or before the referral was made, and changes nothing', async () => {
      // given an open referral made on 7 March, and an onward referral to make
      const { referralId } = await sendReferral({ at: '2025-03-07T09:00:00.000Z' });
      await waitForInbox(referralId);
      const onward = { toOrg: GM0363, reason: 'debt-assistance', urgent: false, warm: false };
      const before = await outboxCount();
      // when (now is 10 March, 12:00; five minutes of clock skew are tolerated)
      const accept = (acceptedAt: string) =>
        api('POST', `/api/v1/referrals/${referralId}/acceptance`, socialWorker, { acceptedAt });
      const decline = (declinedAt: string) =>
        api('POST', `/api/v1/referrals/${referralId}/decline`, socialWorker, { reason: 'other', declinedAt });
      const refer = (madeAt: string) => api('POST', '/api/v1/referrals', socialWorker, { ...onward, madeAt });
      const badRequests = {
        acceptedAt: [
          await accept('2025-03-10T12:06:00Z'),
          await accept('2024-03-08T12:00:00Z'),
          await accept('1000-01-01T00:00:00Z'),
        ],
        declinedAt: [await decline('2025-03-11T00:00:00Z'), await decline('2024-03-01T00:00:00Z')],
        madeAt: [await refer('2025-03-10T12:06:00Z'), await refer('2024-03-08T12:00:00Z'), await refer('not a date')],
      };
      const beforeMade = [await accept('2025-03-07T08:59:59Z'), await decline('2025-03-06T23:00:00Z')];
      // then a 400 names the field
      for (const [field, responses] of Object.entries(badRequests)) {
        for (const res of responses) {
          expect([field, res.status]).toEqual([field, 400]);
          expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field }] });
        }
      }
      expect(badRequests.acceptedAt.map((r) => (r.body.errors as Array<{ messages: string[] }>)[0]!.messages)).toEqual([
        ['acceptedAt cannot be in the future'],
        ['acceptedAt cannot be more than a year back'],
        ['acceptedAt cannot be before 2000-01-01'],
      ]);
      // and an answer before the referral is refused by the rule
      expect(beforeMade.map((r) => [r.status, r.body.message])).toEqual([
        [409, 'the referral cannot be accepted before it was made'],
        [409, 'the referral cannot be declined before it was made'],
      ]);
      // and nothing changed: no event, the referral still open
      expect(await outboxCount()).toBe(before);
      expect((await inbox()).find((r) => r.referralId === referralId)).toMatchObject({
        status: 'open',
        decidedAt: null,
      });
      // and within the tolerance, the moment it was made counts
      const atMade = await accept('2025-03-07T09:00:00.000Z');
      expect(atMade.status).toBe(201);
      expect(atMade.body).toMatchObject({ status: 'accepted', decidedAt: '2025-03-07T09:00:00.000Z', waitingHours: 0 });
    });
  });

  it('answers 401 without a token and 403 to a municipality counsellor', async () => {
    expect((await api('GET', '/api/v1/referrals', undefined)).status).toBe(401);
    expect((await api('POST', `/api/v1/referrals/${randomUUID()}/acceptance`, undefined)).status).toBe(401);
    expect((await api('GET', '/api/v1/referrals', counsellor)).status).toBe(403);
  });

  describe('privacy (issue 6)', () => {
    /** A GET with the caller's stated purpose. */
    const read = async (path: string, token: string, purpose?: string): Promise<{ status: number; body: ApiBody }> => {
      const res = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-ketenpad-purpose': purpose } : {}) },
      });
      return { status: res.status, body: (await res.json()) as ApiBody };
    };
    const fromMunicipality = async <
      T extends
        | 'nl.ketenpad.municipality.help-requested.v1'
        | 'nl.ketenpad.municipality.pathway-merged.v1'
        | 'nl.ketenpad.municipality.personal-data-erased.v1',
    >(
      type: T,
      pathwayId: string,
      data: KetenpadEventDataMap[T],
    ): Promise<EventEnvelope> => {
      const event = buildEvent({ type, source: GM0363, pathwayId, data });
      await resend(event);
      return event;
    };
    const helpRequested = (pathwayId: string) =>
      fromMunicipality('nl.ketenpad.municipality.help-requested.v1', pathwayId, {
        channel: 'verwijzing',
        requestedAt: '2025-03-10T09:00:00.000Z',
        crisis: null,
        firstConversationDue: '2025-04-07',
        municipalityCode: 'GM0363',
      });
    const consumed = (event: EventEnvelope) =>
      waitFor(
        async () =>
          (await query('SELECT 1 FROM inbox WHERE event_id = $1', [event.id])).length > 0 ? true : undefined,
        {
          timeoutMs: 20_000,
          description: `event ${event.type} consumed`,
        },
      );
    /** Tables holding `value` anywhere in a row (text, json, arrays) or in a bytea column read as UTF-8. */
    const tablesHolding = async (value: string): Promise<string[]> => {
      const columns = await query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
      );
      const tables = [...new Set(columns.map((c) => c.table_name))];
      const holding: string[] = [];
      for (const table of tables) {
        const bytea = columns
          .filter((c) => c.table_name === table && c.data_type === 'bytea')
          .map((c) => `convert_from(r."${c.column_name}", 'UTF8') LIKE $1`);
        const rows = await query(
          `SELECT 1 FROM "${table}" r WHERE r::text LIKE $1 ${bytea.map((b) => `OR ${b}`).join(' ')} LIMIT 1`,
          [`%${value}%`],
        );
        if (rows.length > 0) holding.push(table);
      }
      return holding;
    };

    it("records every pathway its inbox shows in the access log, which only the pathway's responsible municipality can read", async () => {
      // given a referral from GM0363, in the inbox
      const { pathwayId, referralId } = await sendReferral();
      await waitForInbox(referralId);
      const issuer = await DevIssuer.open();
      const otherMunicipality = await issuer.issueFor('GM0344', ['counsellor']);
      const coordinator = await issuer.issueFor('KR-001', ['coordinator']);
      // when a social worker reads the inbox, stating a purpose, and the municipality reads the access log
      expect((await read('/api/v1/referrals', socialWorker, 'budget-coaching')).status).toBe(200);
      const log = await read(`/api/v1/pathways/${pathwayId}/access-log`, counsellor);
      // then the read is in the log, with who, which organisation and role, what and why, and so is the log's own read
      expect(log.status).toBe(200);
      expect(log.body).toMatchObject({ pathwayId, service: 'social-work' });
      const rows = log.body.rows as Array<Record<string, unknown>>;
      // (the inbox polling above read the pathway too, for the default purpose)
      expect(rows.slice(0, -2).map((r) => [r.organisationId, r.resource, r.purpose])).toContainEqual([
        'SW-AMS',
        'referral',
        'referral-handling',
      ]);
      expect(rows.slice(-2).map((r) => [r.organisationId, r.resource, r.purpose])).toEqual([
        ['SW-AMS', 'referral', 'budget-coaching'],
        ['GM0363', 'access-log', 'resident-request'],
      ]);
      expect(rows.at(-2)).toMatchObject({
        pathwayId,
        subject: 'dev:SW-AMS:social-worker',
        organisationKind: 'social-work',
        roles: ['social-worker'],
        classifications: ['chain'],
      });
      expect(rows.every((r) => r.pathwayId === pathwayId)).toBe(true);
      // and nobody else reads it: another municipality and an unknown pathway 404, other roles 403, a malformed id 400
      const refused = [
        await read(`/api/v1/pathways/${pathwayId}/access-log`, otherMunicipality),
        await read(`/api/v1/pathways/${randomUUID()}/access-log`, counsellor),
        await read(`/api/v1/pathways/${pathwayId}/access-log`, socialWorker),
        await read(`/api/v1/pathways/${pathwayId}/access-log`, coordinator),
        await read('/api/v1/pathways/not-a-uuid/access-log', counsellor),
      ];
      expect(refused.map((r) => r.status)).toEqual([404, 404, 403, 403, 400]);
      const logged = await query<{ n: string }>(
        "SELECT count(*) AS n FROM access_log WHERE pathway_id = $1 AND resource = 'access-log'",
        [pathwayId],
      );
      expect(logged[0]!.n).toBe('1');
    });

    it('erases the resident pseudonyms of an erased pathway and of the pathway merged into it, answering once per erasure request', async () => {
      // given three onward referrals with a pseudonym: P, P2 that GM0363 merges into P, and an unrelated P3
      const bsns = { erased: '123456782', merged: '999999990', kept: '111222333' };
      const refer = async (bsn: string) => {
        const made = await api('POST', '/api/v1/referrals', socialWorker, {
          toOrg: GM0363,
          reason: 'debt-assistance',
          urgent: false,
          warm: true,
          bsn,
        });
        expect(made.status).toBe(201);
        const pathwayId = made.body.pathwayId as string;
        await publishedFor(pathwayId, 1);
        return pathwayId;
      };
      const [pathwayId, mergedPathwayId, otherPathwayId] = [
        await refer(bsns.erased),
        await refer(bsns.merged),
        await refer(bsns.kept),
      ];
      const pseudonym = (bsn: string) => ResidentPseudonymiser.fromEnv().of(bsn);
      await consumed(await helpRequested(pathwayId));
      await consumed(
        await fromMunicipality('nl.ketenpad.municipality.pathway-merged.v1', mergedPathwayId, {
          intoPathwayId: pathwayId,
          referralId: randomUUID(),
          at: NOW.toISOString(),
        }),
      );
      await waitFor(
        async () => ((await query('SELECT 1 FROM outbox WHERE sent_at IS NULL')).length === 0 ? true : undefined),
        { description: 'outbox relayed' },
      );
      expect(await tablesHolding(pseudonym(bsns.erased))).toEqual(
        expect.arrayContaining(['onward_referral', 'outbox']),
      );
      // when the municipality's erasure request arrives, is redelivered, and is sent again as a new event
      const erasureId = randomUUID();
      const request = await fromMunicipality('nl.ketenpad.municipality.personal-data-erased.v1', pathwayId, {
        erasureId,
        at: NOW.toISOString(),
      });
      await resend(request);
      await resend(
        buildEvent({
          type: 'nl.ketenpad.municipality.personal-data-erased.v1',
          source: GM0363,
          pathwayId,
          data: { erasureId, at: NOW.toISOString() },
        }),
      );
      await consumed(await helpRequested(pathwayId));
      // then social work answers with its own personal-data-erased, same erasure id, exactly once
      const [answer] = (await publishedFor(pathwayId, 2)).filter(
        (e) => e.type === 'nl.ketenpad.social-work.personal-data-erased.v1',
      );
      expect(answer).toMatchObject({
        source: 'urn:nld:ketenpad:social-work',
        classification: 'chain',
        data: { erasureId, at: NOW.toISOString() },
      });
      expect(
        await query(
          "SELECT 1 FROM outbox WHERE type = 'nl.ketenpad.social-work.personal-data-erased.v1' AND aggregate_id = $1",
          [pathwayId],
        ),
      ).toHaveLength(1);
      expect(
        published.filter(
          (e) => e.type === 'nl.ketenpad.social-work.personal-data-erased.v1' && e.pathwayid === pathwayId,
        ),
      ).toHaveLength(1);
      // and no table holds the erased pseudonyms any more; the unrelated pathway's stays
      expect(await tablesHolding(pseudonym(bsns.erased))).toEqual([]);
      expect(await tablesHolding(pseudonym(bsns.merged))).toEqual([]);
      expect(await tablesHolding(pseudonym(bsns.kept))).toContain('onward_referral');
      // and the pseudonymous facts remain, so the caseload goes on
      const kept = await query<{ pathway_id: string; resident_pseudonym: string | null }>(
        'SELECT pathway_id, resident_pseudonym FROM onward_referral WHERE pathway_id = ANY($1::uuid[])',
        [[pathwayId, mergedPathwayId, otherPathwayId]],
      );
      expect(Object.fromEntries(kept.map((r) => [r.pathway_id, r.resident_pseudonym]))).toEqual({
        [pathwayId]: null,
        [mergedPathwayId]: null,
        [otherPathwayId]: pseudonym(bsns.kept),
      });
      expect(
        (await api('POST', `/api/v1/pathways/${pathwayId}/support`, socialWorker, { kind: 'home-visits' })).status,
      ).toBe(201);
    });
  });
});
