import { CODE_LISTS } from '@ketenpad/contracts';
import type { GpReferralOutcomeReceivedV1 } from '@ketenpad/contracts';

/** What a patient may allow the practice (contracts/schemas/common/consent.schema.json `gpScope`). */
export const GP_SCOPES = CODE_LISTS.consent.gpScope;
export type GpScopeItem = (typeof GP_SCOPES)[number];

/** Purpose (doelbinding) of a consent (consent.schema.json `purpose`); kept by the practice, not published. */
export const CONSENT_PURPOSES = CODE_LISTS.consent.purpose;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Coded referral reasons (referral.schema.json `reason`): never a diagnosis or free text. */
export const REFERRAL_REASONS = CODE_LISTS.referral.reason;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

/** What the GP may hear back about a referral (referral-outcome-received `outcome`). */
export const REFERRAL_OUTCOMES = [
  'first-conversation-held',
  'declined',
  'no-contact',
] as const satisfies readonly GpReferralOutcomeReceivedV1['outcome'][];
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** The kinds of organisation a GP refers to: the municipality (debt assistance) or social work (wijkteam). */
export const REFERRAL_TARGET_KINDS = ['municipality', 'social-work'] as const;
export type ReferralTargetKind = (typeof REFERRAL_TARGET_KINDS)[number];

/** URN of an organisation a GP may refer to. */
export const REFERRAL_TARGET_URN = /^urn:nld:ketenpad:(municipality|social-work):[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The practice's own opaque patient reference (never published). */
export const PATIENT_REF = /^[A-Za-z0-9-]{1,64}$/;

/** The scope a referral to this kind of organisation needs. */
export function scopeNeededToRefer(kind: ReferralTargetKind): GpScopeItem {
  return kind === 'municipality' ? 'refer-to-municipality' : 'refer-to-social-work';
}

/** The kind of a referral target URN, or undefined when a GP may not refer there. */
export function referralTargetKindOf(urn: string): ReferralTargetKind | undefined {
  const match = REFERRAL_TARGET_URN.exec(urn);
  return match ? (match[1] as ReferralTargetKind) : undefined;
}

const MUNICIPALITY_URN = /^urn:nld:ketenpad:municipality:(GM\d{4})$/;

/** The CBS code in a municipality's URN (`urn:nld:ketenpad:municipality:GM0363` → `GM0363`); undefined for any other URN. */
export function municipalityCodeOf(urn: string): string | undefined {
  return MUNICIPALITY_URN.exec(urn)?.[1];
}
