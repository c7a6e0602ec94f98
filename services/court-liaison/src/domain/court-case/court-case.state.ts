import type { Instrument, ReferralReason } from './court-case.codes';
import type { CourtCaseEvent } from './court-case.events';
import { evolveForcedSettlement, NO_FORCED_SETTLEMENT, type ForcedSettlementState } from './forced-settlement.machine';
import { evolveMoratorium, NO_MORATORIUM, type MoratoriumState } from './moratorium.machine';
import {
  evolveProtectiveAdministration,
  NO_PROTECTIVE_ADMINISTRATION,
  type ProtectiveAdministrationState,
} from './protective-administration.machine';
import { evolveWsnp, NO_WSNP, type WsnpState } from './wsnp.machine';

/** A referral this court liaison received for the pathway, and what it did with it. */
export interface ReceivedReferral {
  readonly referralId: string;
  /** URN of the referring organisation. */
  readonly fromOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  /** When the referrer made it; absent on referrals received before it was kept. */
  readonly madeAt?: string;
  readonly receivedAt: string;
  readonly status: 'received' | 'accepted' | 'declined';
}

/**
 * The court case of one pathway at one court liaison (organisation). `new`
 * exists only before the first event; a case closes when every referral that
 * opened it was declined (and the court liaison did not open it itself).
 */
export interface CourtCaseState {
  readonly pathwayId: string;
  readonly organisationId: string;
  readonly status: 'new' | 'open' | 'closed';
  /** True when the court liaison took up the pathway again on its own initiative (reopened its closed case). */
  readonly openedDirectly: boolean;
  readonly openedAt: string | null;
  readonly referrals: readonly ReceivedReferral[];
  readonly moratorium: MoratoriumState;
  readonly provisionalMeasure: { readonly grantedAt: string; readonly endsAt: string } | null;
  readonly forcedSettlement: ForcedSettlementState;
  readonly wsnp: WsnpState;
  readonly protectiveAdministration: ProtectiveAdministrationState;
  readonly hearings: readonly { readonly at: string; readonly instrument: Instrument }[];
}

export function initialCourtCaseState(pathwayId: string, organisationId: string): CourtCaseState {
  return {
    pathwayId,
    organisationId,
    status: 'new',
    openedDirectly: false,
    openedAt: null,
    referrals: [],
    moratorium: NO_MORATORIUM,
    provisionalMeasure: null,
    forcedSettlement: NO_FORCED_SETTLEMENT,
    wsnp: NO_WSNP,
    protectiveAdministration: NO_PROTECTIVE_ADMINISTRATION,
    hearings: [],
  };
}

/** True once any court procedure was started for the case. */
export function hasProceedings(state: CourtCaseState): boolean {
  return (
    state.moratorium.status !== 'none' ||
    state.provisionalMeasure !== null ||
    state.forcedSettlement.status !== 'none' ||
    state.wsnp.status !== 'none' ||
    state.protectiveAdministration.status !== 'none' ||
    state.hearings.length > 0
  );
}

/** Applies one fact to the case. Pure. */
export function evolve(state: CourtCaseState, event: CourtCaseEvent): CourtCaseState {
  switch (event.type) {
    case 'case-opened':
      return {
        ...state,
        status: 'open',
        openedDirectly: state.openedDirectly || event.data.via === 'direct',
        openedAt: state.status === 'open' ? state.openedAt : event.data.at,
      };
    case 'referral-received':
      return {
        ...state,
        referrals: [
          ...state.referrals,
          {
            referralId: event.data.referralId,
            fromOrg: event.data.fromOrg,
            reason: event.data.reason,
            urgent: event.data.urgent,
            madeAt: event.data.madeAt,
            receivedAt: event.data.at,
            status: 'received',
          },
        ],
      };
    case 'referral-accepted':
      return withReferralStatus(state, event.data.referralId, 'accepted');
    case 'referral-declined': {
      const next = withReferralStatus(state, event.data.referralId, 'declined');
      const allDeclined = next.referrals.every((r) => r.status === 'declined');
      return !next.openedDirectly && allDeclined ? { ...next, status: 'closed' } : next;
    }
    case 'moratorium-requested':
    case 'moratorium-granted':
    case 'moratorium-rejected':
    case 'moratorium-ended':
      return { ...state, moratorium: evolveMoratorium(state.moratorium, event) };
    case 'provisional-measure-granted':
      return { ...state, provisionalMeasure: { grantedAt: event.data.at, endsAt: event.data.endsAt } };
    case 'forced-settlement-requested':
    case 'forced-settlement-decided':
      return { ...state, forcedSettlement: evolveForcedSettlement(state.forcedSettlement, event) };
    case 'wsnp-petition-filed':
    case 'wsnp-admitted':
    case 'wsnp-rejected':
    case 'wsnp-ended':
      return { ...state, wsnp: evolveWsnp(state.wsnp, event) };
    case 'protective-administration-requested':
    case 'protective-administration-ordered':
    case 'protective-administration-lifted':
      return {
        ...state,
        protectiveAdministration: evolveProtectiveAdministration(state.protectiveAdministration, event),
      };
    case 'hearing-scheduled':
      return { ...state, hearings: [...state.hearings, { at: event.data.at, instrument: event.data.instrument }] };
  }
}

export function evolveAll(state: CourtCaseState, events: readonly CourtCaseEvent[]): CourtCaseState {
  return events.reduce(evolve, state);
}

function withReferralStatus(
  state: CourtCaseState,
  referralId: string,
  status: ReceivedReferral['status'],
): CourtCaseState {
  return { ...state, referrals: state.referrals.map((r) => (r.referralId === referralId ? { ...r, status } : r)) };
}
