import { CODE_LISTS } from '@ketenpad/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import { isValidBsn } from '../../domain/bsn';

/** What a patient may allow the practice (consent.schema.json `gpScope`). */
export const GP_SCOPES = CODE_LISTS.consent.gpScope;
export type GpScope = (typeof GP_SCOPES)[number];
/** Purpose (doelbinding) of a consent (consent.schema.json `purpose`). */
export const CONSENT_PURPOSES = CODE_LISTS.consent.purpose;
/** Coded referral reasons: never a diagnosis or free text. */
export const REFERRAL_REASONS = CODE_LISTS.referral.reason;

/** A consent of the practice as the gp service answers it (ConsentResponse): never the BSN. */
export interface GpConsent {
  consentId: string;
  patientRef: string;
  pathwayId: string;
  scope: GpScope[];
  purpose: string;
  validUntil: string | null;
  recordedAt: string;
  withdrawnAt: string | null;
}

/** A referral of the practice (ReferralResponse): where it went, why (coded), and the one outcome it hears back. */
export interface GpReferral {
  referralId: string;
  consentId: string;
  fromOrg: string;
  toOrg: string;
  reason: string;
  urgent: boolean;
  warm: boolean;
  madeAt: string;
  status: 'made' | 'accepted' | 'outcome-received';
  outcome: 'first-conversation-held' | 'declined' | 'no-contact' | null;
  outcomeAt: string | null;
}

/** The practice's own patient reference (the gp service's PATIENT_REF): it goes in URLs, so never a BSN. */
const PATIENT_REF = /^[A-Za-z0-9-]{1,64}$/;

/** Why a patient reference cannot be used, or undefined when it can. */
export function patientRefProblem(value: string): 'invalid' | 'bsn' | undefined {
  if (!PATIENT_REF.test(value)) return 'invalid';
  if (isValidBsn(value)) return 'bsn';
  return undefined;
}

/** The consent's state today (`YYYY-MM-DD`): valid, withdrawn, or past its last day. */
export function consentState(consent: GpConsent, today: string): 'valid' | 'withdrawn' | 'expired' {
  if (consent.withdrawnAt !== null) return 'withdrawn';
  if (consent.validUntil !== null && consent.validUntil < today) return 'expired';
  return 'valid';
}

/** The newest consent that lets the practice refer to the municipality today, if any. */
export function consentToRefer(consents: readonly GpConsent[], today: string): GpConsent | undefined {
  return [...consents]
    .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))
    .find((c) => consentState(c, today) === 'valid' && c.scope.includes('refer-to-municipality'));
}

/** The municipality URN of the practice's own municipality (its debt help), or undefined. */
export function debtHelpOf(municipalityCode: string | undefined): string | undefined {
  return municipalityCode ? `urn:nld:ketenpad:municipality:${municipalityCode}` : undefined;
}

/** Query keys: everything of the workspace starts with `gp`, so a live change refetches it all. */
export const GP_KEYS = {
  all: ['gp'] as const,
  consents: (patientRef?: string) => ['gp', 'consents', patientRef ?? '*'] as const,
  referrals: ['gp', 'referrals'] as const,
};

/** The practice's consents (one patient's with `patientRef`), newest first. */
export function useConsents(patientRef?: string) {
  return useQuery({
    queryKey: GP_KEYS.consents(patientRef),
    queryFn: () => apiGet<GpConsent[]>('gp', '/consents', { patientRef }),
  });
}

/** The practice's referrals, newest first, with status and outcome. */
export function useReferrals() {
  return useQuery({
    queryKey: GP_KEYS.referrals,
    queryFn: () => apiGet<GpReferral[]>('gp', '/referrals'),
  });
}
