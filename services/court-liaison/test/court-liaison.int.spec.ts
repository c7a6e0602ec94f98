import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope, type KetenpadEvent } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { courtLiaisonAppModule, courtLiaisonInbox, COURT_LIAISON_API } from '../src/app.module';
import { Clock } from '@ketenpad/runtime';
import { MoratoriumEndScheduler } from '../src/application/moratorium-end.scheduler';

/** The clock is a true process edge: the test decides what "today" is. */
class TestClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}

const MUNICIPALITY_TOPIC = 'municipality.events.v1';
const COURT_TOPIC = 'court-liaison.events.v1';
const RB_AMS = 'urn:nld:ketenpad:court-liaison:RB-AMS';
const GM0363 = 'urn:nld:ketenpad:municipality:GM0363';
const REFERRAL_MADE = 'nl.ketenpad.municipality.referral-made.v1';

/** A response body as this test reads it: a court case view or the one error shape. */
interface ResponseBody {
  readonly status: string;
  readonly message: string;
  readonly errors: ReadonlyArray<{ field: string }>;
  readonly referrals: ReadonlyArray<{ referralId: string; status: string }>;
  readonly moratorium: { status: string };
  readonly wsnp: { status: string };
  readonly hearings: readonly unknown[];
}

/**
 * The court liaison in-process against real PostgreSQL and the dev broker:
 * referrals arrive from the municipality topic, its facts go through the
 * outbox to `court-liaison.events.v1`, and the moratorium end is scheduled.
 */
describe('court liaison service', () => {
  const clock = new TestClock(new Date('2025-03-10T09:30:00.000Z'));
  const kafka = new Kafka({ clientId: 'court-liaison.int-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let reader: Consumer;
  const published: EventEnvelope[] = [];
  let database: TestDatabase;
  let app: INestApplication;
  let url: string;
  let issuer: DevIssuer;
  let liaison: string;

  const boot = async (withInbox = true): Promise<INestApplication> =>
    startService({
      ...COURT_LIAISON_API,
      rootModule: courtLiaisonAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
        databaseName: database.name,
        clock,
        // Polls are driven by the test (plus the one every start-up does).
        schedulerIntervalMs: 3_600_000,
      }),
      ...(withInbox ? { inbox: courtLiaisonInbox() } : {}),
      port: 0,
    });
  const start = async (): Promise<void> => {
    app = await boot();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    database = await createTestDatabase('court_liaison');
    issuer = await DevIssuer.open();
    liaison = await issuer.issueFor('RB-AMS', ['court-liaison']);
    await producer.connect();
    reader = kafka.consumer({ groupId: `court-liaison.int-spec.${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: COURT_TOPIC, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (message.value) published.push(EventCodec.shared().decode(message.value));
      },
    });
    await start();
  });

  afterAll(async () => {
    await app?.close();
    await reader?.disconnect();
    await producer.disconnect();
    await database?.drop();
  });

  const api = async (
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: ResponseBody }> => {
    const res = await fetch(`${url}/api/v1/${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  /** Event names in the outbox for a pathway, in order (the outbox is the source of truth for "emitted"). */
  const outboxOf = async (pathwayId: string): Promise<string[]> =>
    (await sql<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [pathwayId])).map(
      (r) => r.type.split('.')[3]!,
    );
  const outboxCount = async (): Promise<number> =>
    Number((await sql<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0]!.n);
  /** Event names published on the court-liaison topic for a pathway. */
  const onTopic = (pathwayId: string): string[] =>
    published.filter((e) => e.pathwayid === pathwayId).map((e) => e.type.split('.')[3]!);

  const referralEvent = (
    pathwayId: string,
    overrides: Partial<KetenpadEvent<typeof REFERRAL_MADE>['data']> = {},
    id?: string,
  ) =>
    buildEvent({
      type: REFERRAL_MADE,
      source: sourceFor('municipality', 'GM0363'),
      pathwayId,
      ...(id ? { id } : {}),
      data: {
        referralId: randomUUID(),
        fromOrg: GM0363,
        toOrg: RB_AMS,
        reason: 'court-procedure',
        urgent: true,
        warm: false,
        at: '2025-03-10T09:00:00.000Z',
        ...overrides,
      },
    });
  const produce = async (...events: EventEnvelope[]): Promise<void> => {
    await producer.send({
      topic: MUNICIPALITY_TOPIC,
      acks: -1,
      messages: events.map((e) => ({ key: e.pathwayid, value: EventCodec.shared().encode(e), headers: { id: e.id } })),
    });
  };
  const caseOf = (pathwayId: string, token = liaison) => api('GET', `pathways/${pathwayId}`, token);
  const waitForCase = (
    pathwayId: string,
    until: (body: ResponseBody) => boolean = () => true,
    description = 'the court case',
  ) =>
    waitFor(
      async () => {
        const res = await caseOf(pathwayId);
        return res.status === 200 && until(res.body) ? res.body : undefined;
      },
      { timeoutMs: 30_000, description },
    );
  /** A case referred by the municipality, received through Kafka. */
  const referredCase = async (): Promise<{ pathwayId: string; referralId: string }> => {
    const pathwayId = randomUUID();
    const referral = referralEvent(pathwayId);
    await produce(referral);
    await waitForCase(pathwayId, undefined, 'the case opened by the referral');
    return { pathwayId, referralId: referral.data.referralId };
  };
  /** The pathway of a case referred by the municipality (court steps need no accepted referral, only the case). */
  const referredPathway = async (): Promise<string> => (await referredCase()).pathwayId;
  /** Everything the court liaison keeps of a pathway: its case rows and its outbox. */
  const writtenFor = async (pathwayId: string) => ({
    cases: await sql<{ organisation_id: string; status: string }>(
      'SELECT organisation_id, status FROM court_case WHERE pathway_id = $1 ORDER BY organisation_id',
      [pathwayId],
    ),
    outbox: await outboxOf(pathwayId),
  });
  /** A 404 body without its correlation id, to compare two refusals. */
  // The correlation id and the request path (`instance`, the caller's own request) differ by nature.
  const refusalBody = ({
    correlationId: _correlationId,
    instance: _instance,
    ...rest
  }: ResponseBody & { correlationId?: string; instance?: string }) => rest;
  const post = (pathwayId: string, path: string, body: unknown = {}) =>
    api('POST', `pathways/${pathwayId}/${path}`, liaison, body);

  it('takes a referral from the municipality to a moratorium that ends exactly once, also across a restart (flow 3)', async () => {
    // given a referral from the municipality for a pathway threatened with eviction
    const { pathwayId, referralId } = await referredCase();
    const accepted = await api('POST', `referrals/${referralId}/acceptance`, liaison);
    expect(accepted.status).toBe(201);
    // when the moratorium is requested and granted with an end date that has already passed on the test clock
    expect((await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' })).status).toBe(201);
    const granted = await post(pathwayId, 'moratorium/grant', { startsAt: '2025-01-06', endsAt: '2025-03-07' });
    expect(granted.status).toBe(201);
    expect(await outboxOf(pathwayId)).toEqual(['referral-accepted', 'moratorium-requested', 'moratorium-granted']);
    const scheduler = app.get(MoratoriumEndScheduler);
    const first = await scheduler.pollOnce();
    const second = await scheduler.pollOnce();
    // then exactly one moratorium-ended, at the start of the day after the last day (Amsterdam time)
    expect(first).toBe(1);
    expect(second).toBe(0);
    expect(await outboxOf(pathwayId)).toEqual([
      'referral-accepted',
      'moratorium-requested',
      'moratorium-granted',
      'moratorium-ended',
    ]);
    const [ended] = await sql<{ payload: Buffer }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND type LIKE '%moratorium-ended%'`,
      [pathwayId],
    );
    expect(EventCodec.shared().decode(ended!.payload)).toMatchObject({
      source: RB_AMS,
      classification: 'legal',
      data: { at: '2025-03-07T23:00:00.000Z' },
    });
    expect((await caseOf(pathwayId)).body).toMatchObject({
      status: 'open',
      referrals: [{ referralId, fromOrg: GM0363, status: 'accepted' }],
      moratorium: { status: 'ended', basis: 'Fw-287b', startsAt: '2025-01-06', endsAt: '2025-03-07' },
    });
    // and the facts reach the court-liaison topic through the outbox relay
    await waitFor(async () => onTopic(pathwayId).length === 4, {
      timeoutMs: 20_000,
      description: 'the four events on the topic',
    });
    expect(onTopic(pathwayId)).toEqual([
      'referral-accepted',
      'moratorium-requested',
      'moratorium-granted',
      'moratorium-ended',
    ]);
    expect(published.find((e) => e.pathwayid === pathwayId)?.data).toMatchObject({ referralId, by: RB_AMS });

    // when the service restarts (its start-up poll runs again)
    await app.close();
    await start();
    // then nothing is emitted a second time
    expect(await app.get(MoratoriumEndScheduler).pollOnce()).toBe(0);
    expect((await outboxOf(pathwayId)).filter((t) => t === 'moratorium-ended')).toHaveLength(1);
    const [job] = await sql<{ done_at: Date | null; due_on: string }>(
      `SELECT done_at, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM scheduled_job WHERE pathway_id = $1`,
      [pathwayId],
    );
    expect(job).toMatchObject({ due_on: '2025-03-08', done_at: expect.any(Date) });
  });

  it('lets two scheduler instances polling at once emit a due moratorium end only once', async () => {
    // given a second instance on the same database (started first: its start-up poll would otherwise win alone)
    const other = await boot(false);
    try {
      // and a granted moratorium whose end date has passed
      const pathwayId = await referredPathway();
      await post(pathwayId, 'moratorium/request', { basis: 'Wgs-5' });
      expect((await post(pathwayId, 'moratorium/grant', { startsAt: '2025-01-01', endsAt: '2025-03-01' })).status).toBe(
        201,
      );
      // when both poll at the same moment
      const counts = await Promise.all([
        app.get(MoratoriumEndScheduler).pollOnce(),
        other.get(MoratoriumEndScheduler).pollOnce(),
      ]);
      // then the event is in the outbox once
      expect(counts[0] + counts[1]).toBe(1);
      expect((await outboxOf(pathwayId)).filter((t) => t === 'moratorium-ended')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('does not end a moratorium before its last day has passed', async () => {
    // given a moratorium that runs until the test clock's today
    const pathwayId = await referredPathway();
    await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' });
    await post(pathwayId, 'moratorium/grant', { startsAt: '2025-03-01', endsAt: '2025-03-10' });
    // when the scheduler polls today, and again the next day
    await app.get(MoratoriumEndScheduler).pollOnce();
    const before = await outboxOf(pathwayId);
    clock.current = new Date('2025-03-10T23:30:00.000Z'); // 00:30 on 11 March in Amsterdam
    try {
      await app.get(MoratoriumEndScheduler).pollOnce();
    } finally {
      clock.current = new Date('2025-03-10T09:30:00.000Z');
    }
    // then it ended only once the Dutch date was past the last day
    expect(before).not.toContain('moratorium-ended');
    expect(await outboxOf(pathwayId)).toContain('moratorium-ended');
  });

  it('takes a forced settlement from request to decision, and a Wsnp from petition through admission to its end (flow 4)', async () => {
    // given a referred case
    const { pathwayId } = await referredCase();
    // when
    const steps = [
      await post(pathwayId, 'forced-settlement/request'),
      await post(pathwayId, 'forced-settlement/decision', { outcome: 'rejected' }),
      await post(pathwayId, 'wsnp/petition'),
      await post(pathwayId, 'wsnp/admission', { termMonths: 18 }),
      await post(pathwayId, 'wsnp/end', { cleanSlate: true }),
    ];
    // then
    expect(steps.map((s) => s.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await outboxOf(pathwayId)).toEqual([
      'forced-settlement-requested',
      'forced-settlement-decided',
      'wsnp-petition-filed',
      'wsnp-admitted',
      'wsnp-ended',
    ]);
    expect((await caseOf(pathwayId)).body).toMatchObject({
      forcedSettlement: { status: 'decided', outcome: 'rejected' },
      wsnp: { status: 'ended', termMonths: 18, cleanSlate: true },
    });
    expect((await post(pathwayId, 'forced-settlement/decision', { outcome: 'granted' })).status).toBe(409);
  });

  it('refuses a Wsnp admission before a petition with 409 and emits nothing', async () => {
    // given
    const pathwayId = await referredPathway();
    const before = await outboxCount();
    // when
    const res = await post(pathwayId, 'wsnp/admission', { termMonths: 18 });
    // then
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Wsnp admitted before a petition');
    expect(await outboxCount()).toBe(before);
    expect((await caseOf(pathwayId)).body.wsnp).toEqual({ status: 'none' });
  });

  it('rejects a moratorium longer than six months and emits nothing', async () => {
    // given a pending request
    const pathwayId = await referredPathway();
    await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' });
    const before = await outboxCount();
    // when
    const tooLong = await post(pathwayId, 'moratorium/grant', { startsAt: '2025-03-12', endsAt: '2025-09-13' });
    const backwards = await post(pathwayId, 'moratorium/grant', { startsAt: '2025-03-12', endsAt: '2025-03-11' });
    // then
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toBe('a moratorium lasts at most 6 months: endsAt may be 2025-09-12 at the latest');
    expect(backwards.status).toBe(400);
    expect(await outboxCount()).toBe(before);
    expect(await sql('SELECT 1 FROM scheduled_job WHERE pathway_id = $1', [pathwayId])).toHaveLength(0);
    expect((await caseOf(pathwayId)).body.moratorium.status).toBe('requested');
  });

  it('refuses impossible moratorium and protective administration steps with 409 and emits nothing', async () => {
    // given
    const pathwayId = await referredPathway();
    const before = await outboxCount();
    // when / then
    expect((await post(pathwayId, 'moratorium/grant', { startsAt: '2025-03-12', endsAt: '2025-06-12' })).status).toBe(
      409,
    );
    expect((await post(pathwayId, 'moratorium/reject')).status).toBe(409);
    expect((await post(pathwayId, 'protective-administration/order')).status).toBe(409);
    expect((await post(pathwayId, 'protective-administration/lift')).status).toBe(409);
    expect(await outboxCount()).toBe(before);
    // and a second moratorium request while one is pending is refused as well
    expect((await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' })).status).toBe(201);
    expect((await post(pathwayId, 'moratorium/request', { basis: 'Wgs-5' })).status).toBe(409);
    expect(await outboxCount()).toBe(before + 1);
  });

  it('records protective administration, a provisional measure and a hearing', async () => {
    // given
    const pathwayId = await referredPathway();
    // when
    const statuses = [
      (await post(pathwayId, 'protective-administration/request')).status,
      (await post(pathwayId, 'protective-administration/order')).status,
      (await post(pathwayId, 'protective-administration/lift')).status,
      (await post(pathwayId, 'provisional-measure', { endsAt: '2025-05-12' })).status,
      (await post(pathwayId, 'hearings', { at: '2025-03-18T10:00:00Z', instrument: 'moratorium' })).status,
    ];
    // then
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect(await outboxOf(pathwayId)).toEqual([
      'protective-administration-requested',
      'protective-administration-ordered',
      'protective-administration-lifted',
      'provisional-measure-granted',
      'hearing-scheduled',
    ]);
    expect((await caseOf(pathwayId)).body.hearings).toEqual([
      { at: '2025-03-18T10:00:00.000Z', instrument: 'moratorium' },
    ]);
  });

  it('answers invalid input with field-level 400s and emits nothing', async () => {
    // given
    const pathwayId = await referredPathway();
    const before = await outboxCount();
    // when
    const grant = await post(pathwayId, 'moratorium/grant', { startsAt: '2025-02-30', extra: true });
    const request = await post(pathwayId, 'moratorium/request', { basis: 'Fw-999' });
    const admission = await post(pathwayId, 'wsnp/admission', { termMonths: 43 });
    const badId = await api('GET', 'pathways/not-a-uuid', liaison);
    // then
    expect(grant.status).toBe(400);
    expect(grant.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['endsAt', 'extra', 'startsAt']);
    expect(request.body.errors.map((e: { field: string }) => e.field)).toEqual(['basis']);
    expect(admission.body.errors.map((e: { field: string }) => e.field)).toEqual(['termMonths']);
    expect(badId.status).toBe(400);
    expect(await outboxCount()).toBe(before);
  });

  it('keeps a case to its own organisation: 404 for another court liaison, on its referrals exactly as for an unknown one, 401 without a token, 403 for another role', async () => {
    // given a case of RB-AMS with a referral not yet answered
    const { pathwayId, referralId } = await referredCase();
    const otherCourt = await issuer.issueFor('RB-RTD', ['court-liaison'], { kind: 'court-liaison' });
    const counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    const before = await outboxCount();
    // when / then
    expect((await caseOf(pathwayId, otherCourt)).status).toBe(404);
    expect(
      (await api('POST', `pathways/${pathwayId}/moratorium/request`, otherCourt, { basis: 'Fw-287b' })).status,
    ).toBe(404);
    // a referral addressed to another court liaison is answered exactly like one that does not exist
    const unknown = randomUUID();
    const answers = [
      [
        await api('POST', `referrals/${referralId}/acceptance`, otherCourt),
        await api('POST', `referrals/${unknown}/acceptance`, otherCourt),
      ],
      [
        await api('POST', `referrals/${referralId}/decline`, otherCourt, { declineReason: 'no-capacity' }),
        await api('POST', `referrals/${unknown}/decline`, otherCourt, { declineReason: 'no-capacity' }),
      ],
    ];
    for (const [elsewhere, nowhere] of answers) {
      expect([elsewhere!.status, nowhere!.status]).toEqual([404, 404]);
      expect(refusalBody(elsewhere!.body)).toEqual(refusalBody(nowhere!.body));
      expect(refusalBody(elsewhere!.body)).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'referral not found',
        statusCode: 404,
        error: 'Not Found',
        message: 'referral not found',
      });
    }
    expect((await caseOf(randomUUID())).status).toBe(404);
    expect((await api('GET', `pathways/${pathwayId}`, undefined)).status).toBe(401);
    expect((await api('GET', `pathways/${pathwayId}`, counsellor)).status).toBe(403);
    // and nothing was written: no event, the referral still waits for RB-AMS's answer
    expect(await outboxCount()).toBe(before);
    expect((await caseOf(pathwayId)).body.referrals).toEqual([
      expect.objectContaining({ referralId, status: 'received' }),
    ]);
  });

  it('lists its own cases, those with a referral to answer first, and nothing of another court liaison', async () => {
    // given two cases of RB-AMS: one whose referral was accepted, one still to answer
    const answered = await referredCase();
    expect((await api('POST', `referrals/${answered.referralId}/acceptance`, liaison)).status).toBe(201);
    const waiting = await referredCase();
    const otherCourt = await issuer.issueFor('RB-DHG', ['court-liaison'], { kind: 'court-liaison' });
    const counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    const cases = async (token: string) => {
      const res = await fetch(`${url}/api/v1/cases`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as { cases: ResponseBody[] & { pathwayId: string }[] } };
    };

    // when RB-AMS lists its cases
    const own = await cases(liaison);

    // then both are there, the one to answer before the answered one, each as its case reads
    expect(own.status).toBe(200);
    const ids = own.body.cases.map((c) => c.pathwayId);
    expect(ids).toEqual(expect.arrayContaining([answered.pathwayId, waiting.pathwayId]));
    expect(ids.indexOf(waiting.pathwayId)).toBeLessThan(ids.indexOf(answered.pathwayId));
    expect(own.body.cases.find((c) => c.pathwayId === waiting.pathwayId)).toMatchObject({
      status: 'open',
      referrals: [{ referralId: waiting.referralId, status: 'received' }],
      moratorium: { status: 'none' },
    });
    // and each listed pathway is in the access log as a read of the court case
    const logged = await sql<{ pathway_id: string; resource: string; organisation_id: string }>(
      'SELECT pathway_id, resource, organisation_id FROM access_log WHERE pathway_id = $1',
      [waiting.pathwayId],
    );
    expect(logged).toContainEqual({ pathway_id: waiting.pathwayId, resource: 'court-case', organisation_id: 'RB-AMS' });
    // and another court liaison sees none of them; another role is refused
    const elsewhere = await cases(otherCourt);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.cases.map((c) => c.pathwayId)).not.toContain(waiting.pathwayId);
    expect(elsewhere.body.cases.map((c) => c.pathwayId)).not.toContain(answered.pathwayId);
    expect((await cases(counsellor)).status).toBe(403);
  });

  it("opens no case and records no court step on a pathway not referred to it, another municipality's or unknown: 404 either way, nothing written", async () => {
    // given GM0344's pathway, referred to another court liaison (RB-RTD), and a pathway nobody knows
    const foreign = randomUUID();
    const toOtherCourt = buildEvent({
      type: REFERRAL_MADE,
      source: sourceFor('municipality', 'GM0344'),
      pathwayId: foreign,
      data: {
        referralId: randomUUID(),
        fromOrg: 'urn:nld:ketenpad:municipality:GM0344',
        toOrg: 'urn:nld:ketenpad:court-liaison:RB-RTD',
        reason: 'court-procedure',
        urgent: true,
        warm: false,
        at: '2025-03-10T09:00:00.000Z',
      },
    });
    await produce(toOtherCourt);
    const otherCourt = await issuer.issueFor('RB-RTD', ['court-liaison'], { kind: 'court-liaison' });
    await waitFor(async () => ((await caseOf(foreign, otherCourt)).status === 200 ? true : undefined), {
      timeoutMs: 30_000,
      description: "RB-RTD's case opened by the referral",
    });
    const unknown = randomUUID();
    const before = await outboxCount();
    // when RB-AMS opens a case on each and records court steps on them
    const attempts = async (pathwayId: string) => [
      await api('POST', 'cases', liaison, { pathwayId }),
      await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' }),
      await post(pathwayId, 'wsnp/petition'),
      await post(pathwayId, 'hearings', { at: '2025-03-18T10:00:00Z', instrument: 'moratorium' }),
      await api('POST', `referrals/${toOtherCourt.data.referralId}/acceptance`, liaison),
    ];
    const onForeign = await attempts(foreign);
    const onUnknown = await attempts(unknown);
    // then every attempt is 404, with the same body as on the unknown pathway
    expect(onForeign.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(onUnknown.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(onForeign.map((r) => refusalBody(r.body))).toEqual(onUnknown.map((r) => refusalBody(r.body)));
    expect(refusalBody(onForeign[0]!.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'court case not found',
      statusCode: 404,
      error: 'Not Found',
      message: 'court case not found',
    });
    // and nothing is written: no case of RB-AMS, no event, RB-RTD's case untouched
    expect(await writtenFor(foreign)).toEqual({ cases: [{ organisation_id: 'RB-RTD', status: 'open' }], outbox: [] });
    expect(await writtenFor(unknown)).toEqual({ cases: [], outbox: [] });
    expect(await outboxCount()).toBe(before);
    expect((await caseOf(foreign)).status).toBe(404);
    expect((await caseOf(foreign, otherCourt)).body.referrals).toEqual([
      expect.objectContaining({ referralId: toOtherCourt.data.referralId, status: 'received' }),
    ]);
  });

  it('gives a redelivered referral no second effect and ignores referrals to other kinds of organisation', async () => {
    // given a referral that opened a case
    const pathwayId = randomUUID();
    const original = referralEvent(pathwayId);
    await produce(original);
    await waitForCase(pathwayId);
    // when the same event is delivered again, the same referral comes under a new event id,
    // a referral to social work follows, and then a second referral to the court on the same partition
    const toSocialWork = referralEvent(pathwayId, {
      toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
      reason: 'stabilisation',
    });
    const second = referralEvent(pathwayId, { reason: 'protective-administration' });
    await produce(original, referralEvent(pathwayId, { referralId: original.data.referralId }), toSocialWork, second);
    // then once the last one is in, the case holds each court referral exactly once
    const court = await waitForCase(pathwayId, (body) => body.referrals.length >= 2, 'the second referral');
    await new Promise((r) => setTimeout(r, 500));
    expect((await caseOf(pathwayId)).body.referrals.map((r: { referralId: string }) => r.referralId)).toEqual([
      original.data.referralId,
      second.data.referralId,
    ]);
    expect(court.referrals[1]).toMatchObject({ reason: 'protective-administration', status: 'received' });
    expect(await sql('SELECT 1 FROM court_referral WHERE pathway_id = $1', [pathwayId])).toHaveLength(2);
    expect(await outboxOf(pathwayId)).toEqual([]);
  });

  it('declines a referral: the case closes, procedures are refused, and a second answer is 409', async () => {
    // given
    const { pathwayId, referralId } = await referredCase();
    // when
    const declined = await api('POST', `referrals/${referralId}/decline`, liaison, { declineReason: 'not-suitable' });
    // then
    expect(declined.status).toBe(201);
    expect(declined.body.status).toBe('closed');
    expect(await outboxOf(pathwayId)).toEqual(['referral-declined']);
    const [event] = await sql<{ payload: Buffer }>('SELECT payload FROM outbox WHERE aggregate_id = $1', [pathwayId]);
    expect(EventCodec.shared().decode(event!.payload).data).toMatchObject({
      referralId,
      by: RB_AMS,
      declineReason: 'not-suitable',
    });
    expect((await post(pathwayId, 'moratorium/request', { basis: 'Fw-287b' })).status).toBe(409);
    expect((await api('POST', `referrals/${referralId}/acceptance`, liaison)).status).toBe(409);
    expect((await api('POST', `referrals/${referralId}/decline`, liaison, { declineReason: 'other' })).status).toBe(
      409,
    );
    expect((await api('POST', `referrals/${randomUUID()}/acceptance`, liaison)).status).toBe(404);
    expect(await outboxOf(pathwayId)).toEqual(['referral-declined']);
  });

  it('refuses to open a second case for a pathway that already has an open one', async () => {
    const pathwayId = await referredPathway();
    const res = await api('POST', 'cases', liaison, { pathwayId });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('a court case is already open for this pathway');
  });

  it('takes up again a referred case closed by declining its referral, and records court steps on it', async () => {
    // given a case closed by declining its only referral
    const { pathwayId, referralId } = await referredCase();
    expect(
      (await api('POST', `referrals/${referralId}/decline`, liaison, { declineReason: 'not-suitable' })).status,
    ).toBe(201);
    // when the court liaison opens it again and requests a moratorium
    const reopened = await api('POST', 'cases', liaison, { pathwayId });
    const requested = await post(pathwayId, 'moratorium/request', { basis: 'Wgs-5' });
    // then
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({ status: 'open', referrals: [{ referralId, status: 'declined' }] });
    expect(requested.status).toBe(201);
    expect(await writtenFor(pathwayId)).toEqual({
      cases: [{ organisation_id: 'RB-AMS', status: 'open' }],
      outbox: ['referral-declined', 'moratorium-requested'],
    });
  });

  describe('answers entered later (issue 13)', () => {
    /** A referral made by the municipality at `at`, received through Kafka. */
    const referredAt = async (at: string): Promise<{ pathwayId: string; referralId: string }> => {
      const pathwayId = randomUUID();
      const referral = referralEvent(pathwayId, { at });
      await produce(referral);
      await waitForCase(pathwayId, undefined, 'the case opened by the referral');
      return { pathwayId, referralId: referral.data.referralId };
    };
    /** The `at` and publication time of the pathway's events in the outbox. */
    const outboxMoments = async (pathwayId: string) =>
      (await sql<{ payload: Buffer }>('SELECT payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [pathwayId])).map(
        (r) => {
          const event = EventCodec.shared().decode(r.payload);
          return { type: event.type.split('.')[3], at: event.data.at, time: event.time };
        },
      );

    it('publishes an acceptance and a decline at the moment they happened on the court liaison’s own system', async () => {
      // given two referrals made on 6 March, answered on paper on 7 March and entered here on 10 March
      const toAccept = await referredAt('2025-03-06T10:00:00.000Z');
      const toDecline = await referredAt('2025-03-06T11:00:00.000Z');
      // when
      const accepted = await api('POST', `referrals/${toAccept.referralId}/acceptance`, liaison, {
        acceptedAt: '2025-03-07T08:00:00.000Z',
      });
      const declined = await api('POST', `referrals/${toDecline.referralId}/decline`, liaison, {
        declineReason: 'no-capacity',
        declinedAt: '2025-03-07T09:00:00.000Z',
      });
      // then the events carry those moments as `at`, published now
      expect([accepted.status, declined.status]).toEqual([201, 201]);
      expect(await outboxMoments(toAccept.pathwayId)).toEqual([
        { type: 'referral-accepted', at: '2025-03-07T08:00:00.000Z', time: '2025-03-10T09:30:00.000Z' },
      ]);
      expect(await outboxMoments(toDecline.pathwayId)).toEqual([
        { type: 'referral-declined', at: '2025-03-07T09:00:00.000Z', time: '2025-03-10T09:30:00.000Z' },
      ]);
      // and reach the topic so
      await waitFor(async () => onTopic(toAccept.pathwayId).length + onTopic(toDecline.pathwayId).length === 2, {
        timeoutMs: 20_000,
        description: 'the acceptance and the decline on the topic',
      });
      expect(
        published.filter((e) => [toAccept.pathwayId, toDecline.pathwayId].includes(e.pathwayid)).map((e) => e.data.at),
      ).toEqual(expect.arrayContaining(['2025-03-07T08:00:00.000Z', '2025-03-07T09:00:00.000Z']));
    });

    it('refuses a moment in the future, more than a year back or before the referral was made, and writes nothing', async () => {
      // given a referral made on 6 March (now is 10 March, 09:30)
      const { pathwayId, referralId } = await referredAt('2025-03-06T10:00:00.000Z');
      const before = await outboxCount();
      const accept = (acceptedAt: string) => api('POST', `referrals/${referralId}/acceptance`, liaison, { acceptedAt });
      const decline = (declinedAt: string) =>
        api('POST', `referrals/${referralId}/decline`, liaison, { declineReason: 'other', declinedAt });
      // when
      const badRequests = {
        acceptedAt: [await accept('2025-03-10T09:36:00Z'), await accept('2024-03-01T00:00:00Z'), await accept('1000-01-01T00:00:00Z')],
        declinedAt: [await decline('2025-03-11T09:30:00Z'), await decline('2024-03-08T09:29:00Z'), await decline('soon')],
      };
      const beforeMade = [await accept('2025-03-06T09:59:59Z'), await decline('2025-03-05T10:00:00Z')];
      // then a 400 names the field
      for (const [field, responses] of Object.entries(badRequests)) {
        for (const res of responses) {
          expect([field, res.status]).toEqual([field, 400]);
          expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field }] });
        }
      }
      expect(JSON.stringify(badRequests.acceptedAt[0]!.body)).toMatch('acceptedAt cannot be in the future');
      expect(JSON.stringify(badRequests.declinedAt[1]!.body)).toMatch('declinedAt cannot be more than a year back');
      // and an answer before the referral is refused by the rule
      expect(beforeMade.map((r) => [r.status, r.body.message])).toEqual([
        [409, 'the referral cannot be accepted before it was made'],
        [409, 'the referral cannot be declined before it was made'],
      ]);
      // and nothing was written: no event, the referral still waits for an answer
      expect(await outboxCount()).toBe(before);
      expect(await outboxOf(pathwayId)).toEqual([]);
      expect((await caseOf(pathwayId)).body).toMatchObject({ status: 'open', referrals: [{ referralId, status: 'received' }] });
    });
  });

  describe('privacy (issue 6)', () => {
    const read = async (
      path: string,
      token: string,
      purpose?: string,
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${url}/api/v1/${path}`, {
        headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-ketenpad-purpose': purpose } : {}) },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const consumed = (event: EventEnvelope) =>
      waitFor(
        async () => ((await sql('SELECT 1 FROM inbox WHERE event_id = $1', [event.id])).length > 0 ? true : undefined),
        {
          timeoutMs: 20_000,
          description: `${event.type} consumed`,
        },
      );
    const helpRequested = (pathwayId: string) =>
      buildEvent({
        type: 'nl.ketenpad.municipality.help-requested.v1',
        source: GM0363,
        pathwayId,
        data: {
          channel: 'balie',
          requestedAt: '2025-03-10T09:00:00.000Z',
          crisis: null,
          firstConversationDue: '2025-04-07',
          municipalityCode: 'GM0363',
        },
      });
    const erasureRequest = (pathwayId: string, erasureId: string) =>
      buildEvent({
        type: 'nl.ketenpad.municipality.personal-data-erased.v1',
        source: GM0363,
        pathwayId,
        data: { erasureId, at: '2025-03-10T10:00:00.000Z' },
      });

    it("records every served read of a case in the access log, which only the pathway's responsible municipality can read", async () => {
      // given a case referred by GM0363, and a pathway of GM0363 not referred to the court liaison (yet)
      const { pathwayId } = await referredCase();
      const later = randomUUID();
      const counsellor = await issuer.issueFor('GM0363', ['counsellor']);
      const otherMunicipality = await issuer.issueFor('GM0344', ['counsellor']);
      const otherLiaison = await issuer.issueFor('RB-UTR', ['court-liaison'], { kind: 'court-liaison' });
      // when the court liaison reads the case for a stated purpose, another court liaison tries, and the municipality reads the log
      expect((await read(`pathways/${pathwayId}`, liaison, 'wsnp-assessment')).status).toBe(200);
      expect((await read(`pathways/${pathwayId}`, otherLiaison)).status).toBe(404);
      const log = await read(`pathways/${pathwayId}/access-log`, counsellor);
      // then the served read is logged with who, what and why (the refused one is no read), and so is reading the log
      expect(log.status).toBe(200);
      expect(log.body).toMatchObject({ pathwayId, service: 'court-liaison' });
      const rows = log.body.rows as Array<Record<string, unknown>>;
      expect(rows.map((r) => r.organisationId)).not.toContain('RB-UTR');
      expect(rows.slice(-2)).toEqual([
        expect.objectContaining({
          pathwayId,
          organisationId: 'RB-AMS',
          organisationKind: 'court-liaison',
          roles: ['court-liaison'],
          resource: 'court-case',
          purpose: 'wsnp-assessment',
        }),
        expect.objectContaining({
          pathwayId,
          organisationId: 'GM0363',
          resource: 'access-log',
          purpose: 'resident-request',
        }),
      ]);
      // and nobody else reads the log: another municipality 404, the court liaison itself 403
      expect((await read(`pathways/${pathwayId}/access-log`, otherMunicipality)).status).toBe(404);
      expect((await read(`pathways/${pathwayId}/access-log`, liaison)).status).toBe(403);
      // and a pathway the court liaison was not referred to is 404, even once its help request named the municipality
      // (the court keeps nothing of the chain's other pathways), until a referral reaches the court liaison
      const helpRequest = helpRequested(later);
      await produce(helpRequest);
      await consumed(helpRequest);
      expect((await read(`pathways/${later}/access-log`, counsellor)).status).toBe(404);
      await produce(referralEvent(later));
      const known = await waitFor(
        async () => {
          const res = await read(`pathways/${later}/access-log`, counsellor);
          return res.status === 200 ? res : undefined;
        },
        { timeoutMs: 20_000, description: 'the access log of the pathway once referred' },
      );
      expect(known.body.pathwayId).toBe(later);
    });

    it('answers an erasure request with its own personal-data-erased exactly once, keeping the pseudonymous case', async () => {
      // given a referred case
      const { pathwayId, referralId } = await referredCase();
      const erasureId = randomUUID();
      const request = erasureRequest(pathwayId, erasureId);
      // when the request arrives, is redelivered, comes again under a new event id, and a later event follows on the partition
      await produce(request);
      await produce(request, erasureRequest(pathwayId, erasureId));
      const marker = helpRequested(pathwayId);
      await produce(marker);
      await consumed(marker);
      // then one answer, with the same erasure id, in the outbox and on the topic
      expect(await outboxOf(pathwayId)).toEqual(['personal-data-erased']);
      await waitFor(async () => (onTopic(pathwayId).includes('personal-data-erased') ? true : undefined), {
        timeoutMs: 20_000,
        description: 'the answer on the topic',
      });
      const answers = published.filter((e) => e.pathwayid === pathwayId);
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({
        source: 'urn:nld:ketenpad:court-liaison',
        classification: 'chain',
        data: { erasureId },
      });
      // and the case (coded court facts on a random pathway id, nothing personal) remains
      expect((await caseOf(pathwayId)).body).toMatchObject({ status: 'open', referrals: [{ referralId }] });
    });
  });
});
