import { randomUUID } from 'node:crypto';
import { EventCodec } from '@ketenpad/events';
import { Webhook } from 'standardwebhooks';
// The one partner receiver of the test harness (test/support), shared with the end-to-end tests (STYLE.md rule 12).
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only import of the root harness, not a runtime dependency
import { verifyStandardWebhook } from '../../../test/support/partner.receiver';
import { AMSTERDAM, COURT, PartnerGatewayHarness } from './partner-gateway.harness';

const HOUR = 3_600_000;

/**
 * The gateway in-process against PostgreSQL and the dev broker, its delivery
 * worker driven by the test under a clock the test moves, delivering to real
 * HTTP receivers on loopback: one healthy, one failing for a while, one that
 * never answers.
 */
describe('partner gateway delivery', () => {
  const gateway = new PartnerGatewayHarness({
    database: 'partner_gateway_delivery',
    consumerName: 'partner-gateway.notifications.delivery-spec',
  });
  const { clock, api, partner, send, publish, event, at, referral, contact } = gateway;
  // Every signature is checked by the Standard Webhooks library itself; the tests count its verdicts.
  const libraryVerify = jest.spyOn(Webhook.prototype, 'verify');

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());

  it('delivers in order to a healthy partner while another never answers and a third fails for a while, then dead-letters after 24 hours', async () => {
    // given three partners referred to on one pathway: healthy, failing for three attempts, never answering (subscribed to referrals only)
    const healthy = await partner();
    const flaky = await partner({ kind: 'fail-first', count: 3, status: 503 });
    const dead = await partner({ kind: 'hang' }, ['nl.ketenpad.municipality.referral-made.v1']);
    const pathwayId = randomUUID();
    const events = [
      referral(pathwayId, healthy.urn),
      referral(pathwayId, flaky.urn),
      referral(pathwayId, dead.urn),
      contact(pathwayId),
      contact(pathwayId),
      contact(pathwayId),
    ];
    await publish(...events);

    // when the worker delivers what is due now
    const started = Date.now();
    await gateway.worker.drain();
    const firstRoundMs = Date.now() - started;

    // then the healthy partner has every event it is entitled to (from its own referral on), in order, each signature valid
    const healthyExpected = events.map((e) => e.id);
    expect(healthy.receiver.acceptedByPathway().get(pathwayId)).toEqual(healthyExpected);
    expect(healthy.receiver.received.every((r) => r.signatureValid)).toBe(true);
    // (the standardwebhooks library gave every verdict, and rejects a body that was changed on the way)
    const verifiedBodies = libraryVerify.mock.calls.map(([payload]) => String(payload));
    expect(verifiedBodies).toEqual(expect.arrayContaining(healthy.receiver.received.map((r) => r.body)));
    const sample = healthy.receiver.received[0]!;
    expect(verifyStandardWebhook(healthy.receiver.secret!, sample.body.replace('"1.0"', '"1.1"'), sample.headers)).toBe(
      false,
    );
    // and the dead partner cost at most one HTTP timeout of the healthy partner's time
    expect(firstRoundMs).toBeLessThan(3_000);
    expect(flaky.receiver.accepted).toHaveLength(0);

    // when time moves on an hour at a time until the flaky partner recovered and 24 hours have passed
    for (let hour = 0; hour < 26; hour++) {
      clock.advance(HOUR);
      await gateway.worker.drain();
    }

    // then the flaky partner received every event from its referral on exactly once, in order, signed
    expect(flaky.receiver.acceptedByPathway().get(pathwayId)).toEqual(events.slice(1).map((e) => e.id));
    expect(flaky.receiver.received.filter((r) => !r.accepted)).toHaveLength(3);
    expect(flaky.receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect(libraryVerify.mock.calls.map(([payload]) => String(payload))).toEqual(
      expect.arrayContaining(flaky.receiver.received.map((r) => r.body)),
    );
    // and the healthy partner received nothing twice
    expect(healthy.receiver.received).toHaveLength(healthyExpected.length);
    // and the dead partner's delivery is dead-lettered, the subscription failing, operators told by an event and a metric
    const subscription = await api('GET', `/api/v1/subscriptions/${dead.subscriptionId}`, dead.token);
    expect(subscription.body).toMatchObject({ status: 'failing', failingSince: expect.any(String) });
    const deadLetters = await api('GET', `/api/v1/subscriptions/${dead.subscriptionId}/dead-letters`, dead.token);
    expect(deadLetters.body).toEqual([
      expect.objectContaining({ eventId: events[2]!.id, pathwayId, lastError: 'timeout' }),
    ]);
    expect(deadLetters.body[0].attempts).toBeGreaterThanOrEqual(20);
    expect(
      new Date(deadLetters.body[0].deadLetteredAt).getTime() - new Date(deadLetters.body[0].firstAttemptAt).getTime(),
    ).toBeGreaterThanOrEqual(24 * HOUR);
    const outbox = await gateway.sql.query(
      `SELECT aggregate_id, type, topic, payload FROM outbox WHERE type = 'nl.ketenpad.partner-gateway.subscription-failing.v1'`,
    );
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0]).toMatchObject({ aggregate_id: pathwayId, topic: 'partner-gateway.events.v1' });
    expect(EventCodec.shared().decode(outbox.rows[0].payload as Buffer).data).toMatchObject({
      subscriptionId: dead.subscriptionId,
      partner: dead.urn,
      deadLetteredEventId: events[2]!.id,
      lastError: 'timeout',
    });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/ketenpad_partner_deliveries_total\{outcome="dead-lettered",service="partner-gateway"\} 1/);
    expect(metrics).toMatch(/ketenpad_partner_subscriptions_marked_failing_total\{service="partner-gateway"\} 1/);
    // and the delivery log shows each attempt with status, latency and error, without payload
    const log = await api('GET', `/api/v1/subscriptions/${flaky.subscriptionId}/deliveries?limit=100`, flaky.token);
    expect(log.body.filter((a: { statusCode: number }) => a.statusCode === 503)).toHaveLength(3);
    expect(JSON.stringify(log.body)).not.toContain('dataref');

    // when the dead partner's endpoint works again and it asks for redelivery
    dead.receiver.behaviour = { kind: 'ok' };
    const redelivery = await api('POST', `/api/v1/subscriptions/${dead.subscriptionId}/redeliveries`, dead.token, {});
    await gateway.worker.drain();

    // then the dead-lettered notification arrives and the subscription is healthy again
    expect(redelivery.body).toEqual({ queued: 1 });
    expect(dead.receiver.accepted.map((r) => r.notification.id)).toEqual([events[2]!.id]);
    expect((await api('GET', `/api/v1/subscriptions/${dead.subscriptionId}`, dead.token)).body.status).toBe('active');
  });

  it('sends a signed test notification on request and says how the callback answered; the delivery log says when a failed notification is tried again', async () => {
    // given a healthy partner and one whose endpoint fails twice first
    const healthy = await partner();
    const flaky = await partner({ kind: 'fail-first', count: 2, status: 503 });

    // when both ask for a test notification, and one tries it on the other's subscription
    const sent = await api('POST', `/api/v1/subscriptions/${healthy.subscriptionId}/test-deliveries`, healthy.token);
    const refused = await api('POST', `/api/v1/subscriptions/${flaky.subscriptionId}/test-deliveries`, flaky.token);
    const foreign = await api('POST', `/api/v1/subscriptions/${flaky.subscriptionId}/test-deliveries`, healthy.token);

    // then the healthy endpoint received one test notification, signed like a real one and as the contract says
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({
      webhookId: expect.stringMatching(/^msg_test_/),
      notificationId: expect.any(String),
      sentAt: clock.now().toISOString(),
      delivered: true,
      statusCode: 204,
      error: null,
      latencyMs: expect.any(Number),
    });
    expect(healthy.receiver.received).toHaveLength(1);
    const [test] = healthy.receiver.received;
    expect(test!.signatureValid).toBe(true);
    expect(test!.contractIssues).toEqual([]);
    expect(test!.headers['webhook-id']).toBe(sent.body.webhookId);
    expect(test!.notification).toMatchObject({
      id: sent.body.notificationId,
      type: 'nl.ketenpad.partner-gateway.test-notification.v1',
      source: 'urn:nld:ketenpad:partner-gateway',
      pathwayid: '00000000-0000-0000-0000-000000000000',
      test: true,
      dataref: expect.stringMatching(new RegExp(`/api/v1/subscriptions/${healthy.subscriptionId}$`)),
    });
    // and the failing endpoint's answer is reported, another partner's subscription is not found, nothing is logged or queued
    expect(refused.body).toMatchObject({ delivered: false, statusCode: 503, error: 'http-status' });
    expect(foreign.status).toBe(404);
    expect(flaky.receiver.received).toHaveLength(1);
    const healthyLog = await api('GET', `/api/v1/subscriptions/${healthy.subscriptionId}/deliveries`, healthy.token);
    expect(healthyLog.body).toEqual([]);

    // when a real notification fails once at the flaky endpoint
    const pathwayId = randomUUID();
    await publish(referral(pathwayId, flaky.urn));
    await gateway.worker.drain();

    // then its log entry says when it is tried again
    const log = await api('GET', `/api/v1/subscriptions/${flaky.subscriptionId}/deliveries`, flaky.token);
    expect(log.body).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'retry-scheduled',
        statusCode: 503,
        nextAttemptAt: expect.any(String),
      }),
    ]);
    expect(new Date(log.body[0].nextAttemptAt).getTime()).toBeGreaterThan(new Date(log.body[0].attemptedAt).getTime());

    // and once it is delivered, no entry announces a retry any more
    clock.advance(HOUR);
    await gateway.worker.drain();
    const after = await api('GET', `/api/v1/subscriptions/${flaky.subscriptionId}/deliveries`, flaky.token);
    expect(
      after.body.map((a: { outcome: string; nextAttemptAt: string | null }) => [a.outcome, a.nextAttemptAt]),
    ).toEqual([
      ['delivered', null],
      ['retry-scheduled', null],
    ]);
  });

  it('replays from a point in time the events a partner is entitled to, in their original order', async () => {
    // given a healthy partner that received a pathway's events
    const healthy = await partner();
    const from = clock.now();
    const pathwayId = randomUUID();
    const events = [referral(pathwayId, healthy.urn), contact(pathwayId), contact(pathwayId)];
    await publish(...events);
    await gateway.worker.drain();
    expect(healthy.receiver.accepted).toHaveLength(3);

    // when it replays from before those events
    const replay = await api('POST', `/api/v1/subscriptions/${healthy.subscriptionId}/replays`, healthy.token, {
      from: from.toISOString(),
    });
    await gateway.worker.drain();

    // then the same events arrive again, in the same order, with new webhook ids
    expect(replay.body).toEqual({ queued: 3 });
    expect(healthy.receiver.accepted.map((r) => r.notification.id)).toEqual([...events, ...events].map((e) => e.id));
    expect(new Set(healthy.receiver.accepted.map((r) => r.headers['webhook-id'])).size).toBe(6);
  });

  it('delivers nothing once consent is withdrawn, even what was queued before, and nothing of a pathway the partner has no part in', async () => {
    // given a partner with consent for chain and legal on one pathway, a partner referred to it, and a pathway neither has to do with
    const grantee = await partner();
    const participant = await partner();
    const pathwayId = randomUUID();
    const otherPathway = randomUUID();
    const consentId = randomUUID();
    const consent = event('nl.ketenpad.municipality.consent-recorded.v1', AMSTERDAM, pathwayId, {
      consentId,
      grantee: grantee.urn,
      purpose: 'protective-administration',
      scope: ['chain', 'legal'],
      validUntil: null,
      at: at(),
    });
    const legal = event('nl.ketenpad.court-liaison.moratorium-requested.v1', COURT, pathwayId, {
      basis: 'Fw-287b',
      at: at(),
    });
    const financial = event('nl.ketenpad.municipality.debts-inventoried.v1', AMSTERDAM, pathwayId, {
      creditorCount: 3,
      totalDebtCents: 120_000,
      debtTypes: ['Nuts'],
      at: at(),
    });
    const referred = referral(pathwayId, participant.urn);
    // Topics are consumed independently: the consent must have arrived before events of another topic count on it.
    await publish(consent, referred);
    await publish(legal, financial, contact(otherPathway));
    await gateway.worker.drain();
    // the consent's scope decides: chain and legal events yes, the financial one no, the other pathway nothing
    expect(grantee.receiver.accepted.map((r) => r.notification.id)).toEqual([consent.id, referred.id, legal.id]);
    // and under the chain's need-to-know policy a participant without consent receives chain events only
    expect(participant.receiver.accepted.map((r) => r.notification.id)).toEqual([referred.id]);

    // when an event is queued and the consent is withdrawn before the worker gets to it
    const queued = contact(pathwayId);
    await publish(queued);
    await publish(
      event('nl.ketenpad.municipality.consent-withdrawn.v1', AMSTERDAM, pathwayId, {
        consentId,
        grantee: grantee.urn,
        at: at(),
      }),
    );
    await gateway.worker.drain();

    // then nothing more arrives, and the queued row is closed as not entitled
    expect(grantee.receiver.accepted).toHaveLength(3);
    expect(participant.receiver.accepted.map((r) => r.notification.type.split('.')[3])).toEqual([
      'referral-made',
      'contact-attempted',
      'consent-withdrawn',
    ]);
    const rows = await gateway.sql.query(`SELECT status FROM delivery WHERE event_id = $1 AND subscription_id = $2`, [
      queued.id,
      grantee.subscriptionId,
    ]);
    expect(rows.rows).toEqual([{ status: 'not-entitled' }]);
    // and the dataref of an earlier notification is no longer readable either
    expect((await api('GET', `/api/v1/notifications/${legal.id}`, grantee.token)).status).toBe(404);
  });
  it("erases a pathway on the municipality's request: its event copies and deliveries go, queued ones are never sent, and the gateway answers exactly once", async () => {
    // given two pathways referred to a partner that received their events, and to a paused partner with their notifications queued
    const receiving = await partner();
    const paused = await partner();
    expect((await api('POST', `/api/v1/subscriptions/${paused.subscriptionId}/pause`, paused.token)).status).toBe(200);
    const erased = randomUUID();
    const kept = randomUUID();
    const before = [referral(erased, receiving.urn), referral(erased, paused.urn), contact(erased)];
    const keptEvents = [referral(kept, receiving.urn), referral(kept, paused.urn), contact(kept)];
    await publish(...before, ...keptEvents);
    await gateway.worker.drain();
    expect(receiving.receiver.acceptedByPathway().get(erased)).toEqual(before.map((e) => e.id));
    const beforeIds = before.map((e) => e.id);
    const count = async (query: string, params: unknown[]) =>
      (await gateway.sql.query(query, params)).rows[0].n as number;
    expect(await count(`SELECT count(*)::int AS n FROM delivery_attempt WHERE event_id = ANY($1)`, [beforeIds])).toBe(
      3,
    );

    // when the erasure request arrives, is redelivered, comes again under a new event id, and a later event follows
    const erasureId = randomUUID();
    const request = event('nl.ketenpad.municipality.personal-data-erased.v1', AMSTERDAM, erased, {
      erasureId,
      at: at(),
    });
    const again = event('nl.ketenpad.municipality.personal-data-erased.v1', AMSTERDAM, erased, { erasureId, at: at() });
    const later = contact(erased);
    await send(request, request, again);
    await publish(later);

    // then no copy of the pathway's earlier events is left, nor any delivery or delivery-log entry of them
    const stored = await gateway.sql.query(`SELECT event_id FROM chain_event WHERE pathway_id = $1 ORDER BY seq`, [
      erased,
    ]);
    expect(stored.rows.map((r: { event_id: string }) => r.event_id)).toEqual([request.id, later.id]);
    expect(await count(`SELECT count(*)::int AS n FROM delivery WHERE event_id = ANY($1)`, [beforeIds])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM delivery_attempt WHERE event_id = ANY($1)`, [beforeIds])).toBe(
      0,
    );
    // and the gateway answered once, with the same erasure id, in its own topic
    // (the gateway consumes every topic from the start: other tests' erasure requests are answered too)
    const answers = await gateway.sql.query(
      `SELECT aggregate_id, topic, payload FROM outbox WHERE type = 'nl.ketenpad.partner-gateway.personal-data-erased.v1' AND aggregate_id = $1`,
      [erased],
    );
    expect(answers.rows).toHaveLength(1);
    expect(answers.rows[0]).toMatchObject({ aggregate_id: erased, topic: 'partner-gateway.events.v1' });
    expect(EventCodec.shared().decode(answers.rows[0].payload as Buffer)).toMatchObject({
      source: 'urn:nld:ketenpad:partner-gateway',
      pathwayid: erased,
      data: { erasureId, at: clock.now().toISOString() },
    });
    // and an erased event's dataref is gone
    expect((await api('GET', `/api/v1/notifications/${before[2]!.id}`, receiving.token)).status).toBe(404);

    // when the paused partner resumes and the worker delivers
    expect((await api('POST', `/api/v1/subscriptions/${paused.subscriptionId}/resume`, paused.token)).status).toBe(200);
    await gateway.worker.drain();

    // then it never receives what was queued of the erased pathway before the erasure, but all of the other pathway, in order
    expect(paused.receiver.acceptedByPathway().get(kept)).toEqual(keptEvents.slice(1).map((e) => e.id));
    expect(paused.receiver.acceptedByPathway().get(erased)).toEqual([request.id, later.id]);
    // and the partners are told of the erasure once (so they can erase their copies), and the other pathway's log stays
    expect(receiving.receiver.acceptedByPathway().get(erased)).toEqual([...beforeIds, request.id, later.id]);
    expect(
      await count(`SELECT count(*)::int AS n FROM delivery_attempt WHERE event_id = ANY($1)`, [
        keptEvents.map((e) => e.id),
      ]),
    ).toBe(5);
  });
});
