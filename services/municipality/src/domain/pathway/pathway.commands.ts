import type {
  Channel,
  Crisis,
  IntakeDecision,
  Phase,
  ReferralReason,
  SignalPartnerType,
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
  readonly at: Date;
}

export interface ClosePathway {
  readonly type: 'close-pathway';
  readonly reason: UitstroomReason;
  readonly at: Date;
}

export type PathwayCommand =
  | RegisterHelpRequest
  | ReceiveEarlySignal
  | ReportCrisis
  | HoldFirstConversation
  | DecideIntake
  | ChangePhase
  | MakeReferral
  | ClosePathway;
