import type {
  Beschikkingssoort,
  Channel,
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
  /** By referralId. */
  readonly referrals: Readonly<Record<string, Referral>>;
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
    closure: null,
  };
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
      return { ...state, firstConversationDue: event.data.firstConversationDue };
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
