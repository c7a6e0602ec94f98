import { DomainRuleViolation } from '../domain-rule-violation';
import {
  acceptReferral,
  declineReferral,
  evolveReferral,
  receiveReferral,
  recordFirstContact,
  referralAwaitingFirstContact,
  waitingHours,
  type ReceivedReferral,
  type ReferralMadeFacts,
} from './received-referral';

const SW = 'urn:nld:ketenpad:social-work:SW-AMS';
const GM = 'urn:nld:ketenpad:municipality:GM0363';
const PATHWAY = '0b6f2a0e-8c1d-4e8f-9a51-7d3c2b1a0f9e';

const facts = (overrides: Partial<ReferralMadeFacts> = {}): ReferralMadeFacts => ({
  referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  pathwayId: PATHWAY,
  fromOrg: GM,
  toOrg: SW,
  reason: 'stabilisation',
  urgent: false,
  warm: true,
  at: '2025-03-10T09:00:00.000Z',
  ...overrides,
});

const received = (overrides: Partial<ReferralMadeFacts> = {}): ReceivedReferral => receiveReferral(facts(overrides), new Date('2025-03-10T09:00:05Z'))!;
const accepted = (): ReceivedReferral => acceptReferral(received(), new Date('2025-03-10T12:00:00Z')).reduce(evolveReferral, received());

describe('a received referral', () => {
  it('is taken in as open when it is addressed to a social-work organisation', () => {
    // given / when
    const referral = receiveReferral(facts(), new Date('2025-03-10T09:00:05Z'));
    // then
    expect(referral).toMatchObject({ status: 'open', toOrg: SW, fromOrg: GM, madeAt: new Date('2025-03-10T09:00:00Z'), decidedAt: null });
  });

  it('is not taken in when it is addressed to another kind of organisation', () => {
    expect(receiveReferral(facts({ toOrg: 'urn:nld:ketenpad:municipality:GM0344' }), new Date())).toBeUndefined();
    expect(receiveReferral(facts({ toOrg: 'urn:nld:ketenpad:court-liaison:RB-AMS' }), new Date())).toBeUndefined();
  });

  it('when accepted, is accepted by its addressee and makes it the case owner instead of the referrer', () => {
    // given
    const referral = received();
    // when
    const events = acceptReferral(referral, new Date('2025-03-10T12:00:00Z'));
    // then
    expect(events).toEqual([
      { type: 'referral-accepted', pathwayId: PATHWAY, data: { referralId: referral.referralId, by: SW, at: '2025-03-10T12:00:00.000Z' } },
      { type: 'case-owner-changed', pathwayId: PATHWAY, data: { fromOrg: GM, toOrg: SW, reason: 'referral-accepted', at: '2025-03-10T12:00:00.000Z' } },
    ]);
    expect(events.reduce(evolveReferral, referral)).toMatchObject({ status: 'accepted', decidedAt: new Date('2025-03-10T12:00:00Z') });
  });

  it('when declined, names the coded reason and is closed for acceptance', () => {
    // given
    const referral = received();
    // when
    const events = declineReferral(referral, 'no-capacity', new Date('2025-03-10T12:00:00Z'));
    const declined = events.reduce(evolveReferral, referral);
    // then
    expect(events[0].data).toEqual({ referralId: referral.referralId, by: SW, declineReason: 'no-capacity', at: '2025-03-10T12:00:00.000Z' });
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'no-capacity' });
    expect(() => acceptReferral(declined, new Date())).toThrow(new DomainRuleViolation('the referral was already declined'));
  });

  it('cannot be accepted or declined twice', () => {
    expect(() => acceptReferral(accepted(), new Date())).toThrow(new DomainRuleViolation('the referral was already accepted'));
    expect(() => declineReferral(accepted(), 'other', new Date())).toThrow(DomainRuleViolation);
  });

  it('gets first contact only after it was accepted, and only once', () => {
    // given
    const at = new Date('2025-03-11T10:00:00Z');
    expect(() => recordFirstContact(received(), 'Huisbezoek', at)).toThrow(new DomainRuleViolation('the referral has not been accepted yet'));
    // when
    const events = recordFirstContact(accepted(), 'Huisbezoek', at);
    const contacted = events.reduce(evolveReferral, accepted());
    // then
    expect(events[0].data).toEqual({ referralId: contacted.referralId, kind: 'Huisbezoek', at: '2025-03-11T10:00:00.000Z' });
    expect(() => recordFirstContact(contacted, 'Telefoon', at)).toThrow(new DomainRuleViolation('first contact was already recorded for this referral'));
  });

  it('is accepted or declined at the moment the social worker states, when it happened earlier on their own system', () => {
    // given a referral made at 09:00, entered here at 15:00
    const now = new Date('2025-03-10T15:00:00Z');
    const stated = new Date('2025-03-10T11:30:00Z');
    // when
    const [accepted, ownerChanged] = acceptReferral(received(), now, stated);
    const [declined] = declineReferral(received(), 'no-capacity', now, stated);
    // then
    expect(accepted.data.at).toBe('2025-03-10T11:30:00.000Z');
    expect(ownerChanged.data.at).toBe('2025-03-10T11:30:00.000Z');
    expect(declined.data.at).toBe('2025-03-10T11:30:00.000Z');
    expect(acceptReferral(received(), now)[0].data.at).toBe('2025-03-10T15:00:00.000Z');
  });

  it('refuses an answer dated before the referral was made', () => {
    // given a referral made at 09:00
    const before = new Date('2025-03-10T08:59:59Z');
    // when / then
    expect(() => acceptReferral(received(), new Date('2025-03-10T15:00:00Z'), before)).toThrow(
      new DomainRuleViolation('the referral cannot be accepted before it was made'),
    );
    expect(() => declineReferral(received(), 'other', new Date('2025-03-10T15:00:00Z'), before)).toThrow(
      new DomainRuleViolation('the referral cannot be declined before it was made'),
    );
    expect(acceptReferral(received(), new Date('2025-03-10T15:00:00Z'), new Date('2025-03-10T09:00:00Z'))[0].data.at).toBe(
      '2025-03-10T09:00:00.000Z',
    );
  });

  it("takes an answer at the receiver's now even when the referrer's clock runs ahead of it", () => {
    // given a referral the referrer's system dates 09:00, answered on a clock that says 08:58
    const now = new Date('2025-03-10T08:58:00Z');
    // when / then: no refusal; the timeline takes the answer as given together with the referral
    expect(acceptReferral(received(), now)[0].data.at).toBe('2025-03-10T08:58:00.000Z');
  });

  it('refuses a first contact dated before the referral was made', () => {
    expect(() => recordFirstContact(accepted(), 'Telefoon', new Date('2025-03-09T10:00:00Z'))).toThrow(DomainRuleViolation);
  });

  it('picks the accepted referral still waiting for contact when the social worker names none', () => {
    // given an open referral and an accepted one on the pathway
    const open = received({ referralId: '11111111-1111-4111-8111-111111111111' });
    // when / then
    expect(referralAwaitingFirstContact([open, accepted()]).referralId).toBe(accepted().referralId);
    expect(() => referralAwaitingFirstContact([open])).toThrow(new DomainRuleViolation('no referral on this pathway has been accepted yet'));
  });

  it('waits in whole hours until it is decided, or until now while open', () => {
    expect(waitingHours(received(), new Date('2025-03-12T08:59:00Z'))).toBe(47);
    expect(waitingHours(accepted(), new Date('2025-03-20T00:00:00Z'))).toBe(3);
  });
});
