import type {
  Beschikkingssoort,
  Channel,
  ConsentPurpose,
  ConsentScope,
  Crisis,
  Phase,
  ReferralReason,
  SignalPartnerType,
  UitstroomReason,
} from './pathway.codes';
import type { PathwayEvent } from './pathway.events';

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
    closure: null,
  };
}

const CRISIS_REASONS: ReadonlySet<string> = new Set(['crisis-reported', 'urgent-situation-flagged']);

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
        // A deadline brought forward by a crisis marks the pathway as one. The event
        // does not name the threat (contract), so a pathway without a crisis so far
        // becomes `other`; a known crisis keeps its type.
        crisis: CRISIS_REASONS.has(event.data.reason) ? (state.crisis ?? { type: 'other' }) : state.crisis,
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
      return { ...state, receivedReferrals: { ...state.receivedReferrals, [referralId]: { fromOrg: fromOrg ?? null, acceptedAt: at } } };
    }
    case 'pathway-merged':
      // A fact about the referral's own pathway id, not about this pathway.
      return state;
    case 'consent-recorded': {
      const { consentId, grantee, purpose, scope, validUntil, at } = event.data;
      return {
        ...state,
        consents: { ...state.consents, [consentId]: { grantee, purpose, scope: [...scope], validUntil, recordedAt: at, withdrawnAt: null } },
      };
    }
    case 'consent-withdrawn': {
      const consent = state.consents[event.data.consentId];
      if (!consent) return state;
      return { ...state, consents: { ...state.consents, [event.data.consentId]: { ...consent, withdrawnAt: event.data.at } } };
    }
    case 'pathway-closed':
      return {
        ...state,
        status: 'closed',
        closure: { reason: event.data.reason, phaseAtClose: event.data.phaseAtClose, at: event.data.at },
      };
  }
}

/** Folds events onto a state (Emmett's aggregateStream without I/O). */
export function evolveAll(state: PathwayState, events: readonly PathwayEvent[]): PathwayState {
  return events.reduce(evolve, state);
}
