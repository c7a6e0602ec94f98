import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { gpAppModule, gpInbox, GP_API } from '../src/app.module';
import { Clock } from '@ketenpad/runtime';

/** The test controls time (a true process edge): consents expire when it moves on. */
class MovableClock extends Clock {
  private current = new Date();
  now(): Date {
    return this.current;
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

/** A random BSN that passes the elfproef (test data only). */
function randomBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => randomInt(0, 10));
    if (digits[0] === 0) digits[0] = 1;
    const check = digits.reduce((acc, d, i) => acc + d * (9 - i), 0) % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

const GP_TOPIC = 'gp.events.v1';
const AMSTERDAM = 'urn:nld:ketenpad:municipality:GM0363';
const UTRECHT = 'urn:nld:ketenpad:municipality:GM0344';
const SOCIAL_WORK = 'urn:nld:ketenpad:social-work:SW-AMS';
const OWN_URN = 'urn:nld:ketenpad:gp:HA-0001';

/**
 * The GP service in-process against real PostgreSQL and the dev broker: flow 1
 * from the practice's side (consent, referral with consent and pseudonym, the
 * outcome once the first conversation is held), refusals without valid consent,
 * medical secrecy (no BSN on the topic) and exactly one outcome per referral.
 */
describe('gp service', () => {
  const clock = new MovableClock();
  const kafka = new Kafka({ clientId: 'gp.int-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  // A short fetch wait: the reader should see events as soon as they are published.
  const reader: Consumer = kafka.consumer({ groupId: `gp.int-spec.reader.${randomUUID()}`, maxWaitTimeInMs: 100 });
  const published: EventEnvelope[] = [];
  const rawTopic: string[] = [];
  const bsnsUsed: string[] = [];
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let gp: string;
  let otherPractice: string;

  beforeAll(async () => {
    db = await createTestDatabase('gp_service');
    app = await startService({
      ...GP_API,
      rootModule: gpAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
        databaseName: db.name,
        clock,
      }),
      inbox: gpInbox(),
      port: 0,
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const issuer = await DevIssuer.open();
    gp = await issuer.issueFor('HA-0001', ['gp']);
    otherPractice = await issuer.issueFor('HA-0002', ['gp'], { kind: 'gp' });
    await producer.connect();
    await reader.connect();
    await reader.subscribe({ topic: GP_TOPIC, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        rawTopic.push(
          `${String(message.key)} ${JSON.stringify(message.headers ?? {})} ${message.value.toString('utf8')}`,
        );
        published.push(EventCodec.shared().decode(message.value));
      },
    });
  });

  afterAll(async () => {
    await reader.disconnect();
    await producer.disconnect();
    await app?.close();
    await db?.drop();
  });

  const api = async (
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON response bodies of any shape; the tests assert them.
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${url}${path}`, {
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
  const recordConsent = async (overrides: Record<string, unknown> = {}, token = gp) => {
    const bsn = randomBsn();
    bsnsUsed.push(bsn);
    const res = await api('POST', `/api/v1/patients/P-${randomInt(1e6)}/consents`, token, {
      bsn,
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: null,
      ...overrides,
    });
    expect(res.status).toBe(201);
    return { consentId: res.body.consentId as string, bsn };
  };
  const refer = (consentId: string, overrides: Record<string, unknown> = {}, token = gp) =>
    api('POST', '/api/v1/referrals', token, {
      consentId,
      toOrg: AMSTERDAM,
      reason: 'financial-worries',
      urgent: false,
      warm: true,
      ...overrides,
    });
  const makeReferral = async (overrides: Record<string, unknown> = {}) => {
    const { consentId, bsn } = await recordConsent(
      overrides.toOrg === SOCIAL_WORK ? { scope: ['refer-to-social-work', 'receive-outcome'] } : {},
    );
    const res = await refer(consentId, overrides);
    expect(res.status).toBe(201);
    return { referralId: res.body.referralId as string, consentId, bsn };
  };
  /** Produces a chain event of another organisation, keyed by its pathway; returns it so a test can redeliver it. */
  const produce = async <T extends KetenpadEventType>(
    type: T,
    org: string,
    pathwayId: string,
    data: KetenpadEventDataMap[T],
    id?: string,
  ) => {
    const [, , , kind, orgId] = org.split(':');
    const event = buildEvent({
      type,
      source: sourceFor(kind as 'municipality' | 'social-work', orgId!),
      pathwayId,
      data,
      ...(id ? { id } : {}),
    });
    const topic = kind === 'municipality' ? 'municipality.events.v1' : 'social-work.events.v1';
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: pathwayId, value: EventCodec.shared().encode(event), headers: { id: event.id } }],
    });
    return event;
  };
  const outcomesOf = (referralId: string) =>
    published.filter(
      (e) => e.type === 'nl.ketenpad.gp.referral-outcome-received.v1' && e.data.referralId === referralId,
    );
  const waitForOutcome = (referralId: string, description: string) =>
    waitFor(async () => outcomesOf(referralId)[0], { timeoutMs: 20_000, description });
  const published_ = (type: string, match: (data: Record<string, unknown>) => boolean, description: string) =>
    waitFor(async () => published.find((e) => e.type === type && match(e.data)), { timeoutMs: 20_000, description });
  const outboxCount = async (): Promise<number> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  };
  /** Outcome events written for a referral: the outbox is the record of what the service emitted, whatever the topic's partition order. */
  const outcomesInOutbox = async (referralId: string): Promise<number> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE type = 'nl.ketenpad.gp.referral-outcome-received.v1' AND convert_from(payload, 'UTF8')::jsonb -> 'data' ->> 'referralId' = $1`,
        [referralId],
      );
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  };
  /**
   * Waits until the consumer has handled everything produced before on this
   * pathway's partition: a declined answer to a fresh referral, keyed by the same
   * pathway, yields its outcome only after the earlier messages were processed.
   */
  const drain = async (pathwayId: string, org: typeof AMSTERDAM | typeof SOCIAL_WORK = AMSTERDAM) => {
    const { referralId } = await makeReferral({ toOrg: org });
    const type =
      org === AMSTERDAM
        ? 'nl.ketenpad.municipality.referral-declined.v1'
        : 'nl.ketenpad.social-work.referral-declined.v1';
    await produce(type, org, pathwayId, { referralId, by: org, declineReason: 'other', at: new Date().toISOString() });
    await waitForOutcome(referralId, 'the sentinel outcome after the events under test');
  };

  it('refers with consent, and hears back exactly once that the first conversation was held (flow 1)', async () => {
    // given a patient's consent and a referral to the municipality
    const { consentId, bsn } = await recordConsent({ validUntil: '2099-12-31' });
    const res = await refer(consentId, { urgent: true });
    expect(res.status).toBe(201);
    const { referralId } = res.body;
    expect(res.body).toMatchObject({ consentId, fromOrg: OWN_URN, toOrg: AMSTERDAM, status: 'made', outcome: null });
    const consentEvent = await published_(
      'nl.ketenpad.gp.patient-consent-recorded.v1',
      (d) => d.consentId === consentId,
      'patient-consent-recorded',
    );
    const referralEvent = await published_(
      'nl.ketenpad.gp.referral-made.v1',
      (d) => d.referralId === referralId,
      'referral-made',
    );
    expect(consentEvent).toMatchObject({
      source: OWN_URN,
      classification: 'health-restricted',
      data: { scope: ['refer-to-municipality', 'receive-outcome'], validUntil: '2099-12-31' },
    });
    expect(referralEvent).toMatchObject({
      source: OWN_URN,
      pathwayid: consentEvent.pathwayid,
      classification: 'chain',
      data: {
        fromOrg: OWN_URN,
        toOrg: AMSTERDAM,
        reason: 'financial-worries',
        urgent: true,
        warm: true,
        consentRef: consentId,
        residentPseudonym: ResidentPseudonymiser.fromEnv().of(bsn),
      },
    });
    expect(JSON.stringify([consentEvent, referralEvent])).not.toContain(bsn);

    // when the municipality accepts it on its pathway and holds the first conversation there
    const municipalityPathway = randomUUID();
    await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, municipalityPathway, {
      referralId,
      by: AMSTERDAM,
      at: new Date().toISOString(),
    });
    const held = await produce('nl.ketenpad.municipality.first-conversation-held.v1', AMSTERDAM, municipalityPathway, {
      heldAt: new Date().toISOString(),
      deadlineMet: true,
    });

    // then the practice receives one outcome, on its own episode pathway
    const outcome = await waitForOutcome(referralId, 'the first-conversation-held outcome');
    expect(outcome).toMatchObject({
      source: OWN_URN,
      pathwayid: consentEvent.pathwayid,
      classification: 'health-restricted',
      data: { referralId, outcome: 'first-conversation-held' },
    });
    const view = await api('GET', `/api/v1/referrals/${referralId}`, gp);
    expect(view.body).toMatchObject({ referralId, status: 'outcome-received', outcome: 'first-conversation-held' });

    // and a redelivered event, a second first conversation and a later closure change nothing
    await produce(
      'nl.ketenpad.municipality.first-conversation-held.v1',
      AMSTERDAM,
      municipalityPathway,
      held.data,
      held.id,
    );
    await produce('nl.ketenpad.municipality.first-conversation-held.v1', AMSTERDAM, municipalityPathway, {
      heldAt: new Date().toISOString(),
      deadlineMet: true,
    });
    await produce('nl.ketenpad.municipality.pathway-closed.v1', AMSTERDAM, municipalityPathway, {
      reason: 'Afgerond',
      phaseAtClose: 'nazorg',
      at: new Date().toISOString(),
    });
    await drain(municipalityPathway);
    expect(await outcomesInOutbox(referralId)).toBe(1);
    expect(outcomesOf(referralId)).toHaveLength(1);
    expect((await api('GET', `/api/v1/referrals/${referralId}`, gp)).body.outcome).toBe('first-conversation-held');
  });

  it('follows the existing pathway a referral was merged into', async () => {
    // given
    const { referralId } = await makeReferral();
    const referralPathway = randomUUID();
    const existingPathway = randomUUID();
    // when the municipality takes the referral into an existing pathway of the resident, and holds the first conversation there
    await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, existingPathway, {
      referralId,
      by: AMSTERDAM,
      at: new Date().toISOString(),
      intoPathwayId: existingPathway,
      fromOrg: OWN_URN,
    });
    await produce('nl.ketenpad.municipality.first-conversation-held.v1', AMSTERDAM, referralPathway, {
      heldAt: new Date().toISOString(),
      deadlineMet: true,
    });
    await produce('nl.ketenpad.municipality.first-conversation-held.v1', AMSTERDAM, existingPathway, {
      heldAt: new Date().toISOString(),
      deadlineMet: true,
    });
    // then
    expect((await waitForOutcome(referralId, 'the outcome from the existing pathway')).data.outcome).toBe(
      'first-conversation-held',
    );
  });

  it('hears no-contact when the followed pathway closes before a first conversation', async () => {
    const { referralId } = await makeReferral();
    const pathway = randomUUID();
    await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, pathway, {
      referralId,
      by: AMSTERDAM,
      at: new Date().toISOString(),
    });
    await produce('nl.ketenpad.municipality.pathway-closed.v1', AMSTERDAM, pathway, {
      reason: 'Nietverschenen',
      phaseAtClose: 'aanmelding',
      at: new Date().toISOString(),
    });
    expect((await waitForOutcome(referralId, 'the no-contact outcome')).data.outcome).toBe('no-contact');
  });

  it('hears declined once when social work declines, also when the answer is delivered again', async () => {
    // given a referral to social work
    const { referralId } = await makeReferral({ toOrg: SOCIAL_WORK, reason: 'stabilisation' });
    const pathway = randomUUID();
    // when social work declines it, and the message is delivered twice
    const declined = await produce('nl.ketenpad.social-work.referral-declined.v1', SOCIAL_WORK, pathway, {
      referralId,
      by: SOCIAL_WORK,
      declineReason: 'no-capacity',
      at: new Date().toISOString(),
    });
    await produce('nl.ketenpad.social-work.referral-declined.v1', SOCIAL_WORK, pathway, declined.data, declined.id);
    // then
    const outcome = await waitForOutcome(referralId, 'the declined outcome');
    expect(outcome.data).toMatchObject({ referralId, outcome: 'declined' });
    await produce('nl.ketenpad.social-work.first-contact-made.v1', SOCIAL_WORK, pathway, {
      referralId,
      kind: 'Telefoon',
      at: new Date().toISOString(),
    });
    await drain(pathway, SOCIAL_WORK);
    expect(await outcomesInOutbox(referralId)).toBe(1);
    expect(outcomesOf(referralId)).toHaveLength(1);
    expect((await api('GET', `/api/v1/referrals/${referralId}`, gp)).body).toMatchObject({
      status: 'outcome-received',
      outcome: 'declined',
    });
  });

  it('ignores answers about unknown referrals, from another organisation than the one referred to, or naming another referrer', async () => {
    // given a referral of this practice and one of another practice
    const { referralId } = await makeReferral();
    const { consentId: foreignConsent } = await recordConsent({}, otherPractice);
    const foreign = await refer(foreignConsent, {}, otherPractice);
    expect(foreign.status).toBe(201);
    const pathway = randomUUID();
    // when acceptances arrive that do not fit, followed by a first conversation on that pathway
    await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, pathway, {
      referralId: randomUUID(),
      by: AMSTERDAM,
      at: new Date().toISOString(),
    });
    await produce('nl.ketenpad.municipality.referral-accepted.v1', UTRECHT, pathway, {
      referralId,
      by: UTRECHT,
      at: new Date().toISOString(),
    });
    await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, pathway, {
      referralId: foreign.body.referralId,
      by: AMSTERDAM,
      at: new Date().toISOString(),
      intoPathwayId: pathway,
      fromOrg: OWN_URN,
    });
    await produce('nl.ketenpad.municipality.first-conversation-held.v1', AMSTERDAM, pathway, {
      heldAt: new Date().toISOString(),
      deadlineMet: true,
    });
    await drain(pathway);
    // then neither referral is followed or has an outcome
    expect(await outcomesInOutbox(referralId)).toBe(0);
    expect(await outcomesInOutbox(foreign.body.referralId)).toBe(0);
    expect((await api('GET', `/api/v1/referrals/${referralId}`, gp)).body.status).toBe('made');
    expect((await api('GET', `/api/v1/referrals/${foreign.body.referralId}`, otherPractice)).body.status).toBe('made');
  });

  it('refuses a referral without a valid consent with 409 and emits nothing', async () => {
    // given consents that are withdrawn, expire today, cover only the municipality, or belong to another practice
    const { consentId: withdrawn } = await recordConsent();
    expect((await api('POST', `/api/v1/consents/${withdrawn}/withdrawal`, gp)).status).toBe(200);
    const today = clock.now().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    const { consentId: expiring } = await recordConsent({ validUntil: today });
    const { consentId: municipalityOnly } = await recordConsent();
    const { consentId: foreign } = await recordConsent({}, otherPractice);
    const before = await outboxCount();
    clock.advanceDays(1);
    try {
      // when / then
      for (const [consentId, toOrg] of [
        [randomUUID(), AMSTERDAM],
        [withdrawn, AMSTERDAM],
        [expiring, AMSTERDAM],
        [municipalityOnly, SOCIAL_WORK],
        [foreign, AMSTERDAM],
      ] as const) {
        const res = await refer(consentId, { toOrg });
        expect(res.status).toBe(409);
        expect(res.body.message).toMatch(/^no valid consent/);
      }
      expect(await outboxCount()).toBe(before);
      expect(
        (await api('GET', '/api/v1/referrals', gp)).body.filter((r: { consentId: string }) =>
          [withdrawn, expiring, municipalityOnly, foreign].includes(r.consentId),
        ),
      ).toEqual([]);
    } finally {
      clock.advanceDays(-1);
    }
  });

  it('withdraws a consent once, publishing the withdrawal on the episode pathway', async () => {
    // given
    const { consentId } = await recordConsent();
    const recorded = await published_(
      'nl.ketenpad.gp.patient-consent-recorded.v1',
      (d) => d.consentId === consentId,
      'patient-consent-recorded',
    );
    // when
    const first = await api('POST', `/api/v1/consents/${consentId}/withdrawal`, gp);
    const before = await outboxCount();
    const second = await api('POST', `/api/v1/consents/${consentId}/withdrawal`, gp);
    // then
    expect(first.status).toBe(200);
    expect(first.body.withdrawnAt).toEqual(expect.any(String));
    expect(second.status).toBe(409);
    expect(await outboxCount()).toBe(before);
    const withdrawal = await published_(
      'nl.ketenpad.gp.patient-consent-withdrawn.v1',
      (d) => d.consentId === consentId,
      'patient-consent-withdrawn',
    );
    expect(withdrawal.pathwayid).toBe(recorded.pathwayid);
  });

  it("lists a patient's consents of the practice only, newest first, with the episode pathway and never a BSN", async () => {
    // given two consents of one patient, one withdrawn, and a consent of the same patient reference at another practice
    const patientRef = `LIST-${randomInt(1e6)}`;
    const consent = (bsn: string, token = gp) =>
      api('POST', `/api/v1/patients/${patientRef}/consents`, token, {
        bsn,
        scope: ['refer-to-municipality', 'receive-outcome'],
        purpose: 'referral',
        validUntil: null,
      });
    const bsn = randomBsn();
    bsnsUsed.push(bsn);
    const older = await consent(bsn);
    clock.advanceDays(0.001);
    const newer = await consent(bsn);
    const foreign = await consent(bsn, otherPractice);
    expect([older.status, newer.status, foreign.status]).toEqual([201, 201, 201]);
    expect((await api('POST', `/api/v1/consents/${older.body.consentId}/withdrawal`, gp)).status).toBe(200);
    // when the practice lists the patient's consents
    const listed = await api('GET', `/api/v1/consents?patientRef=${patientRef}`, gp);
    // then it sees its own two, newest first, each with its episode pathway, and no BSN
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { consentId: string }) => c.consentId)).toEqual([
      newer.body.consentId,
      older.body.consentId,
    ]);
    expect(listed.body[0]).toMatchObject({ patientRef, pathwayId: newer.body.pathwayId, withdrawnAt: null });
    expect(listed.body[1].withdrawnAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed.body)).not.toContain(bsn);
    // and the whole list holds them too, and not the other practice's
    const all = await api('GET', '/api/v1/consents', gp);
    const ids = all.body.map((c: { consentId: string }) => c.consentId);
    expect(ids).toEqual(expect.arrayContaining([newer.body.consentId, older.body.consentId]));
    expect(ids).not.toContain(foreign.body.consentId);
    // and the read is access-logged per episode pathway
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM access_log WHERE pathway_id = $1 AND resource = 'consent' AND organisation_id = 'HA-0001'",
        [newer.body.pathwayId],
      );
      expect(Number(rows[0]!.n)).toBe(2);
    } finally {
      await client.end();
    }
    // and a BSN or a malformed reference as filter is refused, naming the field
    const byBsn = await api('GET', `/api/v1/consents?patientRef=${bsn}`, gp);
    expect(byBsn.status).toBe(400);
    expect(byBsn.body.errors).toEqual([expect.objectContaining({ field: 'patientRef' })]);
    expect((await api('GET', '/api/v1/consents?patientRef=a%20b', gp)).status).toBe(400);
    expect((await api('GET', '/api/v1/consents', undefined)).status).toBe(401);
  });

  it('answers invalid requests with field-level 400s and emits nothing', async () => {
    const before = await outboxCount();
    const consent = await api('POST', '/api/v1/patients/P-1/consents', gp, {
      bsn: '123456789',
      scope: ['diagnosis'],
      purpose: 'research',
      extra: true,
    });
    expect(consent.status).toBe(400);
    expect(consent.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'bsn',
      'extra',
      'purpose',
      'scope',
      'validUntil',
    ]);
    const badRef = await api('POST', '/api/v1/patients/bad%20ref!/consents', gp, {
      bsn: randomBsn(),
      scope: ['receive-outcome'],
      purpose: 'referral',
      validUntil: null,
    });
    expect(badRef.status).toBe(400);
    const referral = await api('POST', '/api/v1/referrals', gp, {
      consentId: 'x',
      toOrg: 'urn:nld:ketenpad:court-liaison:RB-AMS',
      reason: 'depression',
      urgent: 'yes',
      warm: true,
    });
    expect(referral.status).toBe(400);
    expect(referral.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'consentId',
      'reason',
      'toOrg',
      'urgent',
    ]);
    expect(await outboxCount()).toBe(before);
  });

  describe('referrals entered later (issue 13)', () => {
    it('publishes a referral made earlier on the practice’s own system at that moment', async () => {
      // given a consent, and a referral the practice made two days ago
      const { consentId } = await recordConsent();
      const madeAt = new Date(clock.now().getTime() - 2 * 86_400_000).toISOString();
      // when it is entered now
      const res = await refer(consentId, { madeAt });
      // then the referral and its referral-made event carry the moment it was made; the event is published now
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ consentId, status: 'made', madeAt });
      const made = await published_(
        'nl.ketenpad.gp.referral-made.v1',
        (d) => d.referralId === res.body.referralId,
        'the back-dated referral-made',
      );
      expect(made.data.at).toBe(madeAt);
      expect(made.time).toBe(clock.now().toISOString());
      expect((await api('GET', `/api/v1/referrals/${res.body.referralId}`, gp)).body.madeAt).toBe(madeAt);
    });

    it('refuses a madeAt in the future or more than a year back with a 400 naming the field, and emits nothing', async () => {
      // given
      const { consentId } = await recordConsent();
      const now = clock.now().getTime();
      const before = await outboxCount();
      // when
      const refused = [
        await refer(consentId, { madeAt: new Date(now + 10 * 60_000).toISOString() }),
        await refer(consentId, { madeAt: new Date(now - 367 * 86_400_000).toISOString() }),
        await refer(consentId, { madeAt: '1000-01-01T00:00:00Z' }),
        await refer(consentId, { madeAt: 'yesterday' }),
      ];
      // then
      expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400]);
      for (const res of refused) expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field: 'madeAt' }] });
      expect(refused.slice(0, 3).map((r) => r.body.errors[0].messages)).toEqual([
        ['madeAt cannot be in the future'],
        ['madeAt cannot be more than a year back'],
        ['madeAt cannot be before 2000-01-01'],
      ]);
      expect(await outboxCount()).toBe(before);
      expect(
        (await api('GET', '/api/v1/referrals', gp)).body.filter(
          (r: { consentId: string }) => r.consentId === consentId,
        ),
      ).toEqual([]);
    });
  });

  it('requires a gp token and keeps other practices out with 404', async () => {
    // given
    const { referralId, consentId } = await makeReferral();
    // then
    expect((await api('GET', '/api/v1/referrals', undefined)).status).toBe(401);
    expect((await api('POST', '/api/v1/referrals', undefined, {})).status).toBe(401);
    const counsellor = await (await DevIssuer.open()).issueFor('GM0363', ['counsellor']);
    expect((await api('GET', '/api/v1/referrals', counsellor)).status).toBe(403);
    expect((await api('GET', `/api/v1/referrals/${referralId}`, otherPractice)).status).toBe(404);
    expect((await api('GET', `/api/v1/referrals/${randomUUID()}`, gp)).status).toBe(404);
    expect((await api('POST', `/api/v1/consents/${consentId}/withdrawal`, otherPractice)).status).toBe(404);
    const foreignList = await api('GET', '/api/v1/referrals', otherPractice);
    expect(foreignList.body.map((r: { referralId: string }) => r.referralId)).not.toContain(referralId);
    const ownList = await api('GET', '/api/v1/referrals', gp);
    expect(ownList.body.map((r: { referralId: string }) => r.referralId)).toContain(referralId);
  });

  it('never puts a BSN on the gp topic', async () => {
    // given everything published so far, read from offset zero
    const count = await outboxCount();
    await waitFor(async () => published.length >= count, {
      timeoutMs: 20_000,
      description: 'every outbox row on the topic',
    });
    // then
    expect(bsnsUsed.length).toBeGreaterThan(5);
    const everything = rawTopic.join('\n');
    for (const bsn of bsnsUsed) expect(everything).not.toContain(bsn);
  });

  describe('privacy (issue 6)', () => {
    const sql = async <T>(query: string, params: unknown[] = []): Promise<T[]> => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query(query, params)).rows as T[];
      } finally {
        await client.end();
      }
    };
    const read = async (path: string, token: string, purpose?: string) => {
      const res = await fetch(`${url}${path}`, {
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
    /** A referral to Amsterdam on a patient's consent, accepted by the municipality on its own pathway, which the referral then follows. */
    const acceptedReferral = async (patientRef: string, bsn: string) => {
      const consent = await api('POST', `/api/v1/patients/${patientRef}/consents`, gp, {
        bsn,
        scope: ['refer-to-municipality', 'receive-outcome'],
        purpose: 'referral',
        validUntil: null,
      });
      expect(consent.status).toBe(201);
      const made = await refer(consent.body.consentId as string);
      expect(made.status).toBe(201);
      const referralId = made.body.referralId as string;
      const municipalityPathway = randomUUID();
      await consumed(
        await produce('nl.ketenpad.municipality.referral-accepted.v1', AMSTERDAM, municipalityPathway, {
          referralId,
          by: AMSTERDAM,
          at: new Date().toISOString(),
        }),
      );
      return { referralId, municipalityPathway };
    };
    /** Tables holding `value` anywhere in a row (text, json, arrays) or in a bytea column read as UTF-8. */
    const tablesHolding = async (value: string): Promise<string[]> => {
      const columns = await sql<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
      );
      const holding: string[] = [];
      for (const table of [...new Set(columns.map((c) => c.table_name))]) {
        const bytea = columns
          .filter((c) => c.table_name === table && c.data_type === 'bytea')
          .map((c) => ` OR convert_from(r."${c.column_name}", 'UTF8') LIKE $1`);
        if (
          (await sql(`SELECT 1 FROM "${table}" r WHERE r::text LIKE $1${bytea.join('')} LIMIT 1`, [`%${value}%`]))
            .length > 0
        )
          holding.push(table);
      }
      return holding;
    };

    it('records every read of a referral in the access log, which only the responsible municipality of the followed pathway can read', async () => {
      // given a referral the municipality accepted on its pathway
      const { referralId, municipalityPathway } = await acceptedReferral(`LOG-${randomInt(1e6)}`, randomBsn());
      const issuer = await DevIssuer.open();
      const counsellor = await issuer.issueFor('GM0363', ['counsellor']);
      const utrecht = await issuer.issueFor('GM0344', ['counsellor']);
      // when the practice reads it for a stated purpose, another practice tries, and the municipality reads the log
      expect((await read(`/api/v1/referrals/${referralId}`, gp, 'consult-preparation')).status).toBe(200);
      expect((await read(`/api/v1/referrals/${referralId}`, otherPractice)).status).toBe(404);
      const log = await read(`/api/v1/pathways/${municipalityPathway}/access-log`, counsellor);
      // then the read is logged under the pathway the referral follows, and so is reading the log
      expect(log.status).toBe(200);
      expect(log.body).toMatchObject({ pathwayId: municipalityPathway, service: 'gp' });
      const rows = log.body.rows as Array<Record<string, unknown>>;
      expect(rows.map((r) => r.organisationId)).not.toContain('HA-0002');
      expect(rows.slice(-2)).toEqual([
        expect.objectContaining({
          pathwayId: municipalityPathway,
          organisationId: 'HA-0001',
          organisationKind: 'gp',
          roles: ['gp'],
          resource: 'referral',
          purpose: 'consult-preparation',
        }),
        expect.objectContaining({
          pathwayId: municipalityPathway,
          organisationId: 'GM0363',
          resource: 'access-log',
          purpose: 'resident-request',
        }),
      ]);
      // and the practice's list is a read of each listed referral's pathways
      expect((await read('/api/v1/referrals', gp)).status).toBe(200);
      const listed = await sql<{ n: string }>(
        "SELECT count(*) AS n FROM access_log WHERE pathway_id = $1 AND purpose = 'referral-follow-up'",
        [municipalityPathway],
      );
      expect(Number(listed[0]!.n)).toBe(1);
      // and nobody else reads the log
      expect((await read(`/api/v1/pathways/${municipalityPathway}/access-log`, utrecht)).status).toBe(404);
      expect((await read(`/api/v1/pathways/${randomUUID()}/access-log`, counsellor)).status).toBe(404);
      expect((await read(`/api/v1/pathways/${municipalityPathway}/access-log`, gp)).status).toBe(403);
    });

    it("erases the patient's consent, BSN, patient reference and pseudonym behind an erased pathway, answering once per erasure request", async () => {
      // given a referral followed into the municipality's pathway, and another patient's that stays
      const erased = { patientRef: `ERASE-${randomInt(1e6)}`, bsn: randomBsn() };
      const kept = { patientRef: `KEEP-${randomInt(1e6)}`, bsn: randomBsn() };
      const { referralId, municipalityPathway } = await acceptedReferral(erased.patientRef, erased.bsn);
      const other = await acceptedReferral(kept.patientRef, kept.bsn);
      const pseudonym = (bsn: string) => ResidentPseudonymiser.fromEnv().of(bsn);
      await waitFor(
        async () => ((await sql('SELECT 1 FROM outbox WHERE sent_at IS NULL')).length === 0 ? true : undefined),
        { description: 'outbox relayed' },
      );
      // the GP keeps no BSN, only the pseudonym (issue 12 finding 7)
      expect(await tablesHolding(erased.bsn)).toEqual([]);
      expect((await tablesHolding(pseudonym(erased.bsn))).sort()).toEqual(['outbox', 'patient_consent']);
      // when the municipality's erasure request arrives, is redelivered, comes again under a new event id, and a later event follows
      const erasureId = randomUUID();
      const at = new Date().toISOString();
      const request = await produce(
        'nl.ketenpad.municipality.personal-data-erased.v1',
        AMSTERDAM,
        municipalityPathway,
        { erasureId, at },
      );
      await produce(
        'nl.ketenpad.municipality.personal-data-erased.v1',
        AMSTERDAM,
        municipalityPathway,
        { erasureId, at },
        request.id,
      );
      await produce('nl.ketenpad.municipality.personal-data-erased.v1', AMSTERDAM, municipalityPathway, {
        erasureId,
        at,
      });
      await consumed(
        await produce('nl.ketenpad.municipality.help-requested.v1', AMSTERDAM, municipalityPathway, {
          channel: 'verwijzing',
          requestedAt: at,
          crisis: null,
          firstConversationDue: '2099-01-01',
          municipalityCode: 'GM0363',
        }),
      );
      // then the GP answers with its own personal-data-erased, same erasure id, exactly once
      const answer = await published_(
        'nl.ketenpad.gp.personal-data-erased.v1',
        (d) => d.erasureId === erasureId,
        'the GP erasure answer',
      );
      expect(answer).toMatchObject({
        source: 'urn:nld:ketenpad:gp',
        pathwayid: municipalityPathway,
        classification: 'chain',
      });
      expect(
        await sql("SELECT 1 FROM outbox WHERE type = 'nl.ketenpad.gp.personal-data-erased.v1' AND aggregate_id = $1", [
          municipalityPathway,
        ]),
      ).toHaveLength(1);
      expect(
        published.filter((e) => e.type === 'nl.ketenpad.gp.personal-data-erased.v1' && e.data.erasureId === erasureId),
      ).toHaveLength(1);
      // and no table holds the BSN, the patient reference or the pseudonym any more; the other patient's stay
      for (const value of [erased.bsn, erased.patientRef, pseudonym(erased.bsn)])
        expect([value, await tablesHolding(value)]).toEqual([value, []]);
      expect(await tablesHolding(pseudonym(kept.bsn))).toContain('patient_consent');
      expect((await read(`/api/v1/referrals/${referralId}`, gp)).status).toBe(404);
      expect((await read(`/api/v1/referrals/${other.referralId}`, gp)).status).toBe(200);
    });
  });
});
