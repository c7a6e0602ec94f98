import type { ChainEvent } from './chain-event';
import { describeEvent } from './event-description';
import { evolveSummary, foldNewerEvents, foldSummary, type PathwaySummary } from './pathway-summary';

const pathwayId = '0b9f6a8e-6d0a-4a53-9f0e-1a2b3c4d5e6f';
let n = 0;
function event(
  type: string,
  data: Record<string, unknown>,
  source = 'urn:nld:ketenpad:municipality:GM0363',
  time = `2026-03-0${++n}T09:00:00.000Z`,
): ChainEvent {
  return { id: `e${n}`, type, source, time, pathwayId, classification: 'chain', data };
}
const fold = (events: ChainEvent[]): PathwaySummary =>
  events.reduce<PathwaySummary | undefined>(evolveSummary, undefined)!;

describe('the pathway summary', () => {
  beforeEach(() => {
    n = 0;
  });

  it('opens the first-conversation deadline on a help request and closes it when the conversation is held', () => {
    // given
    const requested = event('nl.ketenpad.municipality.help-requested.v1', {
      channel: 'balie',
      requestedAt: '2026-03-01T09:00:00.000Z',
      crisis: null,
      firstConversationDue: '2026-03-30',
      municipalityCode: 'GM0363',
    });
    // when
    const open = fold([requested]);
    const held = evolveSummary(
      open,
      event('nl.ketenpad.municipality.first-conversation-held.v1', {
        heldAt: '2026-03-02T10:00:00.000Z',
        deadlineMet: true,
      }),
    );
    // then
    expect(open).toMatchObject({
      municipalityCode: 'GM0363',
      phase: 'aanmelding',
      owner: 'urn:nld:ketenpad:municipality:GM0363',
      openDeadlines: [{ kind: 'first-conversation', due: '2026-03-30' }],
    });
    expect(held.openDeadlines).toEqual([]);
    expect(held.firstConversationDeadlineMet).toBe(true);
    expect(held.eventCount).toBe(2);
  });

  it('follows phase changes, referrals, the case owner and the legal status', () => {
    const s = fold([
      event('nl.ketenpad.municipality.help-requested.v1', {
        channel: 'telefoon',
        crisis: { type: 'eviction' },
        firstConversationDue: '2026-03-04',
        municipalityCode: 'GM0363',
      }),
      event('nl.ketenpad.municipality.phase-changed.v1', {
        from: 'aanmelding',
        to: 'intake',
        at: '2026-03-02T09:00:00.000Z',
      }),
      event('nl.ketenpad.municipality.referral-made.v1', {
        referralId: 'r1',
        fromOrg: 'urn:nld:ketenpad:municipality:GM0363',
        toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
        reason: 'stabilisation',
        urgent: false,
        warm: true,
        at: '2026-03-03T09:00:00.000Z',
      }),
      event(
        'nl.ketenpad.social-work.referral-accepted.v1',
        { referralId: 'r1', by: 'urn:nld:ketenpad:social-work:SW-AMS', at: '2026-03-04T09:00:00.000Z' },
        'urn:nld:ketenpad:social-work:SW-AMS',
      ),
      event(
        'nl.ketenpad.social-work.case-owner-changed.v1',
        {
          fromOrg: 'urn:nld:ketenpad:municipality:GM0363',
          toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
          reason: 'referral-accepted',
        },
        'urn:nld:ketenpad:social-work:SW-AMS',
      ),
      event(
        'nl.ketenpad.court-liaison.moratorium-granted.v1',
        { at: '2026-03-06T09:00:00.000Z', startsAt: '2026-03-06', endsAt: '2026-09-06' },
        'urn:nld:ketenpad:court-liaison:RB-AMS',
      ),
    ]);
    expect(s).toMatchObject({
      phase: 'intake',
      crisis: 'eviction',
      owner: 'urn:nld:ketenpad:social-work:SW-AMS',
      legalStatus: 'moratorium',
      participants: [
        'urn:nld:ketenpad:municipality:GM0363',
        'urn:nld:ketenpad:social-work:SW-AMS',
        'urn:nld:ketenpad:court-liaison:RB-AMS',
      ],
      referrals: [{ referralId: 'r1', status: 'accepted', answeredAt: '2026-03-04T09:00:00.000Z' }],
    });
    expect(s.openDeadlines).toContainEqual({ kind: 'moratorium-end', due: '2026-09-06' });
  });

  it('closes every deadline and moves to uitstroom when the pathway is closed', () => {
    const s = fold([
      event('nl.ketenpad.municipality.help-requested.v1', {
        channel: 'balie',
        crisis: null,
        firstConversationDue: '2026-03-30',
        municipalityCode: 'GM0363',
      }),
      event('nl.ketenpad.municipality.pathway-closed.v1', {
        reason: 'Nietverschenen',
        phaseAtClose: 'aanmelding',
        at: '2026-03-10T09:00:00.000Z',
      }),
    ]);
    expect(s).toMatchObject({ phase: 'uitstroom', closeReason: 'Nietverschenen', openDeadlines: [] });
  });

  it('counts events of unknown types as activity without failing', () => {
    const s = fold([event('nl.ketenpad.municipality.something-new.v3', {}), event('not-a-ketenpad-type', {})]);
    expect(s.eventCount).toBe(2);
    expect(describeEvent(event('nl.ketenpad.municipality.something-new.v3', {}))).toBe(
      'Event nl.ketenpad.municipality.something-new.v3',
    );
  });

  it('describes events in one readable line', () => {
    expect(
      describeEvent(
        event('nl.ketenpad.municipality.help-requested.v1', {
          channel: 'balie',
          crisis: { type: 'energy' },
          firstConversationDue: '2026-03-04',
        }),
      ),
    ).toBe('Help request registered via balie (crisis: energy); first conversation due 2026-03-04');
    expect(
      describeEvent(
        event('nl.ketenpad.municipality.early-signal-received.v1', {
          signalPartnerType: 'Energie',
          arrearsCents: 12345,
          crisis: false,
        }),
      ),
    ).toBe('Early signal from Energie: arrears of €123.45');
  });
});

describe('the pathway summary across topics', () => {
  const municipality = 'urn:nld:ketenpad:municipality:GM0363';
  const socialWork = 'urn:nld:ketenpad:social-work:SW-AMS';
  const made = {
    id: 'm',
    type: 'nl.ketenpad.municipality.referral-made.v1',
    source: municipality,
    time: '2026-03-01T09:00:00.000Z',
    pathwayId: 'p',
    classification: 'chain',
    data: {
      referralId: 'r1',
      fromOrg: municipality,
      toOrg: socialWork,
      reason: 'stabilisation',
      urgent: false,
      warm: true,
      at: '2026-03-01T09:00:00.000Z',
    },
  };
  const accepted = {
    id: 'a',
    type: 'nl.ketenpad.social-work.referral-accepted.v1',
    source: socialWork,
    time: '2026-03-02T09:00:00.000Z',
    pathwayId: 'p',
    classification: 'chain',
    data: { referralId: 'r1', by: socialWork, at: '2026-03-02T09:00:00.000Z' },
  };
  const contact = {
    id: 'c',
    type: 'nl.ketenpad.social-work.first-contact-made.v1',
    source: socialWork,
    time: '2026-03-03T09:00:00.000Z',
    pathwayId: 'p',
    classification: 'chain',
    data: { referralId: 'r1', kind: 'Telefoon', at: '2026-03-03T09:00:00.000Z' },
  };

  it('ends in the same state whichever topic is consumed first', () => {
    // Events of different producers travel on different topics: no order between them is guaranteed.
    const inOrder = [made, accepted, contact].reduce<PathwaySummary | undefined>(evolveSummary, undefined)!;
    const answerFirst = [accepted, contact, made].reduce<PathwaySummary | undefined>(evolveSummary, undefined)!;
    expect(answerFirst.referrals).toEqual(inOrder.referrals);
    expect(inOrder.referrals).toEqual([
      {
        referralId: 'r1',
        fromOrg: municipality,
        toOrg: socialWork,
        madeAt: '2026-03-01T09:00:00.000Z',
        status: 'accepted',
        answeredAt: '2026-03-02T09:00:00.000Z',
        firstContactAt: '2026-03-03T09:00:00.000Z',
        bounce: false,
      },
    ]);
    expect([...answerFirst.participants].sort()).toEqual([...inOrder.participants].sort());
  });
});

describe('folding several events at once', () => {
  const at = (day: number) => `2026-04-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  const municipality = 'urn:nld:ketenpad:municipality:GM0363';
  const socialWork = 'urn:nld:ketenpad:social-work:SW-AMS';
  const chain = (type: string, day: number, data: Record<string, unknown>, source = municipality): ChainEvent => ({
    id: `f${day}`,
    type,
    source,
    time: at(day),
    pathwayId,
    classification: 'chain',
    data,
  });
  // Touches every nested part of the summary a fold changes in place: lists, referrals, consents, phases.
  const history = [
    chain('nl.ketenpad.municipality.help-requested.v1', 1, {
      crisis: { type: 'eviction' },
      firstConversationDue: '2026-04-20',
      municipalityCode: 'GM0363',
    }),
    chain('nl.ketenpad.municipality.phase-changed.v1', 2, { from: 'aanmelding', to: 'intake', at: at(2) }),
    chain('nl.ketenpad.municipality.referral-made.v1', 3, {
      referralId: 'r1',
      fromOrg: municipality,
      toOrg: socialWork,
      at: at(3),
    }),
    chain('nl.ketenpad.social-work.referral-accepted.v1', 4, { referralId: 'r1', at: at(4) }, socialWork),
    chain('nl.ketenpad.municipality.consent-recorded.v1', 5, {
      consentId: 'c1',
      grantee: socialWork,
      scope: ['chain'],
    }),
    chain('nl.ketenpad.social-work.referral-made.v1', 6, {
      referralId: 'r2',
      fromOrg: socialWork,
      toOrg: municipality,
      at: at(6),
    }),
    chain('nl.ketenpad.municipality.consent-withdrawn.v1', 7, { consentId: 'c1', at: at(7) }),
    chain('nl.ketenpad.municipality.phase-changed.v1', 8, { from: 'intake', to: 'stabilisatie', at: at(8) }),
  ];
  const oneByOne = (current: PathwaySummary | undefined, events: readonly ChainEvent[]) =>
    events.reduce<PathwaySummary | undefined>(evolveSummary, current);

  it('gives the same summary as folding the events one by one', () => {
    // given
    const before = oneByOne(undefined, history.slice(0, 3))!;
    // when
    const fromScratch = foldSummary(undefined, history);
    const onTop = foldSummary(before, history.slice(3));
    const newer = foldNewerEvents(before, history.slice(3));
    // then
    const expected = oneByOne(undefined, history)!;
    expect(expected.referrals.map((r) => r.bounce)).toEqual([false, true]);
    expect(expected.consents[0]!.withdrawnAt).toBe(at(7));
    expect(fromScratch).toEqual(expected);
    expect(onTop).toEqual(expected);
    expect(newer).toEqual(expected);
    expect(JSON.stringify(newer)).toBe(JSON.stringify(expected));
  });

  it('leaves the summary it started from unchanged', () => {
    // given
    const before = oneByOne(undefined, history.slice(0, 4))!;
    const copy = structuredClone(before);
    // when
    foldSummary(before, history.slice(4));
    foldNewerEvents(before, history.slice(4));
    // then
    expect(before).toEqual(copy);
  });

  it('gives up on events that are not newer than the summary, so the caller folds all events again', () => {
    // given
    const before = oneByOne(undefined, history.slice(0, 4))!;
    const sameInstant = { ...history[4]!, time: before.lastEventAt };
    // when / then
    expect(foldNewerEvents(before, [history[5]!, history[2]!])).toBeUndefined();
    expect(foldNewerEvents(before, [sameInstant])).toBeUndefined();
    expect(foldNewerEvents(undefined, [history[1]!, history[0]!])).toBeUndefined();
    expect(foldNewerEvents(before, [history[4]!, history[5]!])?.eventCount).toBe(6);
  });
});
