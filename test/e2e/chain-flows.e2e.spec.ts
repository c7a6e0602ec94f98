import { randomUUID } from 'node:crypto';
import { Kafka as CloudEventsKafka, type CloudEvent } from 'cloudevents';
import { topics } from '@ketenpad/contracts';
import { EventCodec } from '@ketenpad/events';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { createTestDatabase, kafkaBrokers, waitFor } from '@ketenpad/testing';
import { projectionChecksum } from '../support/projection.checksum';
import { ServiceProcess } from '../support/service.process';
import { api } from '../support/ketenpad.stack';
import { eventName, names, ok, ORG, startChain, chainActors, timelineWhen, type Chain } from '../support/chain.stack';
import { readTopicsFromStart, topicEnds } from '../support/personal-data.search';
import { randomBsn } from '../support/resident.fixture';

/**
 * The six cross-organisation flows of EVENTS.md, end to end: every service a
 * real process with its own database, events only over the dev broker, and the
 * outcome read from the chain timeline and the services' public APIs.
 */
describe('the chain flows', () => {
  let chain: Chain;
  let counsellor: string;
  let socialWorker: string;
  let courtLiaison: string;
  let gp: string;
  const domainTopics = topics.map((topic) => topic.name);
  /** Where the six domain topics ended before these flows: what they publish comes after. */
  let startOffsets: Map<string, bigint>;

  beforeAll(async () => {
    startOffsets = await topicEnds(kafkaBrokers(), domainTopics);
    chain = await startChain();
    ({ counsellor, socialWorker, courtLiaison, gp } = await chainActors(chain));
  }, 180_000);

  afterAll(async () => {
    await chain?.stop();
  });

  const municipality = (path: string) => `${chain.url.municipality}/api/v1${path}`;
  const socialWork = (path: string) => `${chain.url['social-work']}/api/v1${path}`;
  const court = (path: string) => `${chain.url['court-liaison']}/api/v1${path}`;

  async function helpRequest(extra: Record<string, unknown> = {}): Promise<string> {
    const body = await ok('POST', municipality('/pathways'), counsellor, { bsn: randomBsn(), channel: 'balie', ...extra });
    return body.pathwayId as string;
  }

  async function referFromMunicipality(pathwayId: string, toOrg: string, reason: string, urgent = false): Promise<string> {
    const referralId = randomUUID();
    await ok('POST', municipality(`/pathways/${pathwayId}/referrals`), counsellor, { referralId, toOrg, reason, urgent, warm: true });
    return referralId;
  }

  /** The receiving service learns of a referral through Kafka: wait until it can act on it. */
  async function whenAccepted(url: string, token: string, description: string): Promise<void> {
    await waitFor(async () => (await api('POST', url, token, {})).status === 201 || undefined, { timeoutMs: 30_000, intervalMs: 200, description });
  }

  async function acceptedBySocialWork(pathwayId: string): Promise<string> {
    const referralId = await referFromMunicipality(pathwayId, ORG.socialWork, 'stabilisation');
    await whenAccepted(socialWork(`/referrals/${referralId}/acceptance`), socialWorker, 'social work accepting the referral');
    return referralId;
  }

  it('1. GP refers with consent -> municipality opens a pathway and accepts -> the GP hears the outcome of the first conversation', async () => {
    // given a patient's consent at the GP
    const consent = await ok('POST', `${chain.url.gp}/api/v1/patients/pat-${randomUUID().slice(0, 8)}/consents`, gp, {
      bsn: randomBsn(),
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: '2030-12-31',
    });
    const before = new Set((await ok('GET', municipality('/pathways?status=open'), counsellor)).map((p: { pathwayId: string }) => p.pathwayId));
    // when the GP refers the patient to the municipality
    const referral = await ok('POST', `${chain.url.gp}/api/v1/referrals`, gp, { consentId: consent.consentId, toOrg: ORG.amsterdam, reason: 'financial-worries', urgent: false, warm: true });
    const pathwayId = await waitFor(
      async () => ((await ok('GET', municipality('/pathways?status=open'), counsellor)) as Array<{ pathwayId: string }>).find((p) => !before.has(p.pathwayId))?.pathwayId,
      { timeoutMs: 30_000, description: 'the municipality opening a pathway for the referral' },
    );
    await ok('POST', municipality(`/pathways/${pathwayId}/first-conversation`), counsellor, {});
    // then the GP receives exactly the outcome, and nothing else about the pathway
    const outcome = await waitFor(
      async () => {
        const r = await ok('GET', `${chain.url.gp}/api/v1/referrals/${referral.referralId}`, gp);
        return r.outcome ? r : undefined;
      },
      { timeoutMs: 30_000, description: 'the referral outcome at the GP' },
    );
    expect(outcome).toMatchObject({ status: 'outcome-received', outcome: 'first-conversation-held' });
    const timeline = await timelineWhen(chain, counsellor, pathwayId, (t) => t.events.some((e) => eventName(e.type) === 'first-conversation-held'), 'the first conversation on the timeline');
    expect(names(timeline)).toEqual(expect.arrayContaining(['gp/referral-made', 'municipality/help-requested', 'municipality/referral-accepted', 'municipality/first-conversation-held']));
    expect(timeline.pathway.referrals).toEqual([expect.objectContaining({ referralId: referral.referralId, fromOrg: ORG.gp, toOrg: ORG.amsterdam, status: 'accepted' })]);
    expect(JSON.stringify(timeline)).not.toContain('patient-consent');
    const gpView = await timelineWhen(chain, gp, pathwayId, (t) => t.events.some((e) => eventName(e.type) === 'referral-outcome-received'), "the GP's view");
    expect(gpView.events.every((e) => e.source === ORG.gp)).toBe(true);
  });

  it('2. municipality refers to social work for stabilisation -> accepted, first contact, budget coaching', async () => {
    const pathwayId = await helpRequest();
    const referralId = await acceptedBySocialWork(pathwayId);
    await ok('POST', socialWork(`/pathways/${pathwayId}/first-contact`), socialWorker, { kind: 'Telefoon', referralId });
    await ok('POST', socialWork(`/pathways/${pathwayId}/support`), socialWorker, { kind: 'budget-coaching' });

    const timeline = await timelineWhen(chain, counsellor, pathwayId, (t) => t.events.some((e) => eventName(e.type) === 'support-started'), 'budget coaching on the timeline');
    expect(names(timeline)).toEqual(
      expect.arrayContaining(['municipality/referral-made', 'social-work/referral-accepted', 'social-work/case-owner-changed', 'social-work/first-contact-made', 'social-work/support-started']),
    );
    expect(timeline.pathway.owner).toBe(ORG.socialWork);
    expect(timeline.pathway.participants).toEqual(expect.arrayContaining([ORG.amsterdam, ORG.socialWork]));
    expect(timeline.pathway.referrals).toEqual([expect.objectContaining({ referralId, status: 'accepted', firstContactAt: expect.any(String) })]);
    const accepted = timeline.events.find((e) => eventName(e.type) === 'referral-accepted')!;
    expect(accepted.summary).toMatch(/after the referral$/);
    expect(timeline.events.find((e) => eventName(e.type) === 'first-contact-made')!.summary).toMatch(/after acceptance$/);
  });

  it('3. social work flags an eviction -> the deadline becomes 3 working days -> moratorium requested, granted and ended on its date', async () => {
    // given a pathway whose case social work accepted
    const pathwayId = await helpRequest();
    await acceptedBySocialWork(pathwayId);
    // when social work flags an eviction threat
    const today = LocalDate.fromInstant(new Date());
    await ok('POST', socialWork(`/pathways/${pathwayId}/urgent-situations`), socialWorker, { threat: 'eviction', dueBy: today.plusDays(10).toString() });
    // then the municipality's first-conversation deadline is 3 working days from the flag
    const due = WorkingDayCalendar.netherlands().addWorkingDays(today, 3).toString();
    const afterFlag = await timelineWhen(chain, counsellor, pathwayId, (t) => t.pathway.firstConversationDue === due, 'the 3-working-day deadline');
    expect(names(afterFlag)).toEqual(expect.arrayContaining(['social-work/urgent-situation-flagged', 'municipality/deadline-changed']));
    expect(afterFlag.pathway.crisis).not.toBeNull();
    expect(afterFlag.pathway.openDeadlines).toEqual([{ kind: 'first-conversation', due }]);

    // when the municipality asks the court liaison for a moratorium, which is granted until yesterday
    const referralId = await referFromMunicipality(pathwayId, ORG.court, 'court-procedure', true);
    await whenAccepted(court(`/referrals/${referralId}/acceptance`), courtLiaison, 'the court liaison accepting the referral');
    await ok('POST', court(`/pathways/${pathwayId}/moratorium/request`), courtLiaison, { basis: 'Wgs-5' });
    await ok('POST', court(`/pathways/${pathwayId}/moratorium/grant`), courtLiaison, { startsAt: today.plusDays(-60).toString(), endsAt: today.plusDays(-1).toString() });
    // then the court's scheduler emits moratorium-ended exactly once, and the legal status follows
    const ended = await timelineWhen(chain, counsellor, pathwayId, (t) => t.events.some((e) => eventName(e.type) === 'moratorium-ended'), 'moratorium-ended');
    await new Promise((r) => setTimeout(r, 1500));
    const settled = await timelineWhen(chain, counsellor, pathwayId, () => true, 'the settled timeline');
    const legal = names(settled).filter((n) => n.startsWith('court-liaison/moratorium'));
    expect(legal).toEqual(['court-liaison/moratorium-requested', 'court-liaison/moratorium-granted', 'court-liaison/moratorium-ended']);
    expect(ended.pathway.legalStatus).toBeNull();
    expect(settled.pathway.openDeadlines.map((d: { kind: string }) => d.kind)).not.toContain('moratorium-end');
  });

  it('4. creditors refuse a settlement -> forced settlement requested and decided, then a Wsnp petition and admission: the pathway shows the Wsnp', async () => {
    // given a settlement proposal that a creditor refuses
    const pathwayId = await helpRequest();
    await ok('POST', municipality(`/pathways/${pathwayId}/first-conversation`), counsellor, {});
    await ok('POST', municipality(`/pathways/${pathwayId}/intake-decision`), counsellor, { decision: 'toelating' });
    await ok('POST', municipality(`/pathways/${pathwayId}/debts`), counsellor, { creditorCount: 4, totalDebtCents: 2_345_600, debtTypes: ['Nuts', 'Zorg'] });
    await ok('POST', municipality(`/pathways/${pathwayId}/settlement-proposals`), counsellor, { solutionKind: 'Schuldbemiddeling', vtlbCents: 12_500 });
    await ok('POST', municipality(`/pathways/${pathwayId}/creditor-responses`), counsellor, { response: 'refused' });
    // when the court liaison takes the case to court
    const referralId = await referFromMunicipality(pathwayId, ORG.court, 'court-procedure');
    await whenAccepted(court(`/referrals/${referralId}/acceptance`), courtLiaison, 'the court liaison accepting the referral');
    await ok('POST', court(`/pathways/${pathwayId}/forced-settlement/request`), courtLiaison, {});
    const decided = await timelineWhen(chain, counsellor, pathwayId, (t) => t.pathway.legalStatus === 'forced-settlement-requested', 'the dwangakkoord request');
    expect(decided.pathway.legalStatus).toBe('forced-settlement-requested');
    await ok('POST', court(`/pathways/${pathwayId}/forced-settlement/decision`), courtLiaison, { outcome: 'rejected' });
    await ok('POST', court(`/pathways/${pathwayId}/wsnp/petition`), courtLiaison, {});
    await ok('POST', court(`/pathways/${pathwayId}/wsnp/admission`), courtLiaison, { termMonths: 18 });

    const timeline = await timelineWhen(chain, counsellor, pathwayId, (t) => t.pathway.legalStatus === 'wsnp', 'the Wsnp on the pathway');
    expect(timeline.pathway.phase).toBe('oplossing');
    expect(names(timeline)).toEqual(expect.arrayContaining(['municipality/settlement-proposed', 'municipality/creditor-responded']));
    expect(timeline.events.find((e) => eventName(e.type) === 'creditor-responded')!.summary).toBe('Creditor responded: refused');
    expect(names(timeline).filter((n) => n.startsWith('court-liaison/'))).toEqual([
      'court-liaison/referral-accepted',
      'court-liaison/forced-settlement-requested',
      'court-liaison/forced-settlement-decided',
      'court-liaison/wsnp-petition-filed',
      'court-liaison/wsnp-admitted',
    ]);
    // Impossible transitions are refused with 409 and change nothing.
    const again = await api('POST', court(`/pathways/${pathwayId}/wsnp/admission`), courtLiaison, { termMonths: 18 });
    expect(again.status).toBe(409);
  });

  it('5. a declined referral and a referral bounced back are visible as such on the timeline', async () => {
    const pathwayId = await helpRequest();
    // declined by social work
    const first = await referFromMunicipality(pathwayId, ORG.socialWork, 'stabilisation');
    await waitFor(async () => (await api('POST', socialWork(`/referrals/${first}/decline`), socialWorker, { reason: 'no-capacity' })).status === 201 || undefined, {
      timeoutMs: 30_000,
      description: 'social work declining the referral',
    });
    // referred again and accepted, then sent back to the municipality
    await acceptedBySocialWork(pathwayId);
    await ok('POST', socialWork('/referrals'), socialWorker, { pathwayId, toOrg: ORG.amsterdam, reason: 'debt-assistance', urgent: false, warm: true });

    const timeline = await timelineWhen(
      chain,
      counsellor,
      pathwayId,
      (t) => t.pathway.referrals.length === 3 && t.pathway.referrals.every((r) => r.status !== 'waiting'),
      'three answered referrals',
    );
    const kinds = timeline.pathway.flags.map((f) => f.kind).sort();
    // two bounces: sent again to the organisation that had declined, and sent back to the referrer
    expect(kinds).toEqual(['referral-bounced', 'referral-bounced', 'referral-declined']);
    expect(timeline.pathway.flags.find((f) => f.kind === 'referral-declined')).toMatchObject({ referralId: first, toOrg: ORG.socialWork });
    expect(
      timeline.pathway.flags
        .filter((f) => f.kind === 'referral-bounced')
        .map((f) => [f.fromOrg, f.toOrg])
        .sort(),
    ).toEqual([
      [ORG.amsterdam, ORG.socialWork],
      [ORG.socialWork, ORG.amsterdam],
    ]);
    expect(timeline.events.find((e) => eventName(e.type) === 'referral-declined')!.summary).toContain('no-capacity');
  });

  it('6. consent withdrawn: the grantee no longer sees the pathway from that moment on', async () => {
    const pathwayId = await helpRequest();
    const consentId = randomUUID();
    const read = () => api('GET', `${chain.url.timeline}/api/v1/pathways/${pathwayId}/timeline`, socialWorker);
    expect((await read()).status).toBe(404);

    await ok('POST', municipality(`/pathways/${pathwayId}/consents`), counsellor, {
      consentId,
      grantee: ORG.socialWork,
      purpose: 'stabilisation-support',
      scope: ['chain', 'financial'],
      validUntil: '2030-12-31',
    });
    const granted = await waitFor(async () => ((await read()).status === 200 ? (await read()).body : undefined), { timeoutMs: 30_000, description: 'the grantee reading the pathway' });
    expect(granted.events.map((e: { type: string }) => eventName(e.type))).toContain('help-requested');

    await ok('POST', municipality(`/pathways/${pathwayId}/consents/${consentId}/withdrawal`), counsellor, {});
    await waitFor(async () => (await read()).status === 404 || undefined, { timeoutMs: 30_000, description: 'the grantee losing access' });
    expect((await api('GET', `${chain.url.timeline}/api/v1/pathways/${pathwayId}`, socialWorker)).status).toBe(404);
    expect((await api('GET', `${chain.url.timeline}/api/v1/pathways/${pathwayId}/timeline`, counsellor)).status).toBe(200);
  });

  it('7. a timeline rebuilt from offset zero over every topic equals the live one, whatever order the topics are read in', async () => {
    // given the live timeline of all the flows above, settled
    await new Promise((r) => setTimeout(r, 2000));
    const live = await projectionChecksum(chain.db.timeline.url);
    expect(live.entries).toBeGreaterThan(30);
    // when a second timeline projects every topic from offset zero into an empty database
    const database = await createTestDatabase('chain_timeline_rebuild');
    const rebuilt = await ServiceProcess.start('timeline', {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      DATABASE_NAME: database.name,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
      TIMELINE_PROJECTION_GENERATION: `rebuild-${Date.now()}`,
    });
    try {
      // then, once caught up, entries and summaries are identical
      const copy = await waitFor(
        async () => {
          const now = await projectionChecksum(database.url);
          return now.entries === live.entries && now.summaries === live.summaries ? now : undefined;
        },
        { timeoutMs: 60_000, description: 'the rebuilt timeline to catch up' },
      );
      expect(copy).toEqual(live);
    } finally {
      await rebuilt.stop();
      await database.drop();
    }
  });

  it('8. every message the flows published is a CloudEvent that the official SDK reads and validates (Kafka binding, structured mode)', async () => {
    // given every message on the six domain topics since the chain started
    const messages = await readTopicsFromStart(kafkaBrokers(), domainTopics, startOffsets);
    expect(messages.length).toBeGreaterThan(30);
    expect(new Set(messages.map((m) => m.topic)).size).toBeGreaterThanOrEqual(4);

    // when the cloudevents SDK (what a partner's Knative or Kafka Connect tooling uses) reads each one
    const problems: string[] = [];
    for (const m of messages) {
      const at = `${m.topic}@${m.partition}/${m.offset}`;
      try {
        const message = { key: m.key?.toString() ?? '', value: m.value!, body: m.value!, headers: m.headers, timestamp: '0' };
        const event = CloudEventsKafka.toEvent(message) as CloudEvent<unknown>;
        event.validate();
        // then it is the same event Ketenpad's own codec decodes, attributes and data alike
        const ours = EventCodec.shared().decode(m.value!);
        const read = { id: event.id, type: event.type, source: event.source, time: event.time, pathwayid: event['pathwayid'], classification: event['classification'], data: event.data };
        const expected = { id: ours.id, type: ours.type, source: ours.source, time: ours.time, pathwayid: ours.pathwayid, classification: ours.classification, data: ours.data };
        if (JSON.stringify(read) !== JSON.stringify(expected)) problems.push(`${at}: the SDK read ${JSON.stringify(read)}, not ${JSON.stringify(expected)}`);
      } catch (error) {
        problems.push(`${at}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
