import { describe, expect, it } from '@jest/globals';
import { inboxOrder, urgentDeadline, waitedWorkingDays, waitingState, type Referral } from './social-work.domain';

const referral = (overrides: Partial<Referral>): Referral => ({
  referralId: 'r',
  pathwayId: 'p',
  fromOrg: 'urn:nld:ketenpad:municipality:GM0363',
  toOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
  reason: 'stabilisation',
  urgent: false,
  warm: false,
  status: 'open',
  madeAt: '2026-12-21T09:00:00+01:00',
  receivedAt: '2026-12-21T09:00:01+01:00',
  decidedAt: null,
  declineReason: null,
  firstContactAt: null,
  waitingHours: 0,
  ...overrides,
});

describe('the referral inbox of social work', () => {
  it('counts the wait in working days on the Atw calendar: until now while open, until the answer once answered', () => {
    // given a referral of Monday 21 December 2026; Christmas (Fri 25, Sat 26) and a weekend follow
    const now = new Date('2026-12-29T10:00:00+01:00');
    // when / then: Tue 22, Wed 23, Thu 24, Mon 28, Tue 29
    expect(waitedWorkingDays(referral({}), now)).toBe(5);
    expect(waitedWorkingDays(referral({ status: 'accepted', decidedAt: '2026-12-23T15:00:00+01:00' }), now)).toBe(2);
  });

  it('says the threshold of 5 working days approaches from the third day, is due on the fifth and passed after it', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(waitingState)).toEqual(['ok', 'ok', 'ok', 'near', 'near', 'due', 'late']);
  });

  it("keeps open referrals first in the service's order, then the answered ones, latest answer first", () => {
    // given
    const referrals = [
      referral({ referralId: 'old-answer', status: 'declined', decidedAt: '2026-12-01T10:00:00Z' }),
      referral({ referralId: 'urgent-open', urgent: true }),
      referral({ referralId: 'new-answer', status: 'accepted', decidedAt: '2026-12-02T10:00:00Z' }),
      referral({ referralId: 'open' }),
    ];
    // when
    const { open, answered } = inboxOrder(referrals);
    // then
    expect(open.map((r) => r.referralId)).toEqual(['urgent-open', 'open']);
    expect(answered.map((r) => r.referralId)).toEqual(['new-answer', 'old-answer']);
  });

  it('puts the Wgs deadline after an urgent flag 3 working days on, across a weekend', () => {
    // given Thursday 10 December 2026 / when / then: Fri 11, Mon 14, Tue 15
    expect(urgentDeadline(new Date('2026-12-10T10:00:00+01:00'))).toBe('2026-12-15');
  });
});
