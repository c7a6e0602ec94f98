import { randomUUID } from 'node:crypto';
import { LocalDate } from '@ketenpad/calendar';
import { waitFor } from '@ketenpad/testing';
import { api } from '../support/ketenpad.stack';
import {
  eventName,
  ok,
  ORG,
  startChain,
  chainActors,
  timelineWhen,
  type Chain,
  type TimelineView,
} from '../support/chain.stack';
import { randomBsn } from '../support/resident.fixture';

/**
 * Every consumer service is killed (SIGKILL, no shutdown hooks) while events
 * for it are in flight, then started again on the same database. Every flow
 * must still complete, and nothing may happen twice.
 */
describe('the chain when a consumer service crashes mid-flow', () => {
  let chain: Chain;
  let counsellor: string;
  let socialWorker: string;
  let courtLiaison: string;
  let gp: string;

  beforeAll(async () => {
    chain = await startChain();
    ({ counsellor, socialWorker, courtLiaison, gp } = await chainActors(chain));
  }, 180_000);

  afterAll(async () => {
    await chain?.stop();
  });

  const m = (path: string) => `${chain.url.municipality}/api/v1${path}`;
  const sw = (path: string) => `${chain.url['social-work']}/api/v1${path}`;
  const court = (path: string) => `${chain.url['court-liaison']}/api/v1${path}`;
  const retry = (description: string, attempt: () => Promise<boolean>) =>
    waitFor(async () => (await attempt()) || undefined, { timeoutMs: 60_000, intervalMs: 250, description });
  const crash = async (service: keyof Chain['process']) => {
    await chain.process[service].kill();
    await chain.process[service].start();
  };
  const countOf = (t: TimelineView, name: string) => t.events.filter((e) => eventName(e.type) === name).length;

  it('completes every flow exactly once when each consumer is killed and restarted', async () => {
    // social work is killed while the municipality's referral travels to it
    const { pathwayId } = await ok('POST', m('/pathways'), counsellor, { bsn: randomBsn(), channel: 'telefoon' });
    const referralId = randomUUID();
    await ok('POST', m(`/pathways/${pathwayId}/referrals`), counsellor, {
      referralId,
      toOrg: ORG.socialWork,
      reason: 'stabilisation',
      urgent: false,
      warm: true,
    });
    await crash('social-work');
    await retry(
      'social work accepting after its restart',
      async () => (await api('POST', sw(`/referrals/${referralId}/acceptance`), socialWorker, {})).status === 201,
    );
    const { referrals: inbox } = (await ok('GET', sw('/referrals'), socialWorker)) as {
      referrals: Array<{ referralId: string }>;
    };
    expect(inbox.filter((r) => r.referralId === referralId)).toHaveLength(1);
    await ok('POST', sw(`/pathways/${pathwayId}/first-contact`), socialWorker, { kind: 'Huisbezoek', referralId });

    // the municipality is killed while a GP referral travels to it
    const consent = await ok('POST', `${chain.url.gp}/api/v1/patients/pat-${randomUUID().slice(0, 8)}/consents`, gp, {
      bsn: randomBsn(),
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: '2030-12-31',
    });
    const before = new Set(
      ((await ok('GET', m('/pathways?status=open'), counsellor)) as Array<{ pathwayId: string }>).map(
        (p) => p.pathwayId,
      ),
    );
    const gpReferral = await ok('POST', `${chain.url.gp}/api/v1/referrals`, gp, {
      consentId: consent.consentId,
      toOrg: ORG.amsterdam,
      reason: 'payment-arrears',
      urgent: true,
      warm: true,
    });
    await crash('municipality');
    // waitFor retries until a value is returned: an empty list must count as "not yet".
    const gpPathway = await waitFor(
      async () => {
        const opened = (
          (await ok('GET', m('/pathways?status=open'), counsellor)) as Array<{ pathwayId: string }>
        ).filter((p) => !before.has(p.pathwayId));
        return opened.length > 0 ? opened : undefined;
      },
      { timeoutMs: 60_000, description: 'the pathway opened for the GP referral' },
    );
    expect(gpPathway).toHaveLength(1);

    // the GP is killed while the first conversation travels to it
    await ok('POST', m(`/pathways/${gpPathway![0]!.pathwayId}/first-conversation`), counsellor, {});
    await crash('gp');
    await retry(
      'the GP hearing the outcome after its restart',
      async () =>
        (await ok('GET', `${chain.url.gp}/api/v1/referrals/${gpReferral.referralId}`, gp)).outcome ===
        'first-conversation-held',
    );

    // the court liaison is killed while the referral travels to it, and again right after granting a moratorium
    const courtReferral = randomUUID();
    await ok('POST', m(`/pathways/${pathwayId}/referrals`), counsellor, {
      referralId: courtReferral,
      toOrg: ORG.court,
      reason: 'court-procedure',
      urgent: true,
      warm: false,
    });
    await crash('court-liaison');
    await retry(
      'the court accepting after its restart',
      async () => (await api('POST', court(`/referrals/${courtReferral}/acceptance`), courtLiaison, {})).status === 201,
    );
    const today = LocalDate.fromInstant(new Date());
    await ok('POST', court(`/pathways/${pathwayId}/moratorium/request`), courtLiaison, { basis: 'Fw-287b' });
    await ok('POST', court(`/pathways/${pathwayId}/moratorium/grant`), courtLiaison, {
      startsAt: today.plusDays(-30).toString(),
      endsAt: today.plusDays(-1).toString(),
    });
    await crash('court-liaison');

    // the timeline is killed while all of this is being projected
    await crash('timeline');

    // then every flow is complete on the timeline, and every effect happened exactly once
    const first = await timelineWhen(
      chain,
      counsellor,
      pathwayId,
      (t) => countOf(t, 'moratorium-ended') > 0 && countOf(t, 'first-contact-made') > 0,
      'the first pathway complete',
    );
    await new Promise((r) => setTimeout(r, 2000));
    const settled = await timelineWhen(chain, counsellor, pathwayId, () => true, 'the settled first pathway');
    expect(new Set(settled.events.map((e) => e.eventId)).size).toBe(settled.events.length);
    for (const name of [
      'help-requested',
      'first-contact-made',
      'moratorium-requested',
      'moratorium-granted',
      'moratorium-ended',
      'case-owner-changed',
    ])
      expect([name, countOf(settled, name)]).toEqual([name, 1]);
    expect(countOf(settled, 'referral-made')).toBe(2);
    expect(countOf(settled, 'referral-accepted')).toBe(2);
    expect(settled.pathway.eventCount).toBe(settled.events.length);
    expect(first.pathway.referrals.map((r) => r.status)).toEqual(['accepted', 'accepted']);

    const second = await timelineWhen(
      chain,
      counsellor,
      gpPathway![0]!.pathwayId,
      (t) => countOf(t, 'first-conversation-held') > 0,
      'the GP pathway complete',
    );
    expect(new Set(second.events.map((e) => e.eventId)).size).toBe(second.events.length);
    expect(
      ['referral-made', 'help-requested', 'referral-accepted', 'first-conversation-held'].map((n) =>
        countOf(second, n),
      ),
    ).toEqual([1, 1, 1, 1]);
    const gpView = await timelineWhen(
      chain,
      gp,
      gpPathway![0]!.pathwayId,
      (t) => countOf(t, 'referral-outcome-received') > 0,
      "the GP's outcome",
    );
    expect(countOf(gpView, 'referral-outcome-received')).toBe(1);
  });
});
