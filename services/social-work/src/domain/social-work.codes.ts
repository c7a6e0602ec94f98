import { CODE_LISTS } from '@ketenpad/contracts';
import type {
  SocialWorkFirstContactMadeV1,
  SocialWorkReferralDeclinedV1,
  SocialWorkReferralMadeV1,
  SocialWorkSupportEndedV1,
  SocialWorkSupportStartedV1,
  SocialWorkUrgentSituationFlaggedV1,
} from '@ketenpad/contracts';

// The code lists come from the contracts (CODE_LISTS, generated from
// contracts/schemas/common); lists that exist only here are checked against the
// contract types by their `satisfies` clauses and the `ListsEvery` check at the bottom.

/** Coded reason of a referral (common/referral.schema.json#/$defs/reason). */
export type ReferralReason = SocialWorkReferralMadeV1['reason'];
export const REFERRAL_REASONS = CODE_LISTS.referral.reason;

/** Coded reason for declining a referral (common/referral.schema.json#/$defs/declineReason). */
export type DeclineReason = SocialWorkReferralDeclinedV1['declineReason'];
export const DECLINE_REASONS = CODE_LISTS.referral.declineReason;

/** How contact was made: DDAS EnumContactsoort (common/ddas-codes.schema.json#/$defs/contactsoort). */
export type ContactKind = SocialWorkFirstContactMadeV1['kind'];
export const CONTACT_KINDS = CODE_LISTS.ddasCodes.contactsoort;

/** Kind of support (common/pathway.schema.json#/$defs/supportKind). */
export type SupportKind = SocialWorkSupportStartedV1['kind'];
export const SUPPORT_KINDS = CODE_LISTS.pathway.supportKind;

/** How support ended (social-work/support-ended.v1.schema.json). */
export type SupportOutcome = SocialWorkSupportEndedV1['outcome'];
export const SUPPORT_OUTCOMES = ['completed', 'stopped-by-resident', 'referred-on', 'no-contact', 'other'] as const satisfies readonly SupportOutcome[];

/** A threatening situation in the sense of the Wgs (common/pathway.schema.json#/$defs/threat). */
export type Threat = SocialWorkUrgentSituationFlaggedV1['threat'];
export const THREATS = CODE_LISTS.pathway.threat;

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
