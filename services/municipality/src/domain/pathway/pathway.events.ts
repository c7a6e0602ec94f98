import type {
  MunicipalityConsentRecordedV1,
  MunicipalityConsentWithdrawnV1,
  MunicipalityDeadlineChangedV1,
  MunicipalityEarlySignalReceivedV1,
  MunicipalityFirstConversationHeldV1,
  MunicipalityHelpRequestedV1,
  MunicipalityIntakeDecidedV1,
  MunicipalityPathwayClosedV1,
  MunicipalityPathwayMergedV1,
  MunicipalityPhaseChangedV1,
  MunicipalityReferralAcceptedV1,
  MunicipalityReferralMadeV1,
  MunicipalityContactAttemptedV1,
  MunicipalityHelpOfferAcceptedV1,
  MunicipalityHelpOfferDeclinedV1,
  MunicipalityCrisisInterventionStartedV1,
  MunicipalityCrisisInterventionEndedV1,
  MunicipalityPlanOfActionSetV1,
  MunicipalityStabilisationStartedV1,
  MunicipalityStabilisationReachedV1,
  MunicipalityGuidanceStartedV1,
  MunicipalityGuidanceEndedV1,
  MunicipalityDebtsInventoriedV1,
  MunicipalitySettlementProposedV1,
  MunicipalityCreditorRespondedV1,
  MunicipalitySettlementGrantedV1,
  MunicipalitySettlementRejectedV1,
  MunicipalitySettlementWithdrawnV1,
  MunicipalityRepaymentStartedV1,
  MunicipalityRepaymentCompletedV1,
  MunicipalityAftercareStartedV1,
  MunicipalityAftercareEndedV1,
} from '@ketenpad/contracts';

/**
 * A fact about one pathway. `data` is exactly the event's `data` as declared
 * in contracts/schemas/municipality/<type>.v1.schema.json (the types are
 * generated from those schemas); the pathway id travels beside it and becomes
 * the CloudEvents `pathwayid` extension and the Kafka key. Events never carry a
 * BSN, name or contact data.
 */
interface PathwayEventOf<TType extends string, TData> {
  readonly type: TType;
  readonly pathwayId: string;
  readonly data: Readonly<TData>;
}

export type HelpRequested = PathwayEventOf<'help-requested', MunicipalityHelpRequestedV1>;
export type EarlySignalReceived = PathwayEventOf<'early-signal-received', MunicipalityEarlySignalReceivedV1>;
export type FirstConversationHeld = PathwayEventOf<'first-conversation-held', MunicipalityFirstConversationHeldV1>;
export type IntakeDecided = PathwayEventOf<'intake-decided', MunicipalityIntakeDecidedV1>;
export type PhaseChanged = PathwayEventOf<'phase-changed', MunicipalityPhaseChangedV1>;
export type DeadlineChanged = PathwayEventOf<'deadline-changed', MunicipalityDeadlineChangedV1>;
export type ReferralMade = PathwayEventOf<'referral-made', MunicipalityReferralMadeV1>;
export type PathwayClosed = PathwayEventOf<'pathway-closed', MunicipalityPathwayClosedV1>;
export type ReferralAccepted = PathwayEventOf<'referral-accepted', MunicipalityReferralAcceptedV1>;
/** Published on the referral's own pathway id, which the municipality does not keep as a pathway of its own. */
export type PathwayMerged = PathwayEventOf<'pathway-merged', MunicipalityPathwayMergedV1>;
export type ConsentRecorded = PathwayEventOf<'consent-recorded', MunicipalityConsentRecordedV1>;
export type ConsentWithdrawn = PathwayEventOf<'consent-withdrawn', MunicipalityConsentWithdrawnV1>;

// The trajectory after the intake (plan, stabilisation, settlement, repayment, aftercare).
export type ContactAttempted = PathwayEventOf<'contact-attempted', MunicipalityContactAttemptedV1>;
export type HelpOfferAccepted = PathwayEventOf<'help-offer-accepted', MunicipalityHelpOfferAcceptedV1>;
export type HelpOfferDeclined = PathwayEventOf<'help-offer-declined', MunicipalityHelpOfferDeclinedV1>;
export type CrisisInterventionStarted = PathwayEventOf<'crisis-intervention-started', MunicipalityCrisisInterventionStartedV1>;
export type CrisisInterventionEnded = PathwayEventOf<'crisis-intervention-ended', MunicipalityCrisisInterventionEndedV1>;
export type PlanOfActionSet = PathwayEventOf<'plan-of-action-set', MunicipalityPlanOfActionSetV1>;
export type StabilisationStarted = PathwayEventOf<'stabilisation-started', MunicipalityStabilisationStartedV1>;
export type StabilisationReached = PathwayEventOf<'stabilisation-reached', MunicipalityStabilisationReachedV1>;
export type GuidanceStarted = PathwayEventOf<'guidance-started', MunicipalityGuidanceStartedV1>;
export type GuidanceEnded = PathwayEventOf<'guidance-ended', MunicipalityGuidanceEndedV1>;
export type DebtsInventoried = PathwayEventOf<'debts-inventoried', MunicipalityDebtsInventoriedV1>;
export type SettlementProposed = PathwayEventOf<'settlement-proposed', MunicipalitySettlementProposedV1>;
export type CreditorResponded = PathwayEventOf<'creditor-responded', MunicipalityCreditorRespondedV1>;
export type SettlementGranted = PathwayEventOf<'settlement-granted', MunicipalitySettlementGrantedV1>;
export type SettlementRejected = PathwayEventOf<'settlement-rejected', MunicipalitySettlementRejectedV1>;
export type SettlementWithdrawn = PathwayEventOf<'settlement-withdrawn', MunicipalitySettlementWithdrawnV1>;
export type RepaymentStarted = PathwayEventOf<'repayment-started', MunicipalityRepaymentStartedV1>;
export type RepaymentCompleted = PathwayEventOf<'repayment-completed', MunicipalityRepaymentCompletedV1>;
export type AftercareStarted = PathwayEventOf<'aftercare-started', MunicipalityAftercareStartedV1>;
export type AftercareEnded = PathwayEventOf<'aftercare-ended', MunicipalityAftercareEndedV1>;

/** Events that only change the trajectory part of the state. */
export type TrajectoryEvent =
  | ContactAttempted
  | HelpOfferAccepted
  | HelpOfferDeclined
  | CrisisInterventionStarted
  | CrisisInterventionEnded
  | PlanOfActionSet
  | StabilisationStarted
  | StabilisationReached
  | GuidanceStarted
  | GuidanceEnded
  | DebtsInventoried
  | SettlementProposed
  | CreditorResponded
  | SettlementGranted
  | SettlementRejected
  | SettlementWithdrawn
  | RepaymentStarted
  | RepaymentCompleted
  | AftercareStarted
  | AftercareEnded;

export type PathwayEvent =
  | HelpRequested
  | EarlySignalReceived
  | FirstConversationHeld
  | IntakeDecided
  | PhaseChanged
  | DeadlineChanged
  | ReferralMade
  | PathwayClosed
  | ReferralAccepted
  | PathwayMerged
  | ConsentRecorded
  | ConsentWithdrawn
  | TrajectoryEvent;

export type PathwayEventType = PathwayEvent['type'];
