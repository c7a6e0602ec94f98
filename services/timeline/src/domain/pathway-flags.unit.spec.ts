import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import type { ChainEvent } from './chain-event';
import { describeEvent, formatWait } from './event-description';
import { pathwayFlags } from './pathway-flags';
import { evolveSummary, type PathwaySummary } from './pathway-summary';

const municipality = 'urn:nld:ketenpad:municipality:GM0363';
const socialWork = 'urn:nld:ketenpad:social-work:SW-AMS';
const calendar = WorkingDayCalendar.netherlands();
let n = 0;
const event = (
  type: string,
  data: Record<string, unknown>,
  source = municipality,
  // Published when the fact happened: a fact is never published before it happened.
  time = typeof data.at === 'string' ? data.at : '2026-04-01T09:00:00.000Z',
): ChainEvent => ({
  id: `e${++n}`,
  type,
  source,
  time,
  pathwayId: 'p1',
  classification: 'chain',
  data,
});
const fold = (events: ChainEvent[]) => events.reduce<PathwaySummary | undefined>(evolveSummary, undefined)!;
const referral = (id: string, from: string, to: string, at: string) =>
  event(
    `nl.ketenpad.${from.split(':')[3]}.referral-made.v1`,
    { referralId: id, fromOrg: from, toOrg: to, reason: 'stabilisation', urgent: false, warm: true, at },
    from,
    at,
  );

describe('pathway flags', () => {
  it('flags a referral not answered within 5 working days, counted on the Atw calendar', () => {
    // given a referral on Thursday 2 April 2026: Good Friday and Easter Monday are not working days
    const s = fold([referral('r1', municipality, socialWork, '2026-04-02T10:00:00.000Z')]);
    // then the 5th working day is Monday 13 April (Tue 7 - Fri 10 are days 1-4), flagged from Tuesday 14 April
    expect(pathwayFlags(s, LocalDate.parse('2026-04-13'), calendar)).toEqual([]);
    expect(pathwayFlags(s, LocalDate.parse('2026-04-14'), calendar)).toEqual([
      { kind: 'referral-not-accepted-in-time', referralId: 'r1', toOrg: socialWork, due: '2026-04-13' },
    ]);
  });

  it('stops flagging a referral once it is answered, and flags declines and ping-pong', () => {
    const s = fold([
      referral('r1', municipality, socialWork, '2026-04-02T10:00:00.000Z'),
      event(
        'nl.ketenpad.social-work.referral-declined.v1',
        { referralId: 'r1', by: socialWork, declineReason: 'not-suitable', at: '2026-04-03T10:00:00.000Z' },
        socialWork,
      ),
      referral('r2', socialWork, municipality, '2026-04-07T10:00:00.000Z'),
      event('nl.ketenpad.municipality.referral-accepted.v1', {
        referralId: 'r2',
        by: municipality,
        at: '2026-04-07T12:00:00.000Z',
      }),
    ]);
    expect(pathwayFlags(s, LocalDate.parse('2026-05-01'), calendar)).toEqual([
      { kind: 'referral-declined', referralId: 'r1', toOrg: socialWork },
      { kind: 'referral-bounced', referralId: 'r2', fromOrg: socialWork, toOrg: municipality },
    ]);
    expect(s.referrals[0]).toMatchObject({ status: 'declined', declineReason: 'not-suitable', bounce: false });
    expect(s.referrals[1]).toMatchObject({ status: 'accepted', bounce: true });
  });

  it('flags an open first-conversation deadline once it has passed', () => {
    const s = fold([
      event('nl.ketenpad.municipality.help-requested.v1', {
        channel: 'balie',
        crisis: null,
        firstConversationDue: '2026-04-29',
        municipalityCode: 'GM0363',
      }),
    ]);
    expect(pathwayFlags(s, LocalDate.parse('2026-04-29'), calendar)).toEqual([]);
    expect(pathwayFlags(s, LocalDate.parse('2026-04-30'), calendar)).toEqual([
      { kind: 'first-conversation-overdue', due: '2026-04-29' },
    ]);
  });
});

describe('hand-off waiting times on the timeline', () => {
  it('says how long each step of the referral protocol waited', () => {
    const made = referral('r1', municipality, socialWork, '2026-04-01T09:00:00.000Z');
    const accepted = event(
      'nl.ketenpad.social-work.referral-accepted.v1',
      { referralId: 'r1', by: socialWork, at: '2026-04-03T12:00:00.000Z' },
      socialWork,
    );
    const contact = event(
      'nl.ketenpad.social-work.first-contact-made.v1',
      { referralId: 'r1', kind: 'Telefoon', at: '2026-04-03T16:30:00.000Z' },
      socialWork,
    );
    const afterMade = fold([made]);
    const afterAccepted = evolveSummary(afterMade, accepted);
    expect(describeEvent(accepted, afterMade)).toBe(
      `Referral accepted, by ${socialWork}, 2 days 3 hours after the referral`,
    );
    expect(describeEvent(contact, afterAccepted)).toBe('First contact made, by Telefoon, 4 hours after acceptance');
  });

  it('formats waits in days, hours or minutes', () => {
    expect(formatWait('2026-04-01T09:00:00.000Z', '2026-04-01T09:20:00.000Z')).toBe('20 minutes');
    expect(formatWait('2026-04-01T09:00:00.000Z', '2026-04-02T09:00:00.000Z')).toBe('1 day');
  });
});

describe('merged pathways and consent in the summary', () => {
  it('closes a pathway merged into another, and records the referral on the pathway that continues', () => {
    const merged = evolveSummary(
      undefined,
      event('nl.ketenpad.municipality.pathway-merged.v1', {
        intoPathwayId: 'q1',
        referralId: 'r9',
        at: '2026-04-01T09:00:00.000Z',
      }),
    );
    expect(merged).toMatchObject({ mergedInto: 'q1', closeReason: 'merged' });
    const gp = 'urn:nld:ketenpad:gp:HA-0001';
    const into = evolveSummary(
      undefined,
      event('nl.ketenpad.municipality.referral-accepted.v1', {
        referralId: 'r9',
        by: municipality,
        at: '2026-04-01T09:00:00.000Z',
        intoPathwayId: 'p1',
        fromOrg: gp,
      }),
    );
    expect(into.referrals).toEqual([
      expect.objectContaining({ referralId: 'r9', fromOrg: gp, toOrg: municipality, status: 'accepted' }),
    ]);
    // A referral is no access grant to the pathway it was taken into (issue 12): its referrer reads
    // the answer on the referral's own pathway only.
    expect(into.participants).not.toContain(gp);
  });

  it('records consent and its withdrawal', () => {
    const s = fold([
      event('nl.ketenpad.municipality.consent-recorded.v1', {
        consentId: 'c1',
        grantee: socialWork,
        purpose: 'debt-assistance',
        scope: ['chain', 'financial'],
        validUntil: '2026-12-31',
        at: '2026-04-01T09:00:00.000Z',
      }),
      event('nl.ketenpad.municipality.consent-withdrawn.v1', {
        consentId: 'c1',
        grantee: socialWork,
        at: '2026-04-02T09:00:00.000Z',
      }),
    ]);
    expect(s.consents).toEqual([
      {
        consentId: 'c1',
        grantee: socialWork,
        scope: ['chain', 'financial'],
        validUntil: '2026-12-31',
        withdrawnAt: '2026-04-02T09:00:00.000Z',
      },
    ]);
  });
});
