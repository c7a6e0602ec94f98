import type {
  CourtLiaisonForcedSettlementDecidedV1,
  CourtLiaisonForcedSettlementRequestedV1,
  CourtLiaisonHearingScheduledV1,
  CourtLiaisonMoratoriumEndedV1,
  CourtLiaisonMoratoriumGrantedV1,
  CourtLiaisonMoratoriumRejectedV1,
  CourtLiaisonMoratoriumRequestedV1,
  CourtLiaisonProtectiveAdministrationLiftedV1,
  CourtLiaisonProtectiveAdministrationOrderedV1,
  CourtLiaisonProtectiveAdministrationRequestedV1,
  CourtLiaisonProvisionalMeasureGrantedV1,
  CourtLiaisonReferralAcceptedV1,
  CourtLiaisonReferralDeclinedV1,
  CourtLiaisonWsnpAdmittedV1,
  CourtLiaisonWsnpEndedV1,
  CourtLiaisonWsnpPetitionFiledV1,
  CourtLiaisonWsnpRejectedV1,
} from '@ketenpad/contracts';
import type { ReferralReason } from './court-case.codes';

/**
 * A fact about the court case of one pathway. For published facts `data` is
 * exactly the event's `data` as declared in
 * contracts/schemas/court-liaison/<type>.v1.schema.json (the types are
 * generated from those schemas); the pathway id travels beside it and becomes
 * the CloudEvents `pathwayid` extension and the Kafka key.
 */
interface CourtCaseEventOf<TType extends string, TData> {
  readonly type: TType;
  readonly pathwayId: string;
  readonly data: Readonly<TData>;
}

export type ReferralAccepted = CourtCaseEventOf<'referral-accepted', CourtLiaisonReferralAcceptedV1>;
export type ReferralDeclined = CourtCaseEventOf<'referral-declined', CourtLiaisonReferralDeclinedV1>;
export type MoratoriumRequested = CourtCaseEventOf<'moratorium-requested', CourtLiaisonMoratoriumRequestedV1>;
export type MoratoriumGranted = CourtCaseEventOf<'moratorium-granted', CourtLiaisonMoratoriumGrantedV1>;
export type MoratoriumRejected = CourtCaseEventOf<'moratorium-rejected', CourtLiaisonMoratoriumRejectedV1>;
export type MoratoriumEnded = CourtCaseEventOf<'moratorium-ended', CourtLiaisonMoratoriumEndedV1>;
export type ProvisionalMeasureGranted = CourtCaseEventOf<
  'provisional-measure-granted',
  CourtLiaisonProvisionalMeasureGrantedV1
>;
export type ForcedSettlementRequested = CourtCaseEventOf<
  'forced-settlement-requested',
  CourtLiaisonForcedSettlementRequestedV1
>;
export type ForcedSettlementDecided = CourtCaseEventOf<
  'forced-settlement-decided',
  CourtLiaisonForcedSettlementDecidedV1
>;
export type WsnpPetitionFiled = CourtCaseEventOf<'wsnp-petition-filed', CourtLiaisonWsnpPetitionFiledV1>;
export type WsnpAdmitted = CourtCaseEventOf<'wsnp-admitted', CourtLiaisonWsnpAdmittedV1>;
export type WsnpRejected = CourtCaseEventOf<'wsnp-rejected', CourtLiaisonWsnpRejectedV1>;
export type WsnpEnded = CourtCaseEventOf<'wsnp-ended', CourtLiaisonWsnpEndedV1>;
export type ProtectiveAdministrationRequested = CourtCaseEventOf<
  'protective-administration-requested',
  CourtLiaisonProtectiveAdministrationRequestedV1
>;
export type ProtectiveAdministrationOrdered = CourtCaseEventOf<
  'protective-administration-ordered',
  CourtLiaisonProtectiveAdministrationOrderedV1
>;
export type ProtectiveAdministrationLifted = CourtCaseEventOf<
  'protective-administration-lifted',
  CourtLiaisonProtectiveAdministrationLiftedV1
>;
export type HearingScheduled = CourtCaseEventOf<'hearing-scheduled', CourtLiaisonHearingScheduledV1>;

/** Facts the court liaison publishes on `court-liaison.events.v1`. */
export type PublishedCourtCaseEvent =
  | ReferralAccepted
  | ReferralDeclined
  | MoratoriumRequested
  | MoratoriumGranted
  | MoratoriumRejected
  | MoratoriumEnded
  | ProvisionalMeasureGranted
  | ForcedSettlementRequested
  | ForcedSettlementDecided
  | WsnpPetitionFiled
  | WsnpAdmitted
  | WsnpRejected
  | WsnpEnded
  | ProtectiveAdministrationRequested
  | ProtectiveAdministrationOrdered
  | ProtectiveAdministrationLifted
  | HearingScheduled;

/**
 * The court liaison took up the pathway: through a referral, or on its own
 * initiative. Kept in the case only - the catalogue has no such event, and the
 * chain learns of the court's involvement from referral-accepted and the
 * instrument events.
 */
export type CaseOpened = CourtCaseEventOf<
  'case-opened',
  { readonly organisationId: string; readonly via: 'referral' | 'direct'; readonly at: string }
>;

/** A referral addressed to this court liaison arrived (the referring organisation published it). Kept in the case only. */
export type ReferralReceived = CourtCaseEventOf<
  'referral-received',
  {
    readonly referralId: string;
    readonly fromOrg: string;
    readonly reason: ReferralReason;
    readonly urgent: boolean;
    /** When the referrer made it. */
    readonly madeAt: string;
    readonly at: string;
  }
>;

export type CourtCaseEvent = PublishedCourtCaseEvent | CaseOpened | ReferralReceived;
export type CourtCaseEventType = CourtCaseEvent['type'];

/** True for the facts that go to the outbox; the case's own bookkeeping events stay inside. */
export function isPublished(event: CourtCaseEvent): event is PublishedCourtCaseEvent {
  return event.type !== 'case-opened' && event.type !== 'referral-received';
}
