import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation, InvalidCourtCommand } from '../court-case.errors';
import { courtLiaisonUrn } from './court-case.codes';
import type {
  AcceptReferral,
  CourtCaseCommand,
  DeclineReferral,
  GrantProvisionalMeasure,
  OpenCase,
  ReceiveReferral,
  ScheduleHearing,
} from './court-case.commands';
import type { CourtCaseEvent } from './court-case.events';
import { decideForcedSettlement } from './forced-settlement.machine';
import { decideMoratorium } from './moratorium.machine';
import { decideProtectiveAdministration } from './protective-administration.machine';
import { hasProceedings, type CourtCaseState, type ReceivedReferral } from './court-case.state';
import { decideWsnp } from './wsnp.machine';

/**
 * Decides which facts a command produces for a court case, or throws a
 * {@link DomainRuleViolation} (impossible in this state) or an
 * {@link InvalidCourtCommand} (contradictory values). Pure: no I/O, no clock.
 * An empty result means "already done" (an idempotent repeat).
 */
export function decide(command: CourtCaseCommand, state: CourtCaseState): CourtCaseEvent[] {
  switch (command.type) {
    case 'receive-referral':
      return receiveReferral(command, state);
    case 'open-case':
      return openCase(command, state);
    case 'accept-referral':
      return acceptReferral(command, state);
    case 'decline-referral':
      return declineReferral(command, state);
  }
  requireOpen(state);
  switch (command.type) {
    case 'request-moratorium':
    case 'grant-moratorium':
    case 'reject-moratorium':
    case 'end-moratorium':
      return decideMoratorium(command, state.moratorium, state.pathwayId);
    case 'grant-provisional-measure':
      return grantProvisionalMeasure(command, state);
    case 'request-forced-settlement':
    case 'decide-forced-settlement':
      return decideForcedSettlement(command, state.forcedSettlement, state.pathwayId);
    case 'file-wsnp-petition':
    case 'admit-to-wsnp':
    case 'reject-wsnp-petition':
    case 'end-wsnp':
      return decideWsnp(command, state.wsnp, state.pathwayId);
    case 'request-protective-administration':
    case 'order-protective-administration':
    case 'lift-protective-administration':
      return decideProtectiveAdministration(command, state.protectiveAdministration, state.pathwayId);
    case 'schedule-hearing':
      return scheduleHearing(command, state);
  }
}

function requireOpen(state: CourtCaseState): void {
  if (state.status === 'closed')
    throw new DomainRuleViolation('the court case of this pathway was closed: every referral was declined');
  // 'new' cannot be loaded (a case is stored with its first event); keep the guard for a hand-made state.
  if (state.status === 'new') throw new DomainRuleViolation('there is no court case for this pathway');
}

/** A referral opens (or reopens) the case; the same referral again changes nothing. */
function receiveReferral(command: ReceiveReferral, state: CourtCaseState): CourtCaseEvent[] {
  if (state.referrals.some((r) => r.referralId === command.referralId)) return [];
  const at = command.at.toISOString();
  const received: CourtCaseEvent = {
    type: 'referral-received',
    pathwayId: state.pathwayId,
    data: {
      referralId: command.referralId,
      fromOrg: command.fromOrg,
      reason: command.reason,
      urgent: command.urgent,
      madeAt: command.madeAt.toISOString(),
      at,
    },
  };
  if (state.status === 'open') return [received];
  return [
    {
      type: 'case-opened',
      pathwayId: state.pathwayId,
      data: { organisationId: state.organisationId, via: 'referral', at },
    },
    received,
  ];
}

/**
 * The court liaison takes up again a pathway referred to it (its case was
 * closed when every referral was declined). A pathway never referred to it is
 * not its business: the municipality asks the court *through* a referral
 * (EVENTS.md flows 3 and 4). The application answers that case as not found
 * before it gets here; the rule stays in the domain too.
 */
function openCase(command: OpenCase, state: CourtCaseState): CourtCaseEvent[] {
  if (state.status === 'new') throw new DomainRuleViolation('no referral to this court liaison for this pathway');
  if (state.status === 'open') throw new DomainRuleViolation('a court case is already open for this pathway');
  return [
    {
      type: 'case-opened',
      pathwayId: state.pathwayId,
      data: { organisationId: state.organisationId, via: 'direct', at: command.at.toISOString() },
    },
  ];
}

function acceptReferral(command: AcceptReferral, state: CourtCaseState): CourtCaseEvent[] {
  const referral = pendingReferral(state, command.referralId);
  return [
    {
      type: 'referral-accepted',
      pathwayId: state.pathwayId,
      data: {
        referralId: referral.referralId,
        by: courtLiaisonUrn(state.organisationId),
        at: answeredAt(referral, command.at, command.acceptedAt, 'accepted'),
      },
    },
  ];
}

function declineReferral(command: DeclineReferral, state: CourtCaseState): CourtCaseEvent[] {
  const referral = pendingReferral(state, command.referralId);
  if (hasProceedings(state)) {
    throw new DomainRuleViolation(
      'court procedures were already started for this pathway; the referral can no longer be declined',
    );
  }
  return [
    {
      type: 'referral-declined',
      pathwayId: state.pathwayId,
      data: {
        referralId: referral.referralId,
        by: courtLiaisonUrn(state.organisationId),
        declineReason: command.declineReason,
        at: answeredAt(referral, command.at, command.declinedAt, 'declined'),
      },
    },
  ];
}

/**
 * The moment of an answer: the one the court liaison states (it happened
 * earlier, on its own system), which cannot precede the referral, or `at`
 * (now). `at` is not held to that rule: a receiver's clock running behind the
 * referrer's is nobody's mistake, and the timeline takes such an answer as
 * given together with the referral. A referral received before its moment
 * was kept falls back on when it was received: until then every referral was
 * stamped with its referrer's clock as it was sent.
 */
function answeredAt(
  referral: ReceivedReferral,
  at: Date,
  stated: Date | undefined,
  answer: 'accepted' | 'declined',
): string {
  if (stated === undefined) return at.toISOString();
  if (stated.getTime() < Date.parse(referral.madeAt ?? referral.receivedAt)) {
    throw new DomainRuleViolation(`the referral cannot be ${answer} before it was made`);
  }
  return stated.toISOString();
}

function pendingReferral(state: CourtCaseState, referralId: string): ReceivedReferral {
  const referral = state.referrals.find((r) => r.referralId === referralId);
  // The application finds the case through the referral, so this is a hand-made state.
  if (!referral) throw new DomainRuleViolation('this referral was not received for this pathway');
  if (referral.status !== 'received') throw new DomainRuleViolation(`the referral was already ${referral.status}`);
  return referral;
}

function grantProvisionalMeasure(command: GrantProvisionalMeasure, state: CourtCaseState): CourtCaseEvent[] {
  const today = LocalDate.fromInstant(command.at);
  if (LocalDate.parse(command.endsAt).isBefore(today)) {
    throw new InvalidCourtCommand(
      `endsAt (${command.endsAt}) cannot be before the day of the ruling (${today.toString()})`,
    );
  }
  return [
    {
      type: 'provisional-measure-granted',
      pathwayId: state.pathwayId,
      data: { at: command.at.toISOString(), endsAt: command.endsAt },
    },
  ];
}

function scheduleHearing(command: ScheduleHearing, state: CourtCaseState): CourtCaseEvent[] {
  return [
    {
      type: 'hearing-scheduled',
      pathwayId: state.pathwayId,
      data: { at: command.hearingAt.toISOString(), instrument: command.instrument },
    },
  ];
}
