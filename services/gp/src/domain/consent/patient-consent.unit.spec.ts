import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import { allowsHearingBack, recordConsent, whyReferralNotAllowed, withdrawConsent, type PatientConsent, type RecordConsent } from './patient-consent';

const today = LocalDate.parse('2025-03-10');
const at = new Date('2025-03-10T09:00:00Z');
const command = (overrides: Partial<RecordConsent> = {}): RecordConsent => ({
  consentId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
  practiceId: 'HA-0001',
  patientRef: 'P-1',
  residentPseudonym: 'a'.repeat(64),
  scope: ['refer-to-municipality', 'receive-outcome'],
  purpose: 'referral',
  validUntil: '2025-09-30',
  pathwayId: '9b2e4c6a-1d3f-4e5a-8b7c-6d5e4f3a2b1c',
  at,
  ...overrides,
});
const consent = (overrides: Partial<RecordConsent> = {}): PatientConsent => recordConsent(command(overrides), today);

describe('patient consent', () => {
  it('records a consent that is valid until its last day', () => {
    // given / when
    const recorded = consent({ validUntil: '2025-03-10' });
    // then
    expect(recorded).toMatchObject({ validUntil: '2025-03-10', recordedAt: at, withdrawnAt: null });
    expect(whyReferralNotAllowed(recorded, 'municipality', today)).toBeUndefined();
  });

  it('refuses a consent whose last day has already passed', () => {
    expect(() => consent({ validUntil: '2025-03-09' })).toThrow(DomainRuleViolation);
  });

  it('refuses to withdraw a consent twice', () => {
    // given
    const withdrawn = withdrawConsent(consent(), at);
    // when / then
    expect(withdrawn.withdrawnAt).toEqual(at);
    expect(() => withdrawConsent(withdrawn, at)).toThrow('the consent was already withdrawn');
  });

  it('does not allow a referral after withdrawal, after expiry, or to a kind of organisation outside its scope', () => {
    // given
    const valid = consent();
    // then
    expect(whyReferralNotAllowed(withdrawConsent(valid, at), 'municipality', today)).toBe('the consent was withdrawn');
    expect(whyReferralNotAllowed(valid, 'municipality', LocalDate.parse('2025-10-01'))).toBe('the consent expired after 2025-09-30');
    expect(whyReferralNotAllowed(valid, 'social-work', today)).toBe('the consent does not cover refer-to-social-work');
  });

  it('lets the practice hear back only while valid and with receive-outcome in scope', () => {
    expect(allowsHearingBack(consent(), today)).toBe(true);
    expect(allowsHearingBack(consent({ validUntil: null }), LocalDate.parse('2030-01-01'))).toBe(true);
    expect(allowsHearingBack(consent({ scope: ['refer-to-municipality'] }), today)).toBe(false);
    expect(allowsHearingBack(withdrawConsent(consent(), at), today)).toBe(false);
  });
});
