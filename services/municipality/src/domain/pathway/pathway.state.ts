import type {
  Beschikkingssoort,
  Channel,
  ConsentPurpose,
  ConsentScope,
  ContactKind,
  Crisis,
  CrisisType,
  DebtType,
  GuidanceKind,
  Phase,
  ReferralReason,
  SignalPartnerType,
  SolutionKind,
  SupportKind,
  UitstroomReason,
} from './pathway.codes';
import type { PathwayEvent, TrajectoryEvent } from './pathway.events';

/**
 * - `new`: nothing happened yet (the state a command sees for a pathway that does not exist);
 * - `signalled`: only early signals, no help request yet (no Wgs term runs);
 * - `open`: a help request is registered;
 * - `closed`: uitstroom; nothing can change any more.
 */
export type PathwayStatus = 'new' | 'signalled' | 'open' | 'closed';

export interface EarlySignal {
  readonly signalPartnerType: SignalPartnerType;
  readonly arrearsCents: number;
  readonly arrearsSince: string;
  readonly signalledAt: string;
  readonly crisis: Crisis | null;
  readonly warmHandover: boolean;
}

export interface Referral {
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly at: string;
}

/** A referral from another organisation that this pathway took in. */
export interface ReceivedReferral {
  /** URN of the referring organisation. */
  readonly fromOrg: string | null;
  readonly acceptedAt: string;
}

export interface Consent {
  readonly grantee: string;
  readonly purpose: ConsentPurpose;
  readonly scope: readonly ConsentScope[];
  readonly validUntil: string | null;
  readonly recordedAt: string;
  /** Null while the consent stands. */
  readonly withdrawnAt: string | null;
}

export interface Closure {
  readonly reason: UitstroomReason;
  readonly phaseAtClose: Phase;
  readonly at: string;
}

/** Something that started and may have ended (stabilisation, repayment, aftercare). */
export interface Span {
  readonly startedAt: string;
  /** Null while it runs. */
  readonly endedAt: string | null;
}

/** A guidance or crisis intervention of one kind, from its start to its end (null while it runs). */
export interface KindSpan<K extends string> extends Span {
  readonly kind: K;
}

/** One outreach attempt (DDAS vroegsignalering contactpoging). */
export interface ContactAttempt {
  readonly kind: ContactKind;
  readonly reached: boolean;
  readonly at: string;
}

export interface ContactAttempts {
  readonly count: number;
  /** When the resident was last actually reached; null while never reached. */
  readonly lastReachedAt: string | null;
  readonly lastKind: ContactKind | null;
  /** Every attempt in order: the early-signal delivery reports each one. */
  readonly log: readonly ContactAttempt[];
}

export interface HelpOfferAnswer {
  readonly answer: 'accepted' | 'declined';
  readonly at: string;
  /** Last day creditors pause collection ('YYYY-MM-DD'); null after a decline. */
  readonly collectionPausedUntil: string | null;
}

export interface PlanOfAction {
  readonly supportTypes: readonly SupportKind[];
  readonly at: string;
}

export interface DebtInventory {
  readonly creditorCount: number;
  readonly totalDebtCents: number;
  readonly debtTypes: readonly DebtType[];
  readonly at: string;
}

/**
 * The current (or last) settlement proposal: `pending` from settlement-proposed
 * until exactly one decision (granted, rejected or withdrawn).
 */
export interface Settlement {
  readonly solutionKind: SolutionKind;
  readonly vtlbCents: number;
  readonly termMonths: number;
  readonly proposedAt: string;
  readonly status: 'pending' | 'granted' | 'rejected' | 'withdrawn';
  readonly decidedAt: string | null;
  /** Creditor answers so far, counted per response. */
  readonly responses: { readonly accepted: number; readonly refused: number; readonly 'no-cooperation': number };
}

/** The trajectory after the aanmelding: everything the counsellor records on the way to nazorg. */
export interface Trajectory {
  readonly contactAttempts: ContactAttempts;
  /** The resident's answer to the offer of help after an early signal. */
  readonly helpOffer: HelpOfferAnswer | null;
  /** Running crisis interventions by threat (start instant). */
  readonly crisisInterventions: Readonly<Partial<Record<CrisisType, string>>>;
  /** Every crisis intervention, running or ended, in start order: DDAS reports ended ones too. */
  readonly crisisInterventionHistory: readonly KindSpan<CrisisType>[];
  /** The latest plan van aanpak (a plan may be revised). */
  readonly planOfAction: PlanOfAction | null;
  readonly stabilisation: Span | null;
  /** Running guidance by DDAS begeleidingssoort (start instant). */
  readonly guidance: Readonly<Partial<Record<GuidanceKind, string>>>;
  /** Every guidance, running or ended, in start order: DDAS reports ended ones too. */
  readonly guidanceHistory: readonly KindSpan<GuidanceKind>[];
  /** The latest saldo-inventarisatie. */
  readonly debts: DebtInventory | null;
  readonly settlement: Settlement | null;
  readonly repayment: Span | null;
  readonly aftercare: Span | null;
}

export const INITIAL_TRAJECTORY: Trajectory = {
  contactAttempts: { count: 0, lastReachedAt: null, lastKind: null, log: [] },
  helpOffer: null,
  crisisInterventions: {},
  crisisInterventionHistory: [],
  planOfAction: null,
  stabilisation: null,
  guidance: {},
  guidanceHistory: [],
  debts: null,
  settlement: null,
  repayment: null,
  aftercare: null,
};

/** The schuldhulptraject of one resident in one municipality. */
export interface PathwayState {
  readonly pathwayId: string;
  /** CBS code of the owning municipality, e.g. GM0363. */
  readonly municipalityCode: string;
  readonly status: PathwayStatus;
  /** Null until a help request is registered. */
  readonly phase: Phase | null;
  /** Instant of the last phase change. */
  readonly phaseSince: string | null;
  readonly channel: Channel | null;
  readonly requestedAt: string | null;
  readonly crisis: Crisis | null;
  /** Wgs deadline, 'YYYY-MM-DD'. */
  readonly firstConversationDue: string | null;
  readonly firstConversationHeldAt: string | null;
  readonly firstConversationDeadlineMet: boolean | null;
  readonly intakeDecision: Beschikkingssoort | null;
  readonly intakeDecidedAt: string | null;
  readonly earlySignals: readonly EarlySignal[];
  /** Referrals made by this municipality, by referralId. */
  readonly referrals: Readonly<Record<string, Referral>>;
  /** Referrals from other organisations taken into this pathway, by referralId. */
  readonly receivedReferrals: Readonly<Record<string, ReceivedReferral>>;
  /** Consents of the resident, by consentId. */
  readonly consents: Readonly<Record<string, Consent>>;
  readonly trajectory: Trajectory;
  readonly closure: Closure | null;
}

export function initialPathwayState(pathwayId: string, municipalityCode: string): PathwayState {
  return {
    pathwayId,
    municipalityCode,
    status: 'new',
    phase: null,
    phaseSince: null,
    channel: null,
    requestedAt: null,
    crisis: null,
    firstConversationDue: null,
    firstConversationHeldAt: null,
    firstConversationDeadlineMet: null,
    intakeDecision: null,
    intakeDecidedAt: null,
    earlySignals: [],
    referrals: {},
    receivedReferrals: {},
    consents: {},
    trajectory: INITIAL_TRAJECTORY,
    closure: null,
  };
}

const CRISIS_REASONS: ReadonlySet<string> = new Set(['crisis-reported', 'urgent-situation-flagged']);

/**
 * The pathway's crisis once a crisis brought its deadline forward: a threat
 * already known stays (the one the pathway was registered with); an unknown
 * one (`other`, e.g. from an urgent referral) gives way to the threat the event
 * names. Events from before the contract named the threat leave `other`.
 */
function crisisAfter(known: Crisis | null, threat: CrisisType | undefined): Crisis {
  if (known !== null && known.type !== 'other') return known;
  return { type: threat ?? known?.type ?? 'other' };
}

export function evolve(state: PathwayState, event: PathwayEvent): PathwayState {
  switch (event.type) {
    case 'help-requested':
      return {
        ...state,
        status: 'open',
        channel: event.data.channel,
        requestedAt: event.data.requestedAt,
        crisis: event.data.crisis,
        firstConversationDue: event.data.firstConversationDue,
      };
    case 'early-signal-received':
      return {
        ...state,
        status: state.status === 'new' ? 'signalled' : state.status,
        earlySignals: [...state.earlySignals, { ...event.data }],
      };
    case 'deadline-changed':
      return {
        ...state,
        firstConversationDue: event.data.firstConversationDue,
        crisis: CRISIS_REASONS.has(event.data.reason) ? crisisAfter(state.crisis, event.data.threat) : state.crisis,
      };
    case 'first-conversation-held':
      return {
        ...state,
        firstConversationHeldAt: event.data.heldAt,
        firstConversationDeadlineMet: event.data.deadlineMet,
      };
    case 'intake-decided':
      return { ...state, intakeDecision: event.data.decision, intakeDecidedAt: event.data.decidedAt };
    case 'phase-changed':
      return { ...state, phase: event.data.to, phaseSince: event.data.at };
    case 'referral-made': {
      const { referralId, toOrg, reason, urgent, warm, at } = event.data;
      return { ...state, referrals: { ...state.referrals, [referralId]: { toOrg, reason, urgent, warm, at } } };
    }
    case 'referral-accepted': {
      const { referralId, fromOrg, at } = event.data;
      return {
        ...state,
        receivedReferrals: { ...state.receivedReferrals, [referralId]: { fromOrg: fromOrg ?? null, acceptedAt: at } },
      };
    }
    case 'pathway-merged':
      // A fact about the referral's own pathway id, not about this pathway.
      return state;
    case 'consent-recorded': {
      const { consentId, grantee, purpose, scope, validUntil, at } = event.data;
      return {
        ...state,
        consents: {
          ...state.consents,
          [consentId]: { grantee, purpose, scope: [...scope], validUntil, recordedAt: at, withdrawnAt: null },
        },
      };
    }
    case 'consent-withdrawn': {
      const consent = state.consents[event.data.consentId];
      if (!consent) return state;
      return {
        ...state,
        consents: { ...state.consents, [event.data.consentId]: { ...consent, withdrawnAt: event.data.at } },
      };
    }
    case 'pathway-closed':
      return {
        ...state,
        status: 'closed',
        closure: { reason: event.data.reason, phaseAtClose: event.data.phaseAtClose, at: event.data.at },
      };
    default:
      return { ...state, trajectory: evolveTrajectory(state.trajectory, event) };
  }
}

/** The trajectory part of evolve: one fact at a time, never a decision. */
function evolveTrajectory(t: Trajectory, event: TrajectoryEvent): Trajectory {
  switch (event.type) {
    case 'contact-attempted': {
      const { kind, reached, at } = event.data;
      return {
        ...t,
        contactAttempts: {
          count: t.contactAttempts.count + 1,
          lastReachedAt: reached ? at : t.contactAttempts.lastReachedAt,
          lastKind: kind,
          log: [...t.contactAttempts.log, { kind, reached, at }],
        },
      };
    }
    case 'help-offer-accepted':
      return {
        ...t,
        helpOffer: { answer: 'accepted', at: event.data.at, collectionPausedUntil: event.data.collectionPausedUntil },
      };
    case 'help-offer-declined':
      return { ...t, helpOffer: { answer: 'declined', at: event.data.at, collectionPausedUntil: null } };
    case 'crisis-intervention-started':
      return {
        ...t,
        crisisInterventions: { ...t.crisisInterventions, [event.data.threat]: event.data.at },
        crisisInterventionHistory: [
          ...t.crisisInterventionHistory,
          { kind: event.data.threat, startedAt: event.data.at, endedAt: null },
        ],
      };
    case 'crisis-intervention-ended': {
      const { [event.data.threat]: _ended, ...running } = t.crisisInterventions;
      return {
        ...t,
        crisisInterventions: running,
        crisisInterventionHistory: endRunning(t.crisisInterventionHistory, event.data.threat, event.data.at),
      };
    }
    case 'plan-of-action-set':
      return { ...t, planOfAction: { supportTypes: [...event.data.supportTypes], at: event.data.at } };
    case 'stabilisation-started':
      return { ...t, stabilisation: { startedAt: event.data.at, endedAt: null } };
    case 'stabilisation-reached':
      return { ...t, stabilisation: t.stabilisation && { ...t.stabilisation, endedAt: event.data.at } };
    case 'guidance-started':
      return {
        ...t,
        guidance: { ...t.guidance, [event.data.kind]: event.data.at },
        guidanceHistory: [...t.guidanceHistory, { kind: event.data.kind, startedAt: event.data.at, endedAt: null }],
      };
    case 'guidance-ended': {
      const { [event.data.kind]: _ended, ...running } = t.guidance;
      return {
        ...t,
        guidance: running,
        guidanceHistory: endRunning(t.guidanceHistory, event.data.kind, event.data.at),
      };
    }
    case 'debts-inventoried': {
      const { creditorCount, totalDebtCents, debtTypes, at } = event.data;
      return { ...t, debts: { creditorCount, totalDebtCents, debtTypes: [...debtTypes], at } };
    }
    case 'settlement-proposed': {
      const { solutionKind, vtlbCents, termMonths, at } = event.data;
      return {
        ...t,
        settlement: {
          solutionKind,
          vtlbCents,
          termMonths,
          proposedAt: at,
          status: 'pending',
          decidedAt: null,
          responses: { accepted: 0, refused: 0, 'no-cooperation': 0 },
        },
      };
    }
    case 'creditor-responded':
      return {
        ...t,
        settlement: t.settlement && {
          ...t.settlement,
          responses: {
            ...t.settlement.responses,
            [event.data.response]: t.settlement.responses[event.data.response] + 1,
          },
        },
      };
    case 'settlement-granted':
      return { ...t, settlement: t.settlement && { ...t.settlement, status: 'granted', decidedAt: event.data.at } };
    case 'settlement-rejected':
      return { ...t, settlement: t.settlement && { ...t.settlement, status: 'rejected', decidedAt: event.data.at } };
    case 'settlement-withdrawn':
      return { ...t, settlement: t.settlement && { ...t.settlement, status: 'withdrawn', decidedAt: event.data.at } };
    case 'repayment-started':
      return { ...t, repayment: { startedAt: event.data.at, endedAt: null } };
    case 'repayment-completed':
      return { ...t, repayment: t.repayment && { ...t.repayment, endedAt: event.data.at } };
    case 'aftercare-started':
      return { ...t, aftercare: { startedAt: event.data.at, endedAt: null } };
    case 'aftercare-ended':
      return { ...t, aftercare: t.aftercare && { ...t.aftercare, endedAt: event.data.at } };
  }
}

/** Ends the running span of `kind` (the decider allows one running span per kind). */
function endRunning<K extends string>(history: readonly KindSpan<K>[], kind: K, at: string): readonly KindSpan<K>[] {
  const running = history.findLastIndex((span) => span.kind === kind && span.endedAt === null);
  return running < 0 ? history : history.map((span, i) => (i === running ? { ...span, endedAt: at } : span));
}

/** Folds events onto a state (Emmett's aggregateStream without I/O). */
export function evolveAll(state: PathwayState, events: readonly PathwayEvent[]): PathwayState {
  return events.reduce(evolve, state);
}
