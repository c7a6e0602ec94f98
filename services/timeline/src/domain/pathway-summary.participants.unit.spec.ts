import type { ChainEvent } from './chain-event';
import { foldSummary, type PathwaySummary } from './pathway-summary';

/** Issue 12: who counts as a participant of a pathway (the need-to-know policy's facts). */
const pathwayId = '5a1c0e2e-33f4-4b51-9d7e-0c4f5e6d7a8b';
const GM = 'urn:nld:ketenpad:municipality:GM0363';
const SW = 'urn:nld:ketenpad:social-work:SW-AMS';
const SW_NOORD = 'urn:nld:ketenpad:social-work:SW-NOORD';
const SW_RTD = 'urn:nld:ketenpad:social-work:SW-RTD';
let n = 0;
const event = (type: string, data: Record<string, unknown>, source = GM): ChainEvent => {
  n += 1;
  const time = `2026-03-${String(n).padStart(2, '0')}T09:00:00.000Z`;
  return { id: `e${n}`, type, source, time, pathwayId, classification: 'chain', data: { at: time, ...data } };
};
const fold = (events: ChainEvent[]): PathwaySummary => foldSummary(undefined, events)!;

describe('the participants of a pathway', () => {
  beforeEach(() => {
    n = 0;
  });

  const helpRequested = () =>
    event('nl.ketenpad.municipality.help-requested.v1', {
      channel: 'balie',
      crisis: null,
      firstConversationDue: '2026-04-30',
      municipalityCode: 'GM0363',
    });

  it('never include the referrer of a referral the municipality took into this pathway from another one', () => {
    // given the resident's existing pathway, into which SW-RTD's referral (made on its own pathway) was taken
    const events = [
      helpRequested(),
      event('nl.ketenpad.municipality.referral-accepted.v1', {
        referralId: 'r-rtd',
        by: GM,
        fromOrg: SW_RTD,
        intoPathwayId: pathwayId,
      }),
    ];

    // when
    const s = fold(events);

    // then the referral is recorded, its referrer takes no part
    expect(s.referrals).toMatchObject([{ referralId: 'r-rtd', fromOrg: SW_RTD, status: 'accepted' }]);
    expect(s.participants).toEqual([GM]);
  });

  it('never include an organisation that declined the referral to it, whichever topic came first', () => {
    // given
    const made = event('nl.ketenpad.municipality.referral-made.v1', {
      referralId: 'r-noord',
      fromOrg: GM,
      toOrg: SW_NOORD,
      reason: 'stabilisation',
    });
    const declined = event(
      'nl.ketenpad.social-work.referral-declined.v1',
      { referralId: 'r-noord', by: SW_NOORD, declineReason: 'no-capacity' },
      SW_NOORD,
    );
    const opened = helpRequested();

    // then
    expect(fold([opened, made, declined]).participants).toEqual([GM]);
    expect(fold([opened, declined, made]).participants).toEqual([GM]);
    // and a referral still waiting makes its recipient a participant
    expect(fold([opened, made]).participants).toEqual([GM, SW_NOORD]);
  });

  it('keep an organisation that declined one referral but accepted another, or took part otherwise', () => {
    const s = fold([
      helpRequested(),
      event('nl.ketenpad.municipality.referral-made.v1', { referralId: 'r1', fromOrg: GM, toOrg: SW }),
      event('nl.ketenpad.social-work.referral-declined.v1', { referralId: 'r1', by: SW }, SW),
      event('nl.ketenpad.municipality.referral-made.v1', { referralId: 'r2', fromOrg: GM, toOrg: SW }),
      event('nl.ketenpad.social-work.referral-accepted.v1', { referralId: 'r2', by: SW }, SW),
    ]);
    expect(s.participants).toEqual([GM, SW]);
  });

  it('never include a service-level source (a service’s own erasure answer), of either form', () => {
    // given services answering an erasure under their service-level source, and older answers under the reserved id
    const s = fold([
      helpRequested(),
      event('nl.ketenpad.court-liaison.personal-data-erased.v1', { erasureId: 'x' }, 'urn:nld:ketenpad:court-liaison'),
      event('nl.ketenpad.timeline.deadline-breached.v1', { deadline: 'first-conversation' }, 'urn:nld:ketenpad:timeline'),
      event('nl.ketenpad.gp.personal-data-erased.v1', { erasureId: 'x' }, 'urn:nld:ketenpad:gp:ketenpad'),
      event(
        'nl.ketenpad.social-work.personal-data-erased.v1',
        { erasureId: 'x' },
        'urn:nld:ketenpad:social-work:ketenpad',
      ),
    ]);

    // then
    expect(s.participants).toEqual([GM]);
  });

  it('fold a summary of an earlier generation (without producers) on as before', () => {
    // given a stored summary folded before producers were recorded
    const { producers: _dropped, ...stored } = fold([helpRequested()]);

    // when one more event is folded onto it
    const s = foldSummary(stored, [
      event('nl.ketenpad.municipality.referral-made.v1', { referralId: 'r1', fromOrg: GM, toOrg: SW }),
    ])!;

    // then
    expect(s.participants).toEqual([GM, SW]);
  });
});
