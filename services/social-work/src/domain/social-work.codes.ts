import type {
  SocialWorkFirstContactMadeV1,
  SocialWorkReferralDeclinedV1,
  SocialWorkReferralMadeV1,
  SocialWorkSupportEndedV1,
  SocialWorkSupportStartedV1,
  SocialWorkUrgentSituationFlaggedV1,
} from '@ketenpad/contracts';

// The code lists below mirror the enums of contracts/schemas (common/referral,
// common/pathway, common/ddas-codes, social-work/support-ended). The
// `satisfies` clauses reject a code the schema does not know, and the
// `ListsEvery` check at the bottom rejects a list that misses one.

/** Coded reason of a referral (common/referral.schema.json#/$defs/reason). */
export type ReferralReason = SocialWorkReferralMadeV1['reason'];
export const REFERRAL_REASONS = [
  'financial-worries',
  'payment-arrears',
  'debt-assistance',
  'stabilisation',
  'budget-coaching',
  'urgent-threat',
  'court-procedure',
  'protective-administration',
  'aftercare',
  'other',
] as const satisfies readonly ReferralReason[];

/** Coded reason for declining a referral (common/referral.schema.json#/$defs/declineReason). */
export type DeclineReason = SocialWorkReferralDeclinedV1['declineReason'];
export const DECLINE_REASONS = [
  'no-capacity',
  'outside-service-area',
  'not-suitable',
  'resident-declined',
  'no-contact',
  'already-in-care',
  'other',
] as const satisfies readonly DeclineReason[];

/** How contact was made: DDAS EnumContactsoort (common/ddas-codes.schema.json#/$defs/contactsoort). */
export type ContactKind = SocialWorkFirstContactMadeV1['kind'];
export const CONTACT_KINDS = [
  'Mail',
  'Brief',
  'SMS/Whatsapp',
  'Telefoon',
  'Huisbezoek',
  'Kaartje',
  'Overige',
  'Administratief',
] as const satisfies readonly ContactKind[];

/** Kind of support (common/pathway.schema.json#/$defs/supportKind). */
export type SupportKind = SocialWorkSupportStartedV1['kind'];
export const SUPPORT_KINDS = [
  'budget-coaching',
  'budget-management',
  'budget-guidance',
  'long-term-guidance',
  'protective-administration',
  'home-visits',
  'income-support',
  'debt-settlement',
  'social-support',
  'other',
] as const satisfies readonly SupportKind[];

/** How support ended (social-work/support-ended.v1.schema.json). */
export type SupportOutcome = SocialWorkSupportEndedV1['outcome'];
export const SUPPORT_OUTCOMES = ['completed', 'stopped-by-resident', 'referred-on', 'no-contact', 'other'] as const satisfies readonly SupportOutcome[];

/** A threatening situation in the sense of the Wgs (common/pathway.schema.json#/$defs/threat). */
export type Threat = SocialWorkUrgentSituationFlaggedV1['threat'];
export const THREATS = ['eviction', 'energy', 'water', 'heat', 'health-insurance', 'other'] as const satisfies readonly Threat[];

/** `true` only when `TList` names every member of `TUnion`. */
type ListsEvery<TList extends readonly string[], TUnion extends string> = [Exclude<TUnion, TList[number]>] extends [never] ? true : false;
const _everyCodeListed: [
  ListsEvery<typeof REFERRAL_REASONS, ReferralReason>,
  ListsEvery<typeof DECLINE_REASONS, DeclineReason>,
  ListsEvery<typeof CONTACT_KINDS, ContactKind>,
  ListsEvery<typeof SUPPORT_KINDS, SupportKind>,
  ListsEvery<typeof SUPPORT_OUTCOMES, SupportOutcome>,
  ListsEvery<typeof THREATS, Threat>,
] = [true, true, true, true, true, true];
