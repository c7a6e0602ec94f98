import type {
  Channel,
  ConsentPurpose,
  ConsentScope,
  ContactKind,
  CreditorResponse,
  Crisis,
  CrisisType,
  DebtType,
  GuidanceKind,
  IntakeDecision,
  Phase,
  ReferralReason,
  SignalPartnerType,
  SolutionKind,
  SupportKind,
  UitstroomReason,
} from './pathway.codes';

// Commands carry instants as Date and calendar dates as 'YYYY-MM-DD' strings,
// the same split as the event contracts (instant vs date).

export interface RegisterHelpRequest {
  readonly type: 'register-help-request';
  readonly channel: Channel;
  readonly requestedAt: Date;
  readonly crisis: Crisis | null;
  /** The referral that led to the request, when there was one. */
  readonly referralId?: string;
}

export interface ReceiveEarlySignal {
  readonly type: 'receive-early-signal';
  readonly signalPartnerType: SignalPartnerType;
  readonly arrearsCents: number;
  /** 'YYYY-MM-DD' */
  readonly arrearsSince: string;
  /** 'YYYY-MM-DD' */
  readonly signalledAt: string;
  readonly crisis: Crisis | null;
  readonly warmHandover: boolean;
  /** When the municipality received the signal: a crisis term counts from here. */
  readonly receivedAt: Date;
}

/** A crisis became known after the help request (e.g. social work flagged an eviction). */
export interface ReportCrisis {
  readonly type: 'report-crisis';
  readonly crisis: Crisis;
  readonly reportedAt: Date;
  readonly reason: 'crisis-reported' | 'urgent-situation-flagged';
}

export interface HoldFirstConversation {
  readonly type: 'hold-first-conversation';
  readonly heldAt: Date;
}

export interface DecideIntake {
  readonly type: 'decide-intake';
  readonly decision: IntakeDecision;
  /** Date of the beschikking, 'YYYY-MM-DD'. */
  readonly decidedAt: string;
  /** When the decision was recorded; the moment of the resulting phase change. */
  readonly at: Date;
  /** Uitstroom reason when the decision is an afwijzing; defaults to 'Voldoet niet'. */
  readonly closeReason?: UitstroomReason;
}

export interface ChangePhase {
  readonly type: 'change-phase';
  readonly to: Phase;
  readonly at: Date;
}

export interface MakeReferral {
  readonly type: 'make-referral';
  readonly referralId: string;
  /** Organisation URN, e.g. urn:nld:ketenpad:social-work:mw-amsterdam-noord. */
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly consentRef?: string;
  /** When the referral was made: now, or earlier on the municipality's own system; not before the help request. */
  readonly at: Date;
}

export interface ClosePathway {
  readonly type: 'close-pathway';
  readonly reason: UitstroomReason;
  readonly at: Date;
}

/**
 * Another organisation (GP, social work) referred a resident to this
 * municipality. Addressed to the pathway the referral is taken into: the
 * referral's own pathway (new, or already known here), or an existing open
 * pathway of the same resident (a merge).
 */
export interface AcceptReferral {
  readonly type: 'accept-referral';
  readonly referralId: string;
  /** URN of the referring organisation. */
  readonly fromOrg: string;
  /** The pathway id the referral was made on. */
  readonly referralPathwayId: string;
  /** An urgent referral is a crisis for the Wgs term: 3 working days. */
  readonly urgent: boolean;
  /** When the referral was made: the help request's date, so the Wgs term counts from here. */
  readonly referredAt: Date;
  readonly acceptedAt: Date;
}

/** The resident consented to an organisation seeing the pathway's events. */
export interface RecordConsent {
  readonly type: 'record-consent';
  readonly consentId: string;
  /** Organisation URN of the grantee. */
  readonly grantee: string;
  readonly purpose: ConsentPurpose;
  readonly scope: readonly ConsentScope[];
  /** Last valid day 'YYYY-MM-DD', or null: until withdrawn. */
  readonly validUntil: string | null;
  readonly at: Date;
}

/** The resident withdrew a consent; possible at any time, also after closure (AVG art. 7(3)). */
export interface WithdrawConsent {
  readonly type: 'withdraw-consent';
  readonly consentId: string;
  readonly at: Date;
}

/** An outreach attempt (DDAS contactpoging); also before the first conversation and on a signalled pathway. */
export interface AttemptContact {
  readonly type: 'attempt-contact';
  readonly kind: ContactKind;
  readonly reached: boolean;
  readonly at: Date;
}

/** The resident's answer to the offer of help that follows an early signal. */
export interface AnswerHelpOffer {
  readonly type: 'answer-help-offer';
  readonly answer: 'accepted' | 'declined';
  readonly at: Date;
}

export interface StartCrisisIntervention {
  readonly type: 'start-crisis-intervention';
  readonly threat: CrisisType;
  readonly at: Date;
}

export interface EndCrisisIntervention {
  readonly type: 'end-crisis-intervention';
  /** Which intervention; may be left out when exactly one runs. */
  readonly threat?: CrisisType;
  readonly at: Date;
}

export interface SetPlanOfAction {
  readonly type: 'set-plan-of-action';
  readonly supportTypes: readonly SupportKind[];
  readonly at: Date;
}

export interface StartStabilisation {
  readonly type: 'start-stabilisation';
  readonly at: Date;
}

export interface ReachStabilisation {
  readonly type: 'reach-stabilisation';
  readonly at: Date;
}

export interface StartGuidance {
  readonly type: 'start-guidance';
  readonly kind: GuidanceKind;
  readonly at: Date;
}

export interface EndGuidance {
  readonly type: 'end-guidance';
  readonly kind: GuidanceKind;
  readonly at: Date;
}

export interface InventoryDebts {
  readonly type: 'inventory-debts';
  readonly creditorCount: number;
  readonly totalDebtCents: number;
  readonly debtTypes: readonly DebtType[];
  readonly at: Date;
}

export interface ProposeSettlement {
  readonly type: 'propose-settlement';
  readonly solutionKind: SolutionKind;
  /** Vrij te laten bedrag per month, euro cents. */
  readonly vtlbCents: number;
  readonly termMonths: number;
  readonly at: Date;
}

export interface RecordCreditorResponse {
  readonly type: 'record-creditor-response';
  readonly response: CreditorResponse;
  readonly at: Date;
}

/** The one decision on a pending settlement proposal. */
export interface DecideSettlement {
  readonly type: 'decide-settlement';
  readonly decision: 'granted' | 'rejected' | 'withdrawn';
  readonly at: Date;
}

export interface StartRepayment {
  readonly type: 'start-repayment';
  readonly at: Date;
}

export interface CompleteRepayment {
  readonly type: 'complete-repayment';
  readonly at: Date;
}

export interface StartAftercare {
  readonly type: 'start-aftercare';
  readonly at: Date;
}

export interface EndAftercare {
  readonly type: 'end-aftercare';
  readonly at: Date;
}

/** Commands of the trajectory after the aanmelding (trajectory.decider.ts). */
export type TrajectoryCommand =
  | AttemptContact
  | AnswerHelpOffer
  | StartCrisisIntervention
  | EndCrisisIntervention
  | SetPlanOfAction
  | StartStabilisation
  | ReachStabilisation
  | StartGuidance
  | EndGuidance
  | InventoryDebts
  | ProposeSettlement
  | RecordCreditorResponse
  | DecideSettlement
  | StartRepayment
  | CompleteRepayment
  | StartAftercare
  | EndAftercare;

export type PathwayCommand =
  | RegisterHelpRequest
  | ReceiveEarlySignal
  | ReportCrisis
  | HoldFirstConversation
  | DecideIntake
  | ChangePhase
  | MakeReferral
  | ClosePathway
  | AcceptReferral
  | RecordConsent
  | WithdrawConsent
  | TrajectoryCommand;
