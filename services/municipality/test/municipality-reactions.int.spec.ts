import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { randomBsn } from './resident.fixture';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from '../src/app.module';

/**
 * The municipality as deployed (startService with its inbox) on its own
 * database against the dev broker: GP and social-work events go in through
 * Kafka, the municipality's reactions are read from its outbox.
 */
describe('municipality reactions to the chain, and consent', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  let counsellor: string;
  let utrechtCounsellor: string;
  let db: Client;
  const kafka = new Kafka({ clientId: 'municipality.reactions.int', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const pseudonymOf = (bsn: string): string => ResidentPseudonymiser.fromEnv().of(bsn);
  const GP = 'urn:nld:ketenpad:gp:HA-0001';
  const AMSTERDAM = 'urn:nld:ketenpad:municipality:GM0363';

  beforeAll(async () => {
    database = await createTestDatabase('municipality_reactions');
    app = await startService({
      ...MUNICIPALITY_API,
      rootModule: municipalityAppModule({ config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url }, databaseName: database.name }),
      inbox: municipalityInbox(),
      port: 0,
    });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    utrechtCounsellor = await issuer.issueFor('GM0344', ['counsellor']);
    db = new Client({ connectionString: database.url });
    await db.connect();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  // --- helpers -------------------------------------------------------------

  const api = async (method: 'GET' | 'POST' | 'PUT', path: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // JSON answers are read loosely on the test side (parse returns `any`).
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const produce = async (topic: string, event: EventEnvelope): Promise<void> => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: event.pathwayid, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
  };

  const gpReferral = (
    pathwayId: string,
    overrides: { toOrg?: string; urgent?: boolean; residentPseudonym?: string; referralId?: string; at?: string } = {},
  ) =>
    buildEvent({
      type: 'nl.ketenpad.gp.referral-made.v1',
      source: sourceFor('gp', 'HA-0001'),
      pathwayId,
      data: {
        referralId: overrides.referralId ?? randomUUID(),
        fromOrg: GP,
        toOrg: overrides.toOrg ?? AMSTERDAM,
        reason: 'financial-worries',
        urgent: overrides.urgent ?? false,
        warm: true,
        consentRef: randomUUID(),
        at: overrides.at ?? '2025-03-10T09:30:00Z',
        ...(overrides.residentPseudonym !== undefined ? { residentPseudonym: overrides.residentPseudonym } : {}),
      },
    });

  const urgentFlag = (pathwayId: string, at: string) =>
    buildEvent({
      type: 'nl.ketenpad.social-work.urgent-situation-flagged.v1',
      source: sourceFor('social-work', 'SW-AMS'),
      pathwayId,
      data: { threat: 'eviction', dueBy: '2025-04-01', at },
    });

  /** Waits until the municipality's inbox recorded the event: its effect (if any) committed with it. */
  const processed = (eventId: string) =>
    waitFor(
      async () => {
        const { rows } = await db.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
        return rows.length > 0;
      },
      { timeoutMs: 20_000, description: `event ${eventId} in the municipality inbox` },
    );

  const outboxOf = async (pathwayId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> => {
    const { rows } = await db.query<{ type: string; payload: Buffer }>('SELECT type, payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [
      pathwayId,
    ]);
    return rows.map((r) => ({ type: r.type.split('.')[3]!, data: (JSON.parse(r.payload.toString('utf8')) as { data: Record<string, unknown> }).data }));
  };
  const outboxCount = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n);
  const pathwayCount = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pathway')).rows[0]!.n);

  const registerHelpRequest = async (bsn: string, requestedAt = '2025-03-03T09:00:00Z'): Promise<string> => {
    const res = await api('POST', '/api/v1/pathways', counsellor, { bsn, channel: 'balie', requestedAt });
    expect(res.status).toBe(201);
    return res.body.pathwayId as string;
  };

  // --- referrals -----------------------------------------------------------

  it('opens a new pathway with the referral id for a GP referral of an unknown resident, and accepts it', async () => {
    // given
    const pathwayId = randomUUID();
    const referral = gpReferral(pathwayId);
    // when
    await produce('gp.events.v1', referral);
    await processed(referral.id);
    // then
    expect(await outboxOf(pathwayId)).toEqual([
      {
        type: 'help-requested',
        data: {
          channel: 'verwijzing',
          requestedAt: '2025-03-10T09:30:00.000Z',
          crisis: null,
          firstConversationDue: '2025-04-07',
          municipalityCode: 'GM0363',
          referralId: referral.data.referralId,
        },
      },
      { type: 'phase-changed', data: { from: null, to: 'aanmelding', at: '2025-03-10T09:30:00.000Z' } },
      { type: 'referral-accepted', data: expect.objectContaining({ referralId: referral.data.referralId, by: AMSTERDAM, fromOrg: GP }) },
    ]);
    const view = await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'open', channel: 'verwijzing', resident: null });
  });

  it('gives an urgent referral a first conversation within 3 working days', async () => {
    const pathwayId = randomUUID();
    const referral = gpReferral(pathwayId, { urgent: true });
    await produce('gp.events.v1', referral);
    await processed(referral.id);
    const [requested] = await outboxOf(pathwayId);
    expect(requested).toMatchObject({ type: 'help-requested', data: { crisis: { type: 'other' }, firstConversationDue: '2025-03-13' } });
  });

  it("takes a referral into the resident's open pathway, recognised by the pseudonym, and declares the referral's pathway merged", async () => {
    // given a resident with an open pathway
    const bsn = randomBsn();
    const existing = await registerHelpRequest(bsn);
    const referralPathway = randomUUID();
    const referral = gpReferral(referralPathway, { residentPseudonym: pseudonymOf(bsn) });
    // when
    await produce('gp.events.v1', referral);
    await processed(referral.id);
    // then
    expect(await outboxOf(referralPathway)).toEqual([
      { type: 'pathway-merged', data: { intoPathwayId: existing, referralId: referral.data.referralId, at: expect.any(String) } },
    ]);
    expect((await outboxOf(existing)).slice(2)).toEqual([
      {
        type: 'referral-accepted',
        data: { referralId: referral.data.referralId, by: AMSTERDAM, at: expect.any(String), fromOrg: GP, intoPathwayId: existing },
      },
    ]);
    expect((await api('GET', `/api/v1/pathways/${referralPathway}`, counsellor)).status).toBe(404);
  });

  it('recognises a referred resident once the counsellor added the BSN to the pathway the first referral opened', async () => {
    // given a pathway opened by a referral, whose resident the counsellor then records
    const bsn = randomBsn();
    const first = randomUUID();
    const firstReferral = gpReferral(first);
    await produce('gp.events.v1', firstReferral);
    await processed(firstReferral.id);
    const set = await api('PUT', `/api/v1/pathways/${first}/resident`, counsellor, { bsn, contact: { name: 'J. de Vries' } });
    expect(set.status).toBe(200);
    expect(set.body.resident).toEqual({ bsn: `*****${bsn.slice(5)}`, contact: { name: 'J. de Vries' } });
    // when a second referral for the same resident arrives
    const second = randomUUID();
    const secondReferral = gpReferral(second, { residentPseudonym: pseudonymOf(bsn) });
    await produce('gp.events.v1', secondReferral);
    await processed(secondReferral.id);
    // then it lands on the first pathway
    expect((await outboxOf(second)).map((e) => e.type)).toEqual(['pathway-merged']);
    expect((await outboxOf(first)).map((e) => e.type)).toEqual(['help-requested', 'phase-changed', 'referral-accepted', 'referral-accepted']);
  });

  it('gives a redelivered referral, and the same referral sent again as a new event, no second pathway or event', async () => {
    // given a referral that opened a pathway
    const pathwayId = randomUUID();
    const referral = gpReferral(pathwayId);
    await produce('gp.events.v1', referral);
    await processed(referral.id);
    const [outboxBefore, pathwaysBefore] = [await outboxCount(), await pathwayCount()];
    // when the same event is delivered again, and the GP sends the same referral once more under a new event id
    await produce('gp.events.v1', referral);
    const resent = buildEvent({ type: referral.type, source: referral.source, pathwayId, data: referral.data });
    await produce('gp.events.v1', resent);
    await processed(resent.id);
    // then
    expect(await outboxCount()).toBe(outboxBefore);
    expect(await pathwayCount()).toBe(pathwaysBefore);
    expect((await outboxOf(pathwayId)).filter((e) => e.type === 'help-requested')).toHaveLength(1);
  });

  it("ignores referrals to other organisations, and opens a referral to another municipality in that municipality's records", async () => {
    // given
    const toSocialWork = gpReferral(randomUUID(), { toOrg: 'urn:nld:ketenpad:social-work:SW-AMS' });
    const toUtrecht = gpReferral(randomUUID(), { toOrg: 'urn:nld:ketenpad:municipality:GM0344' });
    // when
    await produce('gp.events.v1', toSocialWork);
    await produce('gp.events.v1', toUtrecht);
    await processed(toSocialWork.id);
    await processed(toUtrecht.id);
    // then
    expect(await outboxOf(toSocialWork.pathwayid)).toEqual([]);
    expect((await outboxOf(toUtrecht.pathwayid))[2]).toMatchObject({ type: 'referral-accepted', data: { by: 'urn:nld:ketenpad:municipality:GM0344' } });
    expect((await api('GET', `/api/v1/pathways/${toUtrecht.pathwayid}`, counsellor)).status).toBe(404);
    expect((await api('GET', `/api/v1/pathways/${toUtrecht.pathwayid}`, utrechtCounsellor)).status).toBe(200);
  });

  it('refuses to give a referred pathway the BSN of another open pathway (409, nothing stored)', async () => {
    // given
    const bsn = randomBsn();
    const existing = await registerHelpRequest(bsn);
    const referral = gpReferral(randomUUID());
    await produce('gp.events.v1', referral);
    await processed(referral.id);
    // when
    const res = await api('PUT', `/api/v1/pathways/${referral.pathwayid}/resident`, counsellor, { bsn });
    // then
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain(existing);
    expect((await api('GET', `/api/v1/pathways/${referral.pathwayid}`, counsellor)).body.resident).toBeNull();
    expect((await api('PUT', `/api/v1/pathways/${referral.pathwayid}/resident`, counsellor, { bsn: '123456789' })).status).toBe(400);
    expect((await api('PUT', `/api/v1/pathways/${referral.pathwayid}/resident`, utrechtCounsellor, { bsn: randomBsn() })).status).toBe(404);
  });

  // --- urgent situations ---------------------------------------------------

  it('brings the first conversation forward to 3 working days after an urgent situation social work flags, naming its threat', async () => {
    // given a help request of Monday 3 March 2025 (due 31 March)
    const pathwayId = await registerHelpRequest(randomBsn(), '2025-03-03T09:00:00Z');
    // when social work flags an eviction on Thursday 20 March
    const flag = urgentFlag(pathwayId, '2025-03-20T10:00:00Z');
    await produce('social-work.events.v1', flag);
    await processed(flag.id);
    // then the conversation is due Tuesday 25 March: 3 working days after the flag, not after the request
    expect((await outboxOf(pathwayId)).slice(2)).toEqual([
      {
        type: 'deadline-changed',
        data: { firstConversationDue: '2025-03-25', reason: 'urgent-situation-flagged', previousFirstConversationDue: '2025-03-31', threat: 'eviction' },
      },
    ]);
    const view = await api('GET', `/api/v1/pathways/${pathwayId}`, counsellor);
    expect(view.body).toMatchObject({ firstConversationDue: '2025-03-25', crisis: { type: 'eviction' } });
  });

  it('ignores an urgent situation flagged on a pathway the municipality does not know, and keeps consuming', async () => {
    // given
    const unknown = urgentFlag(randomUUID(), '2025-03-20T10:00:00Z');
    const before = await outboxCount();
    // when
    await produce('social-work.events.v1', unknown);
    // then it is recorded as seen, without effect, and not dead-lettered
    await processed(unknown.id);
    expect(await outboxCount()).toBe(before);
    const { rows } = await db.query('SELECT 1 FROM consumer_attempts WHERE last_error IS NOT NULL');
    expect(rows).toEqual([]);
  });

  // --- consent -------------------------------------------------------------

  it('records and withdraws a consent, and refuses a second withdrawal with nothing emitted', async () => {
    // given
    const pathwayId = await registerHelpRequest(randomBsn());
    // when
    const recorded = await api('POST', `/api/v1/pathways/${pathwayId}/consents`, counsellor, {
      grantee: 'urn:nld:ketenpad:social-work:SW-AMS',
      purpose: 'stabilisation-support',
      scope: ['chain', 'financial'],
      validUntil: '2099-12-31',
    });
    // then
    expect(recorded.status).toBe(201);
    const consentId = recorded.body.consentId as string;
    expect(recorded.body).toMatchObject({ grantee: 'urn:nld:ketenpad:social-work:SW-AMS', withdrawnAt: null });
    // when
    const withdrawn = await api('POST', `/api/v1/pathways/${pathwayId}/consents/${consentId}/withdrawal`, counsellor);
    // then
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body.withdrawnAt).toEqual(expect.any(String));
    expect((await outboxOf(pathwayId)).slice(2)).toEqual([
      {
        type: 'consent-recorded',
        data: {
          consentId,
          grantee: 'urn:nld:ketenpad:social-work:SW-AMS',
          purpose: 'stabilisation-support',
          scope: ['chain', 'financial'],
          validUntil: '2099-12-31',
          at: expect.any(String),
        },
      },
      { type: 'consent-withdrawn', data: { consentId, grantee: 'urn:nld:ketenpad:social-work:SW-AMS', at: withdrawn.body.withdrawnAt } },
    ]);
    // and again / unknown: 409, nothing emitted
    const before = await outboxCount();
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/consents/${consentId}/withdrawal`, counsellor)).status).toBe(409);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/consents/${randomUUID()}/withdrawal`, counsellor)).status).toBe(409);
    expect(await outboxCount()).toBe(before);
  });

  it('answers 400 with the fields, 401 without a token and 404 for another municipality', async () => {
    const pathwayId = await registerHelpRequest(randomBsn());
    const valid = { grantee: 'urn:nld:ketenpad:social-work:SW-AMS', purpose: 'referral', scope: ['chain'], validUntil: null };
    const invalid = await api('POST', `/api/v1/pathways/${pathwayId}/consents`, counsellor, { grantee: 'SW-AMS', purpose: 'x', scope: [], extra: 1 });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toMatch(/grantee/);
    expect(JSON.stringify(invalid.body)).toMatch(/purpose/);
    expect(JSON.stringify(invalid.body)).toMatch(/scope/);
    expect(JSON.stringify(invalid.body)).toMatch(/validUntil/);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/consents`, undefined, valid)).status).toBe(401);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/consents`, utrechtCounsellor, valid)).status).toBe(404);
    expect((await api('POST', `/api/v1/pathways/${pathwayId}/consents`, counsellor, valid)).status).toBe(201);
  });

  // --- work list -------------------------------------------------------------

  it("lists the municipality's open pathways with phase, crisis and deadline, and nothing of another municipality", async () => {
    // given
    const pathwayId = await registerHelpRequest(randomBsn());
    // when
    const list = await api('GET', '/api/v1/pathways?status=open&limit=500', counsellor);
    const utrecht = await api('GET', '/api/v1/pathways?status=open', utrechtCounsellor);
    // then
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({
      pathwayId,
      status: 'open',
      phase: 'aanmelding',
      crisis: null,
      firstConversationDue: '2025-03-31',
      firstConversationHeldAt: null,
    });
    expect(list.body.every((p: { status: string }) => p.status === 'open')).toBe(true);
    expect(utrecht.body.some((p: { pathwayId: string }) => p.pathwayId === pathwayId)).toBe(false);
    expect((await api('GET', '/api/v1/pathways?status=gone', counsellor)).status).toBe(400);
  });
});

