import { CODE_LISTS } from '@ketenpad/contracts';
import type {
  CourtLiaisonForcedSettlementDecidedV1,
  CourtLiaisonHearingScheduledV1,
  CourtLiaisonMoratoriumRequestedV1,
  CourtLiaisonReferralDeclinedV1,
  MunicipalityReferralMadeV1,
} from '@ketenpad/contracts';

// Code lists as runtime values (the HTTP adapter validates against them); the
// assertions at the bottom fail to compile when a list drifts from the JSON
// Schemas in contracts/ (STYLE.md rule 2: declared once, checked against it).

/** Legal basis of a moratorium: art. 287b Fw (threat) or art. 5 Wgs (broad moratorium). */
export const MORATORIUM_BASES = ['Fw-287b', 'Wgs-5'] as const;
export type MoratoriumBasis = (typeof MORATORIUM_BASES)[number];

/** The court procedures a hearing can belong to. */
export const INSTRUMENTS = [
  'moratorium',
  'provisional-measure',
  'forced-settlement',
  'wsnp',
  'protective-administration',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Outcome of a forced settlement (dwangakkoord) ruling. */
export const FORCED_SETTLEMENT_OUTCOMES = ['granted', 'rejected'] as const;
export type ForcedSettlementOutcome = (typeof FORCED_SETTLEMENT_OUTCOMES)[number];

/** Coded reasons for declining a referral. */
export const DECLINE_REASONS = CODE_LISTS.referral.declineReason;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Coded reasons for a referral (what the referring organisation sent). */
export type ReferralReason = MunicipalityReferralMadeV1['reason'];

/** The longest Wsnp term the court may set: 3.5 years (DOMAIN.md, Durations). */
export const WSNP_MAX_TERM_MONTHS = 42;

/** A moratorium lasts at most this many months (art. 287b Fw, art. 5 Wgs). */
export const MORATORIUM_MAX_MONTHS = 6;

const COURT_LIAISON_URN = /^urn:nld:ketenpad:court-liaison:([A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;

/** The organisation URN of a court liaison, as in `source` and the referral fields. */
export function courtLiaisonUrn(organisationId: string): string {
  return `urn:nld:ketenpad:court-liaison:${organisationId}`;
}

/** The organisation id in a court-liaison URN; undefined for any other kind of organisation. */
export function courtLiaisonIdOf(urn: string): string | undefined {
  return COURT_LIAISON_URN.exec(urn)?.[1];
}

const MUNICIPALITY_URN = /^urn:nld:ketenpad:municipality:(GM\d{4})$/;

/** The CBS code in a municipality's URN (`urn:nld:ketenpad:municipality:GM0363` → `GM0363`); undefined for any other URN. */
export function municipalityCodeOf(urn: string): string | undefined {
  return MUNICIPALITY_URN.exec(urn)?.[1];
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type _CodeListsMatchContracts = [
  Check<Same<MoratoriumBasis, CourtLiaisonMoratoriumRequestedV1['basis']>>,
  Check<Same<Instrument, CourtLiaisonHearingScheduledV1['instrument']>>,
  Check<Same<ForcedSettlementOutcome, CourtLiaisonForcedSettlementDecidedV1['outcome']>>,
  Check<Same<DeclineReason, CourtLiaisonReferralDeclinedV1['declineReason']>>,
];
