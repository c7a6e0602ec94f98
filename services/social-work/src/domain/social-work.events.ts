import type {
  SocialWorkCaseOwnerChangedV1,
  SocialWorkFirstContactMadeV1,
  SocialWorkReferralAcceptedV1,
  SocialWorkReferralDeclinedV1,
  SocialWorkReferralMadeV1,
  SocialWorkSupportEndedV1,
  SocialWorkSupportStartedV1,
  SocialWorkUrgentSituationFlaggedV1,
} from '@ketenpad/contracts';

/**
 * A fact social work records about one pathway. `data` is exactly the event's
 * `data` as declared in contracts/schemas/social-work/<type>.v1.schema.json
 * (types generated from those schemas); the pathway id travels beside it and
 * becomes the CloudEvents `pathwayid` extension and the Kafka key.
 */
interface SocialWorkEventOf<TType extends string, TData> {
  readonly type: TType;
  readonly pathwayId: string;
  readonly data: Readonly<TData>;
}

export type ReferralAccepted = SocialWorkEventOf<'referral-accepted', SocialWorkReferralAcceptedV1>;
export type ReferralDeclined = SocialWorkEventOf<'referral-declined', SocialWorkReferralDeclinedV1>;
export type CaseOwnerChanged = SocialWorkEventOf<'case-owner-changed', SocialWorkCaseOwnerChangedV1>;
export type FirstContactMade = SocialWorkEventOf<'first-contact-made', SocialWorkFirstContactMadeV1>;
export type SupportStarted = SocialWorkEventOf<'support-started', SocialWorkSupportStartedV1>;
export type SupportEnded = SocialWorkEventOf<'support-ended', SocialWorkSupportEndedV1>;
export type UrgentSituationFlagged = SocialWorkEventOf<'urgent-situation-flagged', SocialWorkUrgentSituationFlaggedV1>;
export type ReferralMade = SocialWorkEventOf<'referral-made', SocialWorkReferralMadeV1>;

export type SocialWorkEvent =
  | ReferralAccepted
  | ReferralDeclined
  | CaseOwnerChanged
  | FirstContactMade
  | SupportStarted
  | SupportEnded
  | UrgentSituationFlagged
  | ReferralMade;

/** The short name of every event social work publishes (`nl.ketenpad.social-work.<name>.v1`). */
export type SocialWorkEventName = SocialWorkEvent['type'];
