import type {
  DeclineReason,
  ForcedSettlementOutcome,
  Instrument,
  MoratoriumBasis,
  ReferralReason,
} from './court-case.codes';

// What a court liaison (or the chain) asks of a court case. `at` is when the
// fact is recorded; instants are Dates here and ISO strings in the events.

/** A referral addressed to this court liaison was published by another organisation. */
export interface ReceiveReferral {
  readonly type: 'receive-referral';
  readonly referralId: string;
  /** URN of the referring organisation. */
  readonly fromOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  /** When the referrer made it (its event's `at`); an answer cannot be dated before it. */
  readonly madeAt: Date;
  readonly at: Date;
}
/** The court liaison takes up again, on its own initiative, a pathway referred to it whose case was closed. */
export interface OpenCase {
  readonly type: 'open-case';
  readonly at: Date;
}
export interface AcceptReferral {
  readonly type: 'accept-referral';
  readonly referralId: string;
  /** When it was accepted on the organisation's own system, if the court liaison states it; else `at`. */
  readonly acceptedAt?: Date;
  readonly at: Date;
}
export interface DeclineReferral {
  readonly type: 'decline-referral';
  readonly referralId: string;
  readonly declineReason: DeclineReason;
  /** When it was declined on the organisation's own system, if the court liaison states it; else `at`. */
  readonly declinedAt?: Date;
  readonly at: Date;
}
export interface RequestMoratorium {
  readonly type: 'request-moratorium';
  readonly basis: MoratoriumBasis;
  readonly at: Date;
}
export interface GrantMoratorium {
  readonly type: 'grant-moratorium';
  /** First day, 'YYYY-MM-DD'. */
  readonly startsAt: string;
  /** Last day, 'YYYY-MM-DD'. */
  readonly endsAt: string;
  readonly at: Date;
}
export interface RejectMoratorium {
  readonly type: 'reject-moratorium';
  readonly at: Date;
}
/** Issued by the scheduler once the moratorium's last day has passed. */
export interface EndMoratorium {
  readonly type: 'end-moratorium';
  /** Today's date in the Netherlands, 'YYYY-MM-DD'. */
  readonly today: string;
  /** When the moratorium ended: the start of the day after its last day. */
  readonly at: Date;
}
export interface GrantProvisionalMeasure {
  readonly type: 'grant-provisional-measure';
  /** Last day, 'YYYY-MM-DD'. */
  readonly endsAt: string;
  readonly at: Date;
}
export interface RequestForcedSettlement {
  readonly type: 'request-forced-settlement';
  readonly at: Date;
}
export interface DecideForcedSettlement {
  readonly type: 'decide-forced-settlement';
  readonly outcome: ForcedSettlementOutcome;
  readonly at: Date;
}
export interface FileWsnpPetition {
  readonly type: 'file-wsnp-petition';
  readonly at: Date;
}
export interface AdmitToWsnp {
  readonly type: 'admit-to-wsnp';
  readonly termMonths: number;
  readonly at: Date;
}
export interface RejectWsnpPetition {
  readonly type: 'reject-wsnp-petition';
  readonly at: Date;
}
export interface EndWsnp {
  readonly type: 'end-wsnp';
  readonly cleanSlate: boolean;
  readonly at: Date;
}
export interface RequestProtectiveAdministration {
  readonly type: 'request-protective-administration';
  readonly at: Date;
}
export interface OrderProtectiveAdministration {
  readonly type: 'order-protective-administration';
  readonly at: Date;
}
export interface LiftProtectiveAdministration {
  readonly type: 'lift-protective-administration';
  readonly at: Date;
}
export interface ScheduleHearing {
  readonly type: 'schedule-hearing';
  /** When the hearing takes place. */
  readonly hearingAt: Date;
  readonly instrument: Instrument;
  readonly at: Date;
}

export type MoratoriumCommand = RequestMoratorium | GrantMoratorium | RejectMoratorium | EndMoratorium;
export type ForcedSettlementCommand = RequestForcedSettlement | DecideForcedSettlement;
export type WsnpCommand = FileWsnpPetition | AdmitToWsnp | RejectWsnpPetition | EndWsnp;
export type ProtectiveAdministrationCommand =
  | RequestProtectiveAdministration
  | OrderProtectiveAdministration
  | LiftProtectiveAdministration;
export type ReferralCommand = ReceiveReferral | AcceptReferral | DeclineReferral;

export type CourtCaseCommand =
  | ReferralCommand
  | OpenCase
  | MoratoriumCommand
  | GrantProvisionalMeasure
  | ForcedSettlementCommand
  | WsnpCommand
  | ProtectiveAdministrationCommand
  | ScheduleHearing;
