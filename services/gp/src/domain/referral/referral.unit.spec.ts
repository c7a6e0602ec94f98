import { LocalDate } from '@ketenpad/calendar';
import { recordConsent, withdrawConsent, type PatientConsent } from '../consent/patient-consent';
import { DomainRuleViolation } from '../domain-rule-violation';
import { applyFeedback, makeReferral, type MakeReferral, type Referral } from './referral';

const today = LocalDate.parse('2025-03-10');
const at = new Date('2025-03-10T09:00:00Z');
const later = new Date('2025-03-20T10:00:00Z');
const MUNICIPALITY = 'urn:nld:ketenpad:municipality:GM0363';
const EPISODE = '9b2e4c6a-1d3f-4e5a-8b7c-6d5e4f3a2b1c';
const RECEIVING_PATHWAY = '11111111-1111-4111-8111-111111111111';
const EXISTING_PATHWAY = '22222222-2222-4222-8222-222222222222';

const consent: PatientConsent = recordConsent(
  {
    consentId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
    practiceId: 'HA-0001',
    patientRef: 'P-1',
    residentPseudonym: 'a'.repeat(64),
    scope: ['refer-to-municipality', 'receive-outcome'],
    purpose: 'referral',
    validUntil: '2025-09-30',
    pathwayId: EPISODE,
    at,
  },
  today,
);
const command = (overrides: Partial<MakeReferral> = {}): MakeReferral => ({
  referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  practiceId: 'HA-0001',
  fromOrg: 'urn:nld:ketenpad:gp:HA-0001',
  toOrg: MUNICIPALITY,
  reason: 'financial-worries',
  urgent: false,
  warm: true,
  at,
  ...overrides,
});
const made = (): Referral => makeReferral(command(), consent, today);
const accepted = (intoPathwayId?: string): Referral => {
  const decision = applyFeedback(made(), { type: 'accepted', by: MUNICIPALITY, pathwayId: RECEIVING_PATHWAY, ...(intoPathwayId ? { intoPathwayId } : {}) }, later, true);
  if (decision.kind !== 'updated') throw new Error('expected the acceptance to apply');
  return decision.referral;
};

describe('making a referral', () => {
  it('rests the referral on the consent and its episode pathway', () => {
    expect(made()).toMatchObject({ consentId: consent.consentId, pathwayId: EPISODE, status: 'made', outcome: null, followedPathwayId: null });
  });

  it('is refused without a consent, with a withdrawn or expired one, or with one of another practice', () => {
    expect(() => makeReferral(command(), undefined, today)).toThrow('no valid consent');
    expect(() => makeReferral(command(), withdrawConsent(consent, at), today)).toThrow('no valid consent: the consent was withdrawn');
    expect(() => makeReferral(command(), consent, LocalDate.parse('2025-10-01'))).toThrow('no valid consent: the consent expired');
    expect(() => makeReferral(command({ practiceId: 'HA-0002' }), consent, today)).toThrow('no valid consent');
  });

  it('is refused to social work when the consent covers only the municipality, and to other kinds of organisation', () => {
    expect(() => makeReferral(command({ toOrg: 'urn:nld:ketenpad:social-work:SW-AMS' }), consent, today)).toThrow('does not cover refer-to-social-work');
    expect(() => makeReferral(command({ toOrg: 'urn:nld:ketenpad:court-liaison:RB-AMS' }), consent, today)).toThrow(DomainRuleViolation);
  });
});

describe('hearing back about a referral', () => {
  it('follows the pathway the referral was accepted on, and gets first-conversation-held from it', () => {
    // given
    const following = accepted();
    // when
    const decision = applyFeedback(following, { type: 'first-conversation-held', pathwayId: RECEIVING_PATHWAY }, later, true);
    // then
    expect(following).toMatchObject({ status: 'accepted', followedPathwayId: RECEIVING_PATHWAY });
    expect(decision).toMatchObject({ kind: 'updated', outcome: 'first-conversation-held', referral: { status: 'outcome-received', outcomeAt: later } });
  });

  it('follows the existing pathway when the referral was merged into one', () => {
    // given
    const following = accepted(EXISTING_PATHWAY);
    // then
    expect(following.followedPathwayId).toBe(EXISTING_PATHWAY);
    expect(applyFeedback(following, { type: 'first-conversation-held', pathwayId: RECEIVING_PATHWAY }, later, true).kind).toBe('ignored');
    expect(applyFeedback(following, { type: 'first-conversation-held', pathwayId: EXISTING_PATHWAY }, later, true)).toMatchObject({ outcome: 'first-conversation-held' });
  });

  it('moves along when the followed pathway is merged into another', () => {
    const decision = applyFeedback(accepted(), { type: 'pathway-merged', pathwayId: RECEIVING_PATHWAY, intoPathwayId: EXISTING_PATHWAY }, later, true);
    expect(decision).toMatchObject({ kind: 'updated', outcome: null, referral: { followedPathwayId: EXISTING_PATHWAY } });
  });

  it('records no-contact when the followed pathway closes before a first conversation', () => {
    const decision = applyFeedback(accepted(), { type: 'pathway-closed', pathwayId: RECEIVING_PATHWAY }, later, true);
    expect(decision).toMatchObject({ kind: 'updated', outcome: 'no-contact' });
  });

  it('records declined when the organisation referred to declines', () => {
    const decision = applyFeedback(made(), { type: 'declined', by: MUNICIPALITY }, later, true);
    expect(decision).toMatchObject({ kind: 'updated', outcome: 'declined', referral: { status: 'outcome-received' } });
  });

  it('gives a referral exactly one outcome, ever', () => {
    // given
    const done = applyFeedback(accepted(), { type: 'first-conversation-held', pathwayId: RECEIVING_PATHWAY }, later, true);
    if (done.kind !== 'updated') throw new Error('expected an outcome');
    // then
    expect(applyFeedback(done.referral, { type: 'first-conversation-held', pathwayId: RECEIVING_PATHWAY }, later, true).kind).toBe('ignored');
    expect(applyFeedback(done.referral, { type: 'pathway-closed', pathwayId: RECEIVING_PATHWAY }, later, true).kind).toBe('ignored');
    expect(applyFeedback(done.referral, { type: 'declined', by: MUNICIPALITY }, later, true).kind).toBe('ignored');
  });

  it('ignores answers from another organisation than the one referred to, or naming another referrer', () => {
    expect(applyFeedback(made(), { type: 'accepted', by: 'urn:nld:ketenpad:municipality:GM0344', pathwayId: RECEIVING_PATHWAY }, later, true).kind).toBe('ignored');
    expect(applyFeedback(made(), { type: 'declined', by: 'urn:nld:ketenpad:social-work:SW-AMS' }, later, true).kind).toBe('ignored');
    expect(
      applyFeedback(made(), { type: 'accepted', by: MUNICIPALITY, fromOrg: 'urn:nld:ketenpad:gp:HA-0002', pathwayId: RECEIVING_PATHWAY }, later, true).kind,
    ).toBe('ignored');
  });

  it('ignores progress of a pathway before the referral was accepted', () => {
    expect(applyFeedback(made(), { type: 'first-conversation-held', pathwayId: RECEIVING_PATHWAY }, later, true).kind).toBe('ignored');
  });

  it('hears nothing back when the consent no longer allows it', () => {
    expect(applyFeedback(made(), { type: 'declined', by: MUNICIPALITY }, later, false).kind).toBe('ignored');
  });
});
