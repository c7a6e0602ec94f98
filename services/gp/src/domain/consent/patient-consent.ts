import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import { scopeNeededToRefer, type ConsentPurpose, type GpScopeItem, type ReferralTargetKind } from '../gp.codes';

/**
 * A patient's consent to be referred and to let the practice hear back.
 * Medical secrecy: only the practice holds it; the purpose never leaves the
 * service, events carry only the consent id, scope and validity. The BSN is
 * not kept at all: only the resident's keyed pseudonym a referral carries.
 */
export interface PatientConsent {
  readonly consentId: string;
  /** The practice (organisation id, e.g. HA-0001) that recorded it; only that practice sees or uses it. */
  readonly practiceId: string;
  /** The practice's own opaque patient reference. */
  readonly patientRef: string;
  /** The patient's keyed chain pseudonym (HMAC of the BSN, libs/privacy), sent with a referral; the BSN is not kept. */
  readonly residentPseudonym: string;
  readonly scope: readonly GpScopeItem[];
  readonly purpose: ConsentPurpose;
  /** Last valid day (Europe/Amsterdam), or null: valid until withdrawn. */
  readonly validUntil: string | null;
  /** Random pathway id of this consent/referral episode: the key of its events on the chain. */
  readonly pathwayId: string;
  readonly recordedAt: Date;
  readonly withdrawnAt: Date | null;
}

export interface RecordConsent {
  readonly consentId: string;
  readonly practiceId: string;
  readonly patientRef: string;
  readonly residentPseudonym: string;
  readonly scope: readonly GpScopeItem[];
  readonly purpose: ConsentPurpose;
  readonly validUntil: string | null;
  readonly pathwayId: string;
  readonly at: Date;
}

/** A new consent; refused when it would already have expired. */
export function recordConsent(command: RecordConsent, today: LocalDate): PatientConsent {
  if (command.validUntil !== null && LocalDate.parse(command.validUntil).isBefore(today)) {
    throw new DomainRuleViolation(`a consent valid until ${command.validUntil} would already have expired`);
  }
  const { at, ...rest } = command;
  return { ...rest, scope: [...new Set(command.scope)], recordedAt: at, withdrawnAt: null };
}

/** Withdraws a consent; withdrawing twice is refused (the withdrawal was already published). */
export function withdrawConsent(consent: PatientConsent, at: Date): PatientConsent {
  if (consent.withdrawnAt !== null) throw new DomainRuleViolation('the consent was already withdrawn');
  return { ...consent, withdrawnAt: at };
}

/** Why the consent does not hold today, or undefined when it does (not withdrawn, not past its last day). */
export function whyConsentInvalid(consent: PatientConsent, today: LocalDate): string | undefined {
  if (consent.withdrawnAt !== null) return 'the consent was withdrawn';
  if (consent.validUntil !== null && LocalDate.parse(consent.validUntil).isBefore(today)) {
    return `the consent expired after ${consent.validUntil}`;
  }
  return undefined;
}

/**
 * Why this consent does not allow referring to this kind of organisation
 * today, or undefined when it does. A missing consent is the caller's to report.
 */
export function whyReferralNotAllowed(consent: PatientConsent, target: ReferralTargetKind, today: LocalDate): string | undefined {
  const invalid = whyConsentInvalid(consent, today);
  if (invalid !== undefined) return invalid;
  const needed = scopeNeededToRefer(target);
  if (!consent.scope.includes(needed)) return `the consent does not cover ${needed}`;
  return undefined;
}

/** True while the patient lets the practice hear back what became of a referral. */
export function allowsHearingBack(consent: PatientConsent, today: LocalDate): boolean {
  return whyConsentInvalid(consent, today) === undefined && consent.scope.includes('receive-outcome');
}
