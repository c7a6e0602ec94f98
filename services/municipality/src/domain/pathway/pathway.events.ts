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
  | ConsentWithdrawn;

export type PathwayEventType = PathwayEvent['type'];
