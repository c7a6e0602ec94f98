import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { handOffs, organisationIdOf, pathwayFacts, phaseIntervals, pillarToPostIndex } from './bottleneck-facts';
import type { ChainEvent } from './chain-event';
import { evolveSummary, type PathwaySummary } from './pathway-summary';
import { approachingUntil, lastStartOverThreshold } from './working-day-thresholds';

const gm = 'urn:nld:ketenpad:municipality:GM0363';
const sw = 'urn:nld:ketenpad:social-work:SW-AMS';
let n = 0;
const event = (name: string, time: string, data: Record<string, unknown>, source = gm): ChainEvent => ({
  id: `e${++n}`,
  type: `nl.ketenpad.${source.split(':')[3]}.${name}.v1`,
  source,
  time,
  pathwayId: 'p1',
  classification: 'chain',
  data,
});
const fold = (events: ChainEvent[]) => events.reduce<PathwaySummary | undefined>(evolveSummary, undefined)!;
const calendar = WorkingDayCalendar.netherlands();

const history = [
  event('help-requested', '2026-03-02T09:00:00.000Z', {
    channel: 'balie',
    crisis: null,
    firstConversationDue: '2026-03-30',
    municipalityCode: 'GM0363',
    requestedAt: '2026-03-02T09:00:00.000Z',
  }),
  event('first-conversation-held', '2026-03-12T09:00:00.000Z', {
    heldAt: '2026-03-12T09:00:00.000Z',
    deadlineMet: true,
  }),
  event('phase-changed', '2026-03-12T10:00:00.000Z', {
    from: 'aanmelding',
    to: 'intake',
    at: '2026-03-12T10:00:00.000Z',
  }),
  event('referral-made', '2026-03-13T10:00:00.000Z', {
    referralId: 'r1',
    fromOrg: gm,
    toOrg: sw,
    reason: 'stabilisation',
    urgent: false,
    warm: true,
    at: '2026-03-13T10:00:00.000Z',
  }),
  event(
    'referral-declined',
    '2026-03-14T10:00:00.000Z',
    { referralId: 'r1', by: sw, declineReason: 'no-capacity', at: '2026-03-14T10:00:00.000Z' },
    sw,
  ),
  event('referral-made', '2026-03-16T10:00:00.000Z', {
    referralId: 'r2',
    fromOrg: gm,
    toOrg: sw,
    reason: 'stabilisation',
    urgent: false,
    warm: true,
    at: '2026-03-16T10:00:00.000Z',
  }),
  event(
    'referral-accepted',
    '2026-03-17T10:00:00.000Z',
    { referralId: 'r2', by: sw, at: '2026-03-17T10:00:00.000Z' },
    sw,
  ),
  event(
    'referral-made',
    '2026-03-18T10:00:00.000Z',
    {
      referralId: 'r3',
      fromOrg: sw,
      toOrg: gm,
      reason: 'debt-assistance',
      urgent: false,
      warm: true,
      at: '2026-03-18T10:00:00.000Z',
    },
    sw,
  ),
  event('phase-changed', '2026-03-20T10:00:00.000Z', {
    from: 'intake',
    to: 'stabilisatie',
    at: '2026-03-20T10:00:00.000Z',
  }),
  event('pathway-closed', '2026-04-01T10:00:00.000Z', {
    reason: 'Nietverschenen',
    phaseAtClose: 'stabilisatie',
    at: '2026-04-01T10:00:00.000Z',
  }),
];

describe('analytic facts of a pathway', () => {
  it('derives the stays in each phase from the phase changes, ending the last at the closure', () => {
    // given a pathway that went aanmelding -> intake -> stabilisatie and closed
    const summary = fold(history);
    // when its phase stays are derived
    const stays = phaseIntervals(summary);
    // then each stay runs from one change to the next, the last until the closure
    expect(stays).toEqual([
      { seq: 0, phase: 'aanmelding', enteredAt: '2026-03-02T09:00:00.000Z', leftAt: '2026-03-12T10:00:00.000Z' },
      { seq: 1, phase: 'intake', enteredAt: '2026-03-12T10:00:00.000Z', leftAt: '2026-03-20T10:00:00.000Z' },
      { seq: 2, phase: 'stabilisatie', enteredAt: '2026-03-20T10:00:00.000Z', leftAt: '2026-04-01T10:00:00.000Z' },
    ]);
  });

  it('gives the same facts whatever order the events were folded in', () => {
    // given the same events in canonical and in reverse order
    const inOrder = fold(history);
    const reversed = fold([...history].reverse());
    // then the stays, hand-offs and facts are identical
    expect(phaseIntervals(reversed)).toEqual(phaseIntervals(inOrder));
    const byId = (s: PathwaySummary) => handOffs(s).sort((a, b) => a.referralId.localeCompare(b.referralId));
    expect(byId(reversed)).toEqual(byId(inOrder));
    expect(pathwayFacts(reversed)).toEqual(pathwayFacts(inOrder));
  });

  it('counts hand-offs, declines and bounces into the pillar-to-post index, and a closure before settlement as drop-out', () => {
    const facts = pathwayFacts(fold(history));
    // three referrals (3 × 1), one declined (1 × 2), one again to the organisation that declined and one back to the referrer (2 × 3)
    expect(facts).toMatchObject({
      handOffs: 3,
      declined: 1,
      bounces: 2,
      pillarIndex: 11,
      droppedOut: true,
      firstConversationOnTime: true,
      organisations: ['GM0363', 'SW-AMS'],
    });
    expect(pillarToPostIndex({ handOffs: 1, declined: 0, bounces: 0 })).toBe(1);
  });

  it('does not count a merged pathway as a drop-out', () => {
    const merged = fold([
      history[0]!,
      event('pathway-merged', '2026-03-03T09:00:00.000Z', { intoPathwayId: 'p2', at: '2026-03-03T09:00:00.000Z' }),
    ]);
    expect(pathwayFacts(merged).droppedOut).toBeNull();
  });

  it('ranks a resident sent again to an organisation that declined them above a single ping-pong (the documented worked example)', () => {
    const court = 'urn:nld:ketenpad:court-liaison:RB-AMS';
    const made = (id: string, from: string, to: string, at: string) =>
      event(
        'referral-made',
        at,
        { referralId: id, fromOrg: from, toOrg: to, reason: 'stabilisation', urgent: false, warm: true, at },
        from,
      );
    const answer = (name: string, id: string, by: string, at: string) =>
      event(name, at, { referralId: id, by, at }, by);
    const declinedTwice = pathwayFacts(
      fold([
        history[0]!,
        made('d1', gm, sw, '2026-03-03T09:00:00.000Z'),
        answer('referral-declined', 'd1', sw, '2026-03-04T09:00:00.000Z'),
        made('d2', gm, sw, '2026-03-05T09:00:00.000Z'),
        answer('referral-declined', 'd2', sw, '2026-03-06T09:00:00.000Z'),
        made('d3', gm, court, '2026-03-09T09:00:00.000Z'),
        answer('referral-accepted', 'd3', court, '2026-03-10T09:00:00.000Z'),
      ]),
    );
    const pingPong = pathwayFacts(
      fold([
        history[0]!,
        made('p1', gm, sw, '2026-03-03T09:00:00.000Z'),
        answer('referral-accepted', 'p1', sw, '2026-03-04T09:00:00.000Z'),
        made('p2', sw, gm, '2026-03-05T09:00:00.000Z'),
      ]),
    );
    expect(declinedTwice).toMatchObject({ handOffs: 3, declined: 2, bounces: 1, pillarIndex: 10 });
    expect(pingPong).toMatchObject({ handOffs: 2, declined: 0, bounces: 1, pillarIndex: 5 });
  });

  it('measures every stay and milestone in business time, however late the facts were entered', () => {
    // given a help request of 2 March entered on 20 March, and everything after it recorded that day
    const entered = '2026-03-20T15:00:00.000Z';
    const summary = fold([
      event('help-requested', entered, {
        channel: 'balie',
        crisis: null,
        firstConversationDue: '2026-03-30',
        municipalityCode: 'GM0363',
        requestedAt: '2026-03-02T09:00:00.000Z',
      }),
      event('first-conversation-held', entered, { heldAt: '2026-03-05T09:00:00.000Z', deadlineMet: true }),
      event('phase-changed', entered, { from: 'aanmelding', to: 'intake', at: entered }),
      // a closure its system dates before the phase change it follows
      event('pathway-closed', '2026-03-20T16:00:00.000Z', {
        reason: 'Zelf',
        phaseAtClose: 'intake',
        at: '2026-03-20T14:00:00.000Z',
      }),
    ]);
    // then the pathway started when help was requested, and no stay is negative
    expect(summary.startedAt).toBe('2026-03-02T09:00:00.000Z');
    const stays = phaseIntervals(summary);
    expect(stays[0]).toEqual({
      seq: 0,
      phase: 'aanmelding',
      enteredAt: '2026-03-02T09:00:00.000Z',
      leftAt: '2026-03-20T14:00:00.000Z',
    });
    expect(stays).toHaveLength(1);
    for (const stay of stays) expect(Date.parse(stay.leftAt!) - Date.parse(stay.enteredAt)).toBeGreaterThanOrEqual(0);
  });

  it('never lets a fact happen after it was published, nor an answer before the referral it answers', () => {
    const summary = fold([
      history[0]!,
      // a phase change its system dates in the future
      event('phase-changed', '2026-03-03T09:00:00.000Z', {
        from: 'aanmelding',
        to: 'intake',
        at: '2026-09-01T00:00:00.000Z',
      }),
      event('referral-made', '2026-03-04T10:00:00.000Z', {
        referralId: 'r9',
        fromOrg: gm,
        toOrg: sw,
        reason: 'stabilisation',
        urgent: false,
        warm: true,
        at: '2026-03-04T10:00:00.000Z',
      }),
      // accepted on a clock that runs an hour behind the referrer's
      event(
        'referral-accepted',
        '2026-03-04T10:05:00.000Z',
        { referralId: 'r9', by: sw, at: '2026-03-04T09:05:00.000Z' },
        sw,
      ),
      event(
        'first-contact-made',
        '2026-03-04T10:06:00.000Z',
        { referralId: 'r9', kind: 'Telefoon', at: '2026-03-04T09:06:00.000Z' },
        sw,
      ),
    ]);
    expect(summary.phaseHistory).toEqual([{ phase: 'intake', at: '2026-03-03T09:00:00.000Z' }]);
    const [handOff] = handOffs(summary);
    expect(handOff).toMatchObject({
      referredAt: '2026-03-04T10:00:00.000Z',
      acceptedAt: '2026-03-04T10:00:00.000Z',
      firstContactAt: '2026-03-04T10:00:00.000Z',
    });
  });

  it("counts a referral taken into the resident's existing pathway once, as accepted, on the pathway it was made on", () => {
    const gp = 'urn:nld:ketenpad:gp:HA-0001';
    // the GP's referral opened its own pathway, which the municipality merged into the resident's open one
    const referred = fold([
      event(
        'referral-made',
        '2026-03-04T10:00:00.000Z',
        {
          referralId: 'g1',
          fromOrg: gp,
          toOrg: gm,
          reason: 'debt-assistance',
          urgent: false,
          warm: true,
          at: '2026-03-04T10:00:00.000Z',
          consentRef: 'c',
        },
        gp,
      ),
      event('pathway-merged', '2026-03-04T10:01:00.000Z', {
        intoPathwayId: 'p2',
        referralId: 'g1',
        at: '2026-03-04T10:01:00.000Z',
      }),
    ]);
    // and the acceptance on the existing pathway, which never saw the referral being made
    const existing = fold([
      history[0]!,
      event('referral-accepted', '2026-03-04T10:01:00.000Z', {
        referralId: 'g1',
        by: gm,
        fromOrg: gp,
        intoPathwayId: 'p2',
        at: '2026-03-04T10:01:00.000Z',
      }),
    ]);
    expect(handOffs(referred)).toEqual([
      expect.objectContaining({
        referralId: 'g1',
        fromOrg: gp,
        toOrg: gm,
        status: 'accepted',
        referredAt: '2026-03-04T10:00:00.000Z',
        acceptedAt: '2026-03-04T10:01:00.000Z',
      }),
    ]);
    expect(handOffs(existing).filter((h) => h.referredAt !== null)).toEqual([]);
    expect(phaseIntervals(referred)).toEqual([]);
  });

  it('reduces organisation URNs to their id for the filter', () => {
    expect(organisationIdOf(sw)).toBe('SW-AMS');
    expect(organisationIdOf('SW-AMS')).toBe('SW-AMS');
  });
});

describe('working-day thresholds', () => {
  it('finds the last referral day over 5 working days across Easter (Good Friday and Easter Monday 2026)', () => {
    // given today Tuesday 14 April 2026: a referral of Thursday 2 April had its 5th working day on Monday 13 April
    const last = lastStartOverThreshold(calendar, LocalDate.parse('2026-04-14'), 5);
    // then referrals up to Easter Monday 6 April are over the threshold (Good Friday to Easter Monday
    // are no working days, so a referral on any of them waits from the same point), Tuesday 7 April not yet
    expect(last.toString()).toBe('2026-04-06');
    expect(calendar.addWorkingDays(LocalDate.parse('2026-04-02'), 5).toString()).toBe('2026-04-13');
    expect(calendar.addWorkingDays(LocalDate.parse('2026-04-07'), 5).isBefore(LocalDate.parse('2026-04-14'))).toBe(
      false,
    );
  });

  it('ends the approaching window the given number of working days ahead, skipping a weekend and Kingsday', () => {
    // Friday 24 April 2026 + 2 working days: Monday 27 April is Koningsdag, so Tuesday 28 then Wednesday 29
    expect(approachingUntil(calendar, LocalDate.parse('2026-04-24'), 2).toString()).toBe('2026-04-29');
  });
});
