import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { LocalDate, WgsDeadlinePolicy, WorkingDayCalendar } from '@ketenpad/calendar';
import { EventCodec, type EventEnvelope } from '@ketenpad/events';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { timelineAppModule, timelineInbox, TIMELINE_API } from '../../services/timeline/src/app.module';
import { PinnedClock, ORGS, PathwayScript, publishEnvelopes, publishFacts } from '../support/bottleneck.fixture';
import { api } from '../support/ketenpad.stack';

/**
 * Coordinator bottleneck analytics (issue 4): a known set of pathways - Wgs
 * deadline breaches across Easter 2026, hand-off waits, a declined and a
 * ping-pong referral, a drop-out, a stalled pathway - is published on the
 * chain topics and projected by the real timeline service; every figure of
 * every analytic is asserted exactly. "Now" is Tuesday 14 April 2026, 10:00
 * in Amsterdam (the pinned clock).
 */
const NOW = new Date('2026-04-14T08:00:00Z');
const calendar = WorkingDayCalendar.netherlands();
const URN = { amsterdam: ORGS.municipality, utrecht: ORGS.otherMunicipality, socialWork: ORGS.socialWork };
/** Every query is scoped to this run's municipality (other tests share the broker). */
const A = `municipality=${ORGS.code}`;

// P1: crisis request on Thursday 2 April; 3 working days skip Good Friday 3 and Easter Monday 6 April -> due Thursday 9 April.
const p1 = new PathwayScript().helpRequested('2026-04-02T09:00:00Z', '2026-04-09', 'eviction');
// P2: request on Monday 16 March, 4 weeks -> due Monday 13 April; nothing since.
const p2 = new PathwayScript().helpRequested('2026-03-16T10:00:00Z', '2026-04-13');
// P3: request on Thursday 19 March -> due Thursday 16 April: approaching.
const p3 = new PathwayScript().helpRequested('2026-03-19T10:00:00Z', '2026-04-16');
// P4: on time, one smooth hand-off to social work, through to oplossing.
const p4 = new PathwayScript()
  .helpRequested('2026-03-02T09:00:00Z', '2026-03-30')
  .firstConversationHeld('2026-03-05T09:00:00Z', true)
  .phase('aanmelding', 'intake', '2026-03-05T10:00:00Z')
  .referral('0b7a0c3e-0000-4000-8000-000000000401', URN.amsterdam, URN.socialWork, '2026-03-11T09:00:00Z')
  .accepted('0b7a0c3e-0000-4000-8000-000000000401', URN.socialWork, '2026-03-12T09:00:00Z')
  .firstContact('0b7a0c3e-0000-4000-8000-000000000401', '2026-03-12T15:00:00Z')
  .phase('intake', 'plan-van-aanpak', '2026-03-20T10:00:00Z')
  .phase('plan-van-aanpak', 'stabilisatie', '2026-03-30T10:00:00Z')
  .phase('stabilisatie', 'oplossing', '2026-04-09T10:00:00Z');
// P5: late first conversation; declined, re-referred and accepted, then sent back (ping-pong) and left waiting since Thursday 2 April.
const R5C = '0b7a0c3e-0000-4000-8000-000000000503';
const p5 = new PathwayScript()
  .helpRequested('2026-02-02T09:00:00Z', '2026-03-02')
  .firstConversationHeld('2026-03-04T09:00:00Z', false)
  .phase('aanmelding', 'intake', '2026-03-04T10:00:00Z')
  .referral('0b7a0c3e-0000-4000-8000-000000000501', URN.amsterdam, URN.socialWork, '2026-03-26T09:00:00Z')
  .declined('0b7a0c3e-0000-4000-8000-000000000501', URN.socialWork, '2026-03-27T09:00:00Z')
  .referral('0b7a0c3e-0000-4000-8000-000000000502', URN.amsterdam, URN.socialWork, '2026-03-30T09:00:00Z')
  .accepted('0b7a0c3e-0000-4000-8000-000000000502', URN.socialWork, '2026-04-01T09:00:00Z')
  .firstContact('0b7a0c3e-0000-4000-8000-000000000502', '2026-04-01T21:00:00Z')
  .referral(R5C, URN.socialWork, URN.amsterdam, '2026-04-02T09:00:00Z');
// P6: drop-out in intake.
const p6 = new PathwayScript()
  .helpRequested('2026-03-02T09:00:00Z', '2026-03-30')
  .firstConversationHeld('2026-03-05T09:00:00Z', true)
  .phase('aanmelding', 'intake', '2026-03-05T10:00:00Z')
  .closed('Nietverschenen', 'intake', '2026-03-19T10:00:00Z');
// P7: completed after a settlement.
const p7 = new PathwayScript()
  .helpRequested('2026-01-05T09:00:00Z', '2026-02-02')
  .firstConversationHeld('2026-01-08T09:00:00Z', true)
  .phase('aanmelding', 'intake', '2026-01-08T10:00:00Z')
  .phase('intake', 'oplossing', '2026-02-09T10:00:00Z')
  .closed('Afgerond', 'oplossing', '2026-03-09T10:00:00Z');
// P8 (Utrecht): stalled in intake since 5 February.
const p8 = new PathwayScript(randomUUID(), URN.utrecht)
  .helpRequested('2026-02-02T09:00:00Z', '2026-03-02')
  .firstConversationHeld('2026-02-05T09:00:00Z', true)
  .phase('aanmelding', 'intake', '2026-02-05T10:00:00Z');
const ALL = [p1, p2, p3, p4, p5, p6, p7, p8];
// P9 (a third municipality, outside the analytics above): referred with the resident's pseudonym, then erased on request.
const PSEUDONYM = 'a'.repeat(64);
const ERASURE_ID = randomUUID();
const p9 = new PathwayScript(randomUUID(), ORGS.erasureMunicipality)
  .helpRequested('2026-04-07T09:00:00Z', '2026-05-05')
  .referral(randomUUID(), ORGS.erasureMunicipality, URN.socialWork, '2026-04-08T09:00:00Z', PSEUDONYM);

async function sql<T>(db: TestDatabase, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Checksum of every analytic table the projection maintains. */
async function analyticsChecksum(db: TestDatabase, pathwayIds: readonly string[]): Promise<Record<string, string>> {
  const [row] = await sql<Record<string, string>>(
    db,
    `SELECT
      (SELECT md5(string_agg(concat_ws('|', pathway_id, municipality_code, phase, closed, owner, organisations, started_at, crisis, first_conversation_due, first_conversation_held_at,
          first_conversation_on_time, settlement_started_at, closed_at, close_reason, phase_at_close, dropped_out, hand_offs, declined, bounces, pillar_index,
          settlement_preparation_days, first_appointment_days), ',' ORDER BY pathway_id)) FROM pathway_summary WHERE pathway_id = ANY($1::uuid[])) AS pathways,
      (SELECT md5(string_agg(concat_ws('|', pathway_id, referral_id, municipality_code, pathway_closed, from_org, to_org, referred_at, status, accepted_at, declined_at, first_contact_at, bounce,
          acceptance_hours, first_contact_hours), ',' ORDER BY pathway_id, referral_id)) FROM bottleneck_hand_off WHERE pathway_id = ANY($1::uuid[])) AS hand_offs,
      (SELECT md5(string_agg(concat_ws('|', pathway_id, seq, municipality_code, organisations, phase, entered_at, left_at, days), ',' ORDER BY pathway_id, seq)) FROM bottleneck_phase_stay WHERE pathway_id = ANY($1::uuid[])) AS stays,
      (SELECT count(*)::text FROM bottleneck_phase_stay WHERE pathway_id = ANY($1::uuid[])) AS stay_count,
      (SELECT md5(string_agg(concat_ws('|', event_id, data), ',' ORDER BY event_id)) FROM timeline_entry WHERE pathway_id = ANY($1::uuid[])) AS entries,
      (SELECT md5(string_agg(concat_ws('|', erasure_id, pathway_id, erased_at), ',' ORDER BY erasure_id, pathway_id)) FROM timeline_erasure WHERE pathway_id = ANY($1::uuid[])) AS erasures`,
    [pathwayIds],
  );
  return row!;
}

describe('coordinator bottleneck analytics', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let coordinator: string;
  let counsellor: string;
  let alerts: Consumer;
  const published: EventEnvelope[] = [];
  const erasureAnswers: EventEnvelope[] = [];
  const ids = new Set(ALL.map((p) => p.pathwayId));
  let generation = `bottlenecks-${Date.now()}`;
  // While the data set is loaded the clock stands before every deadline, as it did when those facts happened; then it moves to NOW.
  const clock = new PinnedClock(new Date('2026-01-01T00:00:00Z'));

  const start = async () => {
    app = await startService({
      ...TIMELINE_API,
      rootModule: timelineAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
        databaseName: db.name,
        generation,
        clock,
        bottlenecks: { alertIntervalMs: 200 },
      }),
      inbox: timelineInbox(generation),
      port: 0,
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const get = (path: string, token: string = coordinator, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/v1${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Awaited<ReturnType<typeof api>>['body'] }));

  beforeAll(async () => {
    db = await createTestDatabase('e2e_bottlenecks');
    const issuer = await DevIssuer.open();
    coordinator = await issuer.issueFor('KR-001', ['coordinator']);
    counsellor = await issuer.issueFor('GM0363', ['counsellor']);
    // A partner subscribed to the timeline's alerts.
    const kafka = new Kafka({ clientId: 'bottleneck-alerts', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    alerts = kafka.consumer({ groupId: `bottleneck-alerts-${randomUUID()}` });
    await alerts.connect();
    await alerts.subscribe({ topic: 'timeline.events.v1', fromBeginning: true });
    await alerts.run({
      eachMessage: async ({ message }) => {
        const event = EventCodec.shared().decode(message.value!);
        if (ids.has(event.pathwayid)) published.push(event);
        if (event.pathwayid === p9.pathwayId) erasureAnswers.push(event);
      },
    });
    await start();
    await publishFacts(ALL.flatMap((p) => p.facts));
    const expected = ALL.reduce((n, p) => n + p.facts.length, 0);
    await waitFor(
      async () => {
        const [row] = await sql<{ n: string }>(
          db,
          'SELECT count(*) AS n FROM timeline_entry WHERE pathway_id = ANY($1::uuid[])',
          [[...ids]],
        );
        return Number(row!.n) === expected || undefined;
      },
      { timeoutMs: 30_000, description: 'the timeline to project every fact' },
    );
    clock.set(NOW);
  }, 120_000);

  afterAll(async () => {
    await alerts?.disconnect();
    await app?.close();
    await db?.drop();
  });

  it('uses the due dates the Wgs gives on the Atw calendar (sanity check of the data set)', () => {
    const policy = new WgsDeadlinePolicy(calendar);
    expect(policy.firstConversationDue(LocalDate.parse('2026-04-02'), true).dueOn.toString()).toBe('2026-04-09');
    expect(policy.firstConversationDue(LocalDate.parse('2026-03-16'), false).dueOn.toString()).toBe('2026-04-13');
    expect(policy.firstConversationDue(LocalDate.parse('2026-03-19'), false).dueOn.toString()).toBe('2026-04-16');
  });

  it('lists the open pathways past or near their first-conversation deadline, counted in working days across Easter', async () => {
    // when the coordinator asks for Wgs deadline compliance
    const { status, body } = await get(`/bottlenecks/wgs-deadlines?${A}`);
    // then P1 (crisis, due Thursday 9 April) is 3 working days late, P2 1, and P3 has 2 working days left
    expect(status).toBe(200);
    expect(body).toMatchObject({
      asOf: NOW.toISOString(),
      approachingWorkingDays: 3,
      approachingUntil: '2026-04-17',
      overdue: 2,
      approaching: 1,
      total: 3,
      listed: 3,
    });
    expect(body.pathways).toEqual([
      {
        pathwayId: p1.pathwayId,
        municipalityCode: ORGS.code,
        firstConversationDue: '2026-04-09',
        crisis: true,
        owner: URN.amsterdam,
        status: 'overdue',
        workingDaysLeft: 0,
        workingDaysOverdue: 3,
      },
      {
        pathwayId: p2.pathwayId,
        municipalityCode: ORGS.code,
        firstConversationDue: '2026-04-13',
        crisis: false,
        owner: URN.amsterdam,
        status: 'overdue',
        workingDaysLeft: 0,
        workingDaysOverdue: 1,
      },
      {
        pathwayId: p3.pathwayId,
        municipalityCode: ORGS.code,
        firstConversationDue: '2026-04-16',
        crisis: false,
        owner: URN.amsterdam,
        status: 'approaching',
        workingDaysLeft: 2,
        workingDaysOverdue: 0,
      },
    ]);
    // and per week the first conversations held on time (week of 2 March: P4 and P6 on time, P5 late)
    expect(body.weekly).toEqual([
      { week: '2026-01-05', held: 1, onTime: 1, late: 0, onTimeShare: 1 },
      { week: '2026-03-02', held: 3, onTime: 2, late: 1, onTimeShare: 0.6667 },
    ]);
  });

  it('filters the deadline figures by period and municipality', async () => {
    // period: pathways that arrived in March; first conversations held in March
    const march = await get(`/bottlenecks/wgs-deadlines?${A}&from=2026-03-01&to=2026-03-31`);
    expect(march.body.pathways.map((p: { pathwayId: string }) => p.pathwayId)).toEqual([p2.pathwayId, p3.pathwayId]);
    expect(march.body).toMatchObject({ overdue: 1, approaching: 1 });
    expect(march.body.weekly).toEqual([{ week: '2026-03-02', held: 3, onTime: 2, late: 1, onTimeShare: 0.6667 }]);
    // municipality: Utrecht has no open deadline, one conversation held on time
    const utrecht = await get(`/bottlenecks/wgs-deadlines?municipality=${ORGS.otherCode}&approachingWorkingDays=5`);
    expect(utrecht.body).toMatchObject({
      overdue: 0,
      approaching: 0,
      pathways: [],
      approachingUntil: '2026-04-21',
      weekly: [{ week: '2026-02-02', held: 1, onTime: 1, late: 0, onTimeShare: 1 }],
    });
  });

  it('measures hand-off waits per pair of organisations and lists the referral still waiting', async () => {
    const { status, body } = await get(`/bottlenecks/hand-offs?${A}`);
    expect(status).toBe(200);
    // GM -> SW: accepted after 24 h (P4) and 48 h (P5); first contact 6 h and 12 h after acceptance
    expect(body.pairs).toEqual([
      {
        fromOrg: URN.amsterdam,
        toOrg: URN.socialWork,
        referrals: 3,
        accepted: 2,
        declined: 1,
        waiting: 0,
        closedUnanswered: 0,
        referralToAcceptance: { count: 2, medianHours: 36, p90Hours: 45.6, meanHours: 36 },
        acceptanceToFirstContact: { count: 2, medianHours: 9, p90Hours: 11.4, meanHours: 9 },
      },
      {
        fromOrg: URN.socialWork,
        toOrg: URN.amsterdam,
        referrals: 1,
        accepted: 0,
        declined: 0,
        waiting: 1,
        closedUnanswered: 0,
        referralToAcceptance: { count: 0, medianHours: null, p90Hours: null, meanHours: null },
        acceptanceToFirstContact: { count: 0, medianHours: null, p90Hours: null, meanHours: null },
      },
    ]);
    // the bounced referral of Thursday 2 April has waited 6 working days (Tue 7 - Tue 14 April; Easter Monday does not count)
    expect(body).toMatchObject({ thresholdWorkingDays: 5, waitingTotal: 1 });
    expect(body.waiting).toEqual([
      {
        pathwayId: p5.pathwayId,
        referralId: R5C,
        fromOrg: URN.socialWork,
        toOrg: URN.amsterdam,
        referredAt: '2026-04-02T09:00:00.000Z',
        workingDaysWaiting: 6,
        overThreshold: true,
      },
    ]);
    // filtered to an organisation without referrals: nothing
    expect(
      (await get(`/bottlenecks/hand-offs?${A}&organisation=urn:nld:ketenpad:court-liaison:RB-AMS`)).body,
    ).toMatchObject({ pairs: [], waiting: [], waitingTotal: 0 });
  });

  it('gives the days spent in each phase against the NVVK norms', async () => {
    const { status, body } = await get(`/bottlenecks/phase-durations?${A}`);
    expect(status).toBe(200);
    // aanmelding: 3d1h three times (P4, P6, P7) and 30d1h (P5); intake: 14, 15 and 32 days
    expect(body.phases).toEqual([
      { phase: 'aanmelding', count: 4, medianDays: 3.04, p90Days: 21.94, meanDays: 9.79, ongoing: 3 },
      { phase: 'intake', count: 3, medianDays: 15, p90Days: 28.6, meanDays: 20.33, ongoing: 1 },
      { phase: 'plan-van-aanpak', count: 1, medianDays: 10, p90Days: 10, meanDays: 10, ongoing: 0 },
      { phase: 'stabilisatie', count: 1, medianDays: 10, p90Days: 10, meanDays: 10, ongoing: 0 },
      { phase: 'oplossing', count: 1, medianDays: 28, p90Days: 28, meanDays: 28, ongoing: 1 },
    ]);
    // request -> oplossing: P7 35d1h, P4 38d1h; request -> first conversation: 3, 3, 3 and 30 days
    expect(body.settlementPreparation).toEqual({
      count: 2,
      medianDays: 36.54,
      p90Days: 37.74,
      meanDays: 36.54,
      overNorm: 0,
      normDays: 120,
    });
    expect(body.firstAppointment).toEqual({ count: 4, medianDays: 3, p90Days: 21.9, meanDays: 9.75, normMeanDays: 11 });
  });

  it('finds the pathway without any event for 30 days, by phase and owner', async () => {
    const { body } = await get(`/bottlenecks/stalled?municipality=${ORGS.otherCode}`);
    expect(body).toMatchObject({
      days: 30,
      total: 1,
      byPhaseAndOwner: [{ phase: 'intake', owner: URN.utrecht, count: 1 }],
    });
    expect(body.pathways).toEqual([
      {
        pathwayId: p8.pathwayId,
        phase: 'intake',
        owner: URN.utrecht,
        lastEventAt: '2026-02-05T10:00:00.000Z',
        daysSinceLastEvent: 67,
      },
    ]);
    // with a 20-day threshold P2 (last event 16 March) and P3 (19 March) join; Amsterdam only
    const twenty = await get(`/bottlenecks/stalled?days=20&${A}`);
    expect(twenty.body.pathways.map((p: { pathwayId: string }) => p.pathwayId)).toEqual([p2.pathwayId, p3.pathwayId]);
    expect(twenty.body.byPhaseAndOwner).toEqual([{ phase: 'aanmelding', owner: URN.amsterdam, count: 2 }]);
  });

  it('ranks pathways by the pillar-to-post index', async () => {
    // P5: 3 hand-offs + 2 x 1 declined + 3 x 2 bounces (again to social work, which had declined; back to the municipality) = 11
    const { body } = await get(`/bottlenecks/pillar-to-post?${A}`);
    expect(body).toMatchObject({ minIndex: 4, total: 1, formula: expect.stringContaining('2 × declined referrals') });
    expect(body.pathways).toEqual([
      { pathwayId: p5.pathwayId, index: 11, handOffs: 3, declined: 1, bounces: 2, phase: 'intake', closed: false },
    ]);
    const all = await get(
      `/bottlenecks/pillar-to-post?${A}&minIndex=1&organisation=${encodeURIComponent(URN.socialWork)}`,
    );
    expect(all.body.pathways.map((p: { pathwayId: string; index: number }) => [p.pathwayId, p.index])).toEqual([
      [p5.pathwayId, 11],
      [p4.pathwayId, 1],
    ]);
  });

  it('counts closures per phase and uitstroom reason, and the share dropping out before a settlement', async () => {
    const { body } = await get(`/bottlenecks/outcomes?${A}`);
    expect(body).toMatchObject({
      closed: 2,
      byPhase: [
        { phase: 'intake', count: 1 },
        { phase: 'oplossing', count: 1 },
      ],
      byPhaseAndReason: [
        { phase: 'intake', reason: 'Nietverschenen', count: 1 },
        { phase: 'oplossing', reason: 'Afgerond', count: 1 },
      ],
      droppedOutBeforeSettlement: 1,
      dropOutShare: 0.5,
      dropOutShareBase: 'closed',
      // of the 7 pathways registered (P1-P7): P4 and P7 reached a settlement, P6 dropped out, 4 are still open
      cohort: {
        registered: 7,
        reachedSettlement: 2,
        droppedOut: 1,
        openBeforeSettlement: 4,
        closedOtherwise: 0,
        dropOutShare: 0.1429,
        dropOutShareBase: 'registered',
      },
      normDropOutShare: 0.4,
      normDropOutShareBase: 'registered',
    });
    // only P7 closed in the week of 9 March
    expect((await get(`/bottlenecks/outcomes?${A}&from=2026-03-09&to=2026-03-15`)).body).toMatchObject({
      closed: 1,
      droppedOutBeforeSettlement: 0,
      dropOutShare: 0,
    });
  });

  it('shows arrivals, closures and work in progress per phase per week', async () => {
    const { body } = await get(`/bottlenecks/flow?${A}&from=2026-03-02&to=2026-03-22`);
    expect(body.weeks).toEqual([
      { week: '2026-03-02', arrivals: 2, closures: 0, workInProgress: { intake: 3, oplossing: 1 } },
      { week: '2026-03-09', arrivals: 0, closures: 1, workInProgress: { intake: 3 } },
      {
        week: '2026-03-16',
        arrivals: 2,
        closures: 1,
        workInProgress: { aanmelding: 2, intake: 1, 'plan-van-aanpak': 1 },
      },
    ]);
  });

  it('publishes each breached deadline and each referral waiting too long exactly once', async () => {
    // then the partner subscribed to timeline.events.v1 receives three alerts, even after many polls
    await waitFor(async () => published.length >= 3 || undefined, {
      timeoutMs: 20_000,
      description: 'three alerts on timeline.events.v1',
    });
    await new Promise((r) => setTimeout(r, 1500));
    const byType = published
      .map((e) => ({ type: e.type, pathwayId: e.pathwayid, source: e.source, data: e.data }))
      .sort((a, b) => a.type.localeCompare(b.type) || JSON.stringify(a.data).localeCompare(JSON.stringify(b.data)));
    expect(byType).toEqual([
      {
        type: 'nl.ketenpad.timeline.deadline-breached.v1',
        pathwayId: p1.pathwayId,
        source: 'urn:nld:ketenpad:timeline',
        data: {
          deadline: 'first-conversation',
          dueOn: '2026-04-09',
          detectedAt: NOW.toISOString(),
          crisis: true,
          municipality: URN.amsterdam,
        },
      },
      {
        type: 'nl.ketenpad.timeline.deadline-breached.v1',
        pathwayId: p2.pathwayId,
        source: 'urn:nld:ketenpad:timeline',
        data: {
          deadline: 'first-conversation',
          dueOn: '2026-04-13',
          detectedAt: NOW.toISOString(),
          crisis: false,
          municipality: URN.amsterdam,
        },
      },
      {
        type: 'nl.ketenpad.timeline.referral-waiting-too-long.v1',
        pathwayId: p5.pathwayId,
        source: 'urn:nld:ketenpad:timeline',
        data: {
          referralId: R5C,
          fromOrg: URN.socialWork,
          toOrg: URN.amsterdam,
          referredAt: '2026-04-02T09:00:00.000Z',
          thresholdWorkingDays: 5,
          detectedAt: NOW.toISOString(),
        },
      },
    ]);
  });

  it('exposes the same thresholds as Prometheus gauges labelled by municipality or organisation only', async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const value = (name: string, label: string) =>
      Number(new RegExp(`^${name}\\{[^}]*${label}[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect(value('ketenpad_wgs_deadline_breached_open', `municipality="${ORGS.code}"`)).toBe(2);
    expect(value('ketenpad_wgs_deadline_approaching', `municipality="${ORGS.code}"`)).toBe(1);
    expect(value('ketenpad_referrals_waiting_too_long', `organisation="${ORGS.code}"`)).toBe(1);
    for (const id of ids) expect(metrics).not.toContain(id);
  });

  it('serves a coordinator the pseudonymous timeline of one pathway and logs the read with its purpose', async () => {
    // when a coordinator reads P5's timeline stating a purpose
    const { status, body } = await get(`/pathways/${p5.pathwayId}/timeline`, coordinator, {
      'x-ketenpad-purpose': 'ketenregie-casus',
    });
    // then it sees every chain event of the pathway, and the read is in the access log
    expect(status).toBe(200);
    expect(body.events).toHaveLength(p5.facts.length);
    const log = await sql<{
      resource: string;
      organisation_kind: string;
      organisation_id: string;
      purpose: string;
      classifications: string[];
    }>(
      db,
      `SELECT resource, organisation_kind, organisation_id, purpose, classifications FROM access_log WHERE pathway_id = $1 AND resource = 'timeline'`,
      [p5.pathwayId],
    );
    expect(log).toEqual([
      {
        resource: 'timeline',
        organisation_kind: 'coordinator',
        organisation_id: 'KR-001',
        purpose: 'ketenregie-casus',
        classifications: ['chain'],
      },
    ]);
    // and the analytics that named P1 are logged as reads of P1 (default purpose ketenregie)
    const named = await sql<{ resource: string; purpose: string }>(
      db,
      `SELECT DISTINCT resource, purpose FROM access_log WHERE pathway_id = $1 ORDER BY resource`,
      [p1.pathwayId],
    );
    expect(named).toEqual([{ resource: 'bottleneck:wgs-deadlines', purpose: 'ketenregie' }]);
  });

  it('refuses the analytics to other roles (403), anonymous callers (401) and bad filters (400, field by field)', async () => {
    expect((await get('/bottlenecks/hand-offs', counsellor)).status).toBe(403);
    expect((await get('/bottlenecks/flow', '')).status).toBe(401);
    const bad = await get('/bottlenecks/stalled?municipality=Amsterdam&limit=0&from=2026-13-01&days=x&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'days',
      'extra',
      'from',
      'limit',
      'municipality',
    ]);
    const backwards = await get('/bottlenecks/outcomes?from=2026-04-01&to=2026-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', messages: ['to must not be before from'] }]);
  });

  it('erases what could identify the resident of a pathway and answers the erasure request exactly once', async () => {
    // given P9 projected with the resident's pseudonym on its referral
    await publishFacts(p9.facts);
    const pseudonymous = async () =>
      (
        await sql<{ n: string }>(
          db,
          `SELECT count(*) AS n FROM timeline_entry WHERE pathway_id = $1 AND data ? 'residentPseudonym'`,
          [p9.pathwayId],
        )
      )[0]!.n;
    await waitFor(async () => (await pseudonymous()) === '1' || undefined, {
      timeoutMs: 20_000,
      description: 'P9 projected with its pseudonym',
    });
    // when the municipality's erasure request arrives, is delivered again, and is sent again under a new event id
    const [request] = await publishFacts(
      new PathwayScript(p9.pathwayId, ORGS.erasureMunicipality).personalDataErased(ERASURE_ID, '2026-04-14T07:59:00Z')
        .facts,
    );
    await publishEnvelopes([request!]);
    await publishFacts(
      new PathwayScript(p9.pathwayId, ORGS.erasureMunicipality).personalDataErased(ERASURE_ID, '2026-04-14T07:59:30Z')
        .facts,
    );
    // then the timeline answers once, on timeline.events.v1, with the same erasure id
    await waitFor(async () => erasureAnswers.length > 0 || undefined, {
      timeoutMs: 20_000,
      description: 'the timeline to answer the erasure',
    });
    await waitFor(
      async () => {
        const [row] = await sql<{ n: string }>(db, `SELECT count(*) AS n FROM timeline_entry WHERE pathway_id = $1`, [
          p9.pathwayId,
        ]);
        return row!.n === '4' || undefined;
      },
      { timeoutMs: 20_000, description: 'both erasure requests projected' },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(erasureAnswers.map((e) => ({ type: e.type, source: e.source, data: e.data }))).toEqual([
      {
        type: 'nl.ketenpad.timeline.personal-data-erased.v1',
        source: 'urn:nld:ketenpad:timeline',
        data: { erasureId: ERASURE_ID, at: NOW.toISOString() },
      },
    ]);
    // and no entry of P9 holds the pseudonym any more, while the non-personal facts stay
    expect(await pseudonymous()).toBe('0');
    const referral = await sql<{ data: Record<string, unknown> }>(
      db,
      `SELECT data FROM timeline_entry WHERE pathway_id = $1 AND type LIKE '%referral-made%'`,
      [p9.pathwayId],
    );
    expect(referral).toEqual([{ data: expect.objectContaining({ toOrg: URN.socialWork, reason: 'stabilisation' }) }]);
    expect(JSON.stringify(referral)).not.toContain(PSEUDONYM);
  });

  it('rebuilds to identical analytic tables and raises no alert twice', async () => {
    // given the live analytics (and P9, erased)
    const before = await analyticsChecksum(db, [...ids, p9.pathwayId]);
    expect(Number(before.stay_count)).toBeGreaterThan(10);
    const alertsBefore = await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM timeline_alert');
    const [entriesBefore] = await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM timeline_entry');
    // when the timeline restarts with a new projection generation and projects every topic again (out of order across topics)
    await app.close();
    generation = `bottlenecks-rebuild-${Date.now()}`;
    await start();
    await waitFor(
      async () => {
        const [row] = await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM inbox WHERE consumer = $1', [
          `timeline.projection.g${generation}`,
        ]);
        return Number(row!.n) >= Number(entriesBefore!.n) || undefined;
      },
      { timeoutMs: 60_000, description: 'the rebuild to catch up' },
    );
    // then every analytic table is identical, the alerts are kept, and none is published again
    expect(await analyticsChecksum(db, [...ids, p9.pathwayId])).toEqual(before);
    expect(await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM timeline_alert')).toEqual(alertsBefore);
    await new Promise((r) => setTimeout(r, 1000));
    expect(published).toHaveLength(3);
    // and the erasure is neither undone (the pseudonym stays out) nor answered again
    expect(before.entries).toBeTruthy();
    expect(erasureAnswers).toHaveLength(1);
    expect((await api('GET', `${url}/api/v1/bottlenecks/pillar-to-post?${A}`, coordinator)).body.pathways).toEqual([
      expect.objectContaining({ pathwayId: p5.pathwayId, index: 11 }),
    ]);
  });
});
