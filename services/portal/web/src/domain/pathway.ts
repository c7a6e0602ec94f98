import { CODE_LISTS } from '@ketenpad/contracts';

/**
 * The municipality's own view of a pathway (`GET /api/v1/pathways/:id`):
 * PathwayView in services/municipality/src/application/pathway.query.ts, i.e.
 * PathwayState (domain/pathway/pathway.state.ts) plus the resident with the BSN masked.
 */
export interface MunicipalityPathway {
  pathwayId: string;
  municipalityCode: string;
  status: 'new' | 'signalled' | 'open' | 'closed';
  /** Null while the pathway only has early signals. */
  phase: Phase | null;
  phaseSince: string | null;
  channel: string | null;
  requestedAt: string | null;
  crisis: { type: string } | null;
  /** Wgs deadline, `YYYY-MM-DD`. */
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  firstConversationDeadlineMet: boolean | null;
  /** Toelatingsbeschikking or Afwijzingsbeschikking. */
  intakeDecision: string | null;
  intakeDecidedAt: string | null;
  referrals: Record<string, { toOrg: string; reason: string; urgent: boolean; warm: boolean; at: string }>;
  consents: Record<
    string,
    {
      grantee: string;
      purpose: string;
      scope: string[];
      validUntil: string | null;
      recordedAt: string;
      withdrawnAt: string | null;
    }
  >;
  trajectory: Trajectory;
  closure: { reason: string; phaseAtClose: string; at: string } | null;
  /** Null after erasure. */
  resident: {
    bsn: string;
    contact: {
      name?: string;
      phone?: string;
      email?: string;
      address?: { street?: string; houseNumber?: string; postalCode?: string; city?: string };
    };
  } | null;
}

interface Span {
  startedAt: string;
  endedAt: string | null;
}

/** The part of the trajectory the actions depend on (pathway.state.ts, Trajectory). */
export interface Trajectory {
  planOfAction: { supportTypes: string[]; at: string } | null;
  stabilisation: Span | null;
  debts: { creditorCount: number; totalDebtCents: number; debtTypes: string[]; at: string } | null;
  settlement: {
    solutionKind: string;
    vtlbCents: number;
    termMonths: number;
    proposedAt: string;
    status: 'pending' | 'granted' | 'rejected' | 'withdrawn';
    decidedAt: string | null;
  } | null;
  repayment: Span | null;
  aftercare: Span | null;
}

/** The chain's view (`GET /api/v1/pathways/:id/timeline` of the timeline service, timeline.responses.ts). */
export interface ChainTimeline {
  pathwayId: string;
  pathway: ChainSummary;
  events: ChainEvent[];
}

export interface ChainSummary {
  pathwayId: string;
  municipalityCode: string | null;
  phase: string;
  crisis: string | null;
  legalStatus: string | null;
  owner: string | null;
  participants?: string[];
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  firstConversationDeadlineMet?: boolean | null;
  referrals: ChainReferral[];
  consents: {
    consentId: string;
    grantee: string;
    scope: string[];
    validUntil: string | null;
    withdrawnAt: string | null;
  }[];
  openDeadlines: { kind: string; due: string; referralId?: string }[];
  flags: { kind: string; referralId?: string; due?: string }[];
  mergedInto?: string | null;
  closedAt: string | null;
  closeReason?: string | null;
  startedAt?: string;
  lastEventAt?: string;
}

export interface ChainReferral {
  referralId: string;
  fromOrg: string | null;
  toOrg: string | null;
  madeAt: string | null;
  status: 'waiting' | 'accepted' | 'declined';
  answeredAt?: string;
  firstContactAt?: string;
  declineReason?: string;
  bounce: boolean;
}

export interface ChainEvent {
  eventId: string;
  type: string;
  source: string;
  organisationKind?: string;
  organisationId?: string;
  classification: string;
  occurredAt: string;
  /** One English line from the timeline service: the fallback when the catalogue has no Dutch text. */
  summary: string;
  data?: Record<string, unknown>;
}

/** The chain-wide access log (`GET /api/v1/pathways/:id/access-log` of the municipality, access-log.controller.ts). */
export interface ChainAccessLog {
  pathwayId: string;
  rows: {
    service: string;
    id: string;
    occurredAt: string;
    pathwayId: string;
    /** The reader's opaque user id. */
    subject: string;
    organisationId: string;
    organisationKind: string;
    roles: string[];
    resource: string;
    classifications: string[];
    purpose: string;
    correlationId: string | null;
  }[];
  /** Services that could not be asked: their reads are missing. */
  incomplete: string[];
}

/** Progress of an erasure (`GET /api/v1/pathways/:id/personal-data/erasure`, erasure.controller.ts). */
export interface ErasureStatus {
  erasureId: string;
  pathwayId: string;
  requestedAt: string;
  status: 'pending' | 'completed';
  services: { service: string; completedAt: string | null }[];
}

export const PHASES = CODE_LISTS.pathway.phase;
export type Phase = (typeof PHASES)[number];

/** DDAS uitstroomredenen (ClosureDto.reason), spelled as DDAS spells them. */
export const UITSTROOM_REASONS = CODE_LISTS.ddasCodes.uitstroomreden;
/** Coded referral reasons (ReferralDto.reason). */
export const REFERRAL_REASONS = CODE_LISTS.referral.reason;
/** Kinds of support a plan van aanpak names (PlanOfActionDto.supportTypes). */
export const SUPPORT_KINDS = CODE_LISTS.pathway.supportKind;
/** DDAS schuldensoorten (DebtsDto.debtTypes). */
export const DEBT_TYPES = CODE_LISTS.ddasCodes.schuldensoort;
/** DDAS oplossingssoorten (SettlementProposalDto.solutionKind). */
export const SOLUTION_KINDS = CODE_LISTS.ddasCodes.oplossingssoort;
/** Why a partner declines a referral. */
export const DECLINE_REASONS = CODE_LISTS.referral.declineReason;

/** The organisations a counsellor refers to from the portal (ReferralDto.toOrg). */
export const REFERRAL_TARGETS = [
  { urn: 'urn:nld:ketenpad:social-work:SW-AMS', label: 'pathway.action.refer.socialWork' },
  { urn: 'urn:nld:ketenpad:court-liaison:RB-AMS', label: 'pathway.action.refer.court' },
] as const;

/**
 * The phase moves a counsellor may make by hand, mirrored from the
 * municipality's rule table (services/municipality/src/domain/pathway/
 * phase-transition.rule.ts, MANUAL_PHASE_TRANSITIONS). Every other move is
 * driven by a recorded fact (first conversation → intake, toelating → plan van
 * aanpak, …), which is why those facts are actions of their own below.
 */
export const MANUAL_PHASE_TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  aanmelding: [],
  intake: [],
  'plan-van-aanpak': ['stabilisatie', 'oplossing'],
  stabilisatie: ['oplossing'],
  oplossing: [],
  aflossing: [],
  nazorg: [],
  uitstroom: [],
};

export type PathwayAction =
  | 'first-conversation'
  | 'intake-decision'
  | 'plan-of-action'
  | 'stabilisation-start'
  | 'stabilisation-reached'
  | 'debts'
  | 'settlement-proposal'
  | 'settlement-decision'
  | 'repayment-start'
  | 'repayment-complete'
  | 'aftercare-start'
  | 'aftercare-end'
  | 'phase-transition'
  | 'referral'
  | 'closure';

function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}

/**
 * The actions the counsellor is offered for a pathway in its current state —
 * one small client-side table mirroring the municipality's deciders
 * (services/municipality/src/domain/pathway/pathway.decider.ts,
 * trajectory.decider.ts and phase-transition.rule.ts). The service stays the
 * authority: anything it refuses comes back as its 409 and is shown as it words it.
 */
export function availableActions(pathway: MunicipalityPathway): PathwayAction[] {
  if (pathway.status !== 'open' || !pathway.phase || pathway.phase === 'uitstroom') return [];
  const { phase } = pathway;
  const { stabilisation, debts, settlement, repayment, aftercare } = pathway.trajectory;
  const at = phaseIndex(phase);
  const actions: PathwayAction[] = [];
  const settled = settlement?.status === 'pending' || settlement?.status === 'granted';

  if (phase === 'aanmelding' && !pathway.firstConversationHeldAt) actions.push('first-conversation');
  if (phase === 'intake' && !pathway.intakeDecision) actions.push('intake-decision');
  // A plan van aanpak is set from the toelating on, and may be revised.
  if (at >= phaseIndex('plan-van-aanpak') && at <= phaseIndex('oplossing')) actions.push('plan-of-action');
  if ((phase === 'plan-van-aanpak' || phase === 'stabilisatie') && !stabilisation) actions.push('stabilisation-start');
  if (stabilisation && stabilisation.endedAt === null) actions.push('stabilisation-reached');
  // The saldo-inventarisatie: from the intake on, not while a proposal built on it is pending or granted.
  if (at >= phaseIndex('intake') && at <= phaseIndex('oplossing') && !settled) actions.push('debts');
  if (
    (phase === 'plan-van-aanpak' || phase === 'stabilisatie' || phase === 'oplossing') &&
    !settled &&
    debts !== null &&
    debts.creditorCount > 0
  )
    actions.push('settlement-proposal');
  if (settlement?.status === 'pending') actions.push('settlement-decision');
  if (phase === 'oplossing' && settlement?.status === 'granted' && !repayment) actions.push('repayment-start');
  if (repayment && repayment.endedAt === null) actions.push('repayment-complete');
  const aftercareMayStart =
    (phase === 'stabilisatie' && (!stabilisation || stabilisation.endedAt !== null)) ||
    (phase === 'oplossing' && settlement?.status !== 'pending') ||
    (phase === 'aflossing' && repayment !== null && repayment.endedAt !== null);
  if (!aftercare && aftercareMayStart) actions.push('aftercare-start');
  if (aftercare && aftercare.endedAt === null) actions.push('aftercare-end');
  if (MANUAL_PHASE_TRANSITIONS[phase].length > 0) actions.push('phase-transition');
  actions.push('referral', 'closure');
  return actions;
}
