import { DomainRuleViolation } from '../domain-rule-violation';
import { LocalDate } from '@ketenpad/calendar';
import type { WgsDeadlinePolicy } from '@ketenpad/calendar';
import { BESCHIKKINGSSOORT, ORGANISATION_URN, municipalityUrn, type CrisisType, type Phase } from './pathway.codes';
import type {
  AcceptReferral,
  ChangePhase,
  ClosePathway,
  DecideIntake,
  HoldFirstConversation,
  MakeReferral,
  PathwayCommand,
  ReceiveEarlySignal,
  RecordConsent,
  RegisterHelpRequest,
  ReportCrisis,
  WithdrawConsent,
} from './pathway.commands';
import type { DeadlineChanged, PathwayEvent } from './pathway.events';
import type { PathwayState } from './pathway.state';
import { refusedPhaseTransition } from './phase-transition.rule';
import { notBeforePhaseStart, parseDate, phaseChanged, requireHelpRequest } from './pathway.guards';
import { decideTrajectory } from './trajectory.decider';

/** What deciding needs besides the command and the state: the Wgs terms. */
export interface PathwayRules {
  readonly deadlines: WgsDeadlinePolicy;
}

/**
 * Decides which facts a command produces for a pathway, or throws a
 * {@link DomainRuleViolation} with a human reason when the command is
 * impossible in the current state. Pure: no I/O, no clock.
 */
export function decide(command: PathwayCommand, state: PathwayState, rules: PathwayRules): PathwayEvent[] {
  // Withdrawing consent stays possible after closure: the grantee must stop
  // seeing the pathway whenever the resident says so.
  if (state.status === 'closed' && command.type !== 'withdraw-consent') {
    throw new DomainRuleViolation(
      `the pathway was closed (${state.closure?.reason ?? 'uitstroom'}); nothing can be changed any more`,
    );
  }
  switch (command.type) {
    case 'register-help-request':
      return registerHelpRequest(command, state, rules);
    case 'receive-early-signal':
      return receiveEarlySignal(command, state, rules);
    case 'report-crisis':
      return reportCrisis(command, state, rules);
    case 'hold-first-conversation':
      return holdFirstConversation(command, state, rules);
    case 'decide-intake':
      return decideIntake(command, state);
    case 'change-phase':
      return changePhase(command, state);
    case 'make-referral':
      return makeReferral(command, state);
    case 'close-pathway':
      return closePathway(command, state);
    case 'accept-referral':
      return acceptReferral(command, state, rules);
    case 'record-consent':
      return recordConsent(command, state);
    case 'withdraw-consent':
      return withdrawConsent(command, state);
    default:
      return decideTrajectory(command, state);
  }
}

function registerHelpRequest(command: RegisterHelpRequest, state: PathwayState, rules: PathwayRules): PathwayEvent[] {
  if (state.status === 'open') {
    throw new DomainRuleViolation('a help request is already registered for this pathway');
  }
  const { dueOn } = rules.deadlines.firstConversationDue(
    LocalDate.fromInstant(command.requestedAt),
    command.crisis !== null,
  );
  const at = command.requestedAt.toISOString();
  return [
    {
      type: 'help-requested',
      pathwayId: state.pathwayId,
      data: {
        channel: command.channel,
        requestedAt: at,
        crisis: command.crisis,
        firstConversationDue: dueOn.toString(),
        municipalityCode: state.municipalityCode,
        ...(command.referralId !== undefined ? { referralId: command.referralId } : {}),
      },
    },
    phaseChanged(state, null, 'aanmelding', at),
  ];
}

function receiveEarlySignal(command: ReceiveEarlySignal, state: PathwayState, rules: PathwayRules): PathwayEvent[] {
  if (!Number.isInteger(command.arrearsCents) || command.arrearsCents < 0) {
    throw new DomainRuleViolation('the arrears must be a whole, non-negative number of euro cents');
  }
  const arrearsSince = parseDate(command.arrearsSince, 'arrearsSince');
  const signalledAt = parseDate(command.signalledAt, 'signalledAt');
  if (arrearsSince.isAfter(signalledAt)) {
    throw new DomainRuleViolation('the arrears cannot start after the date of the signal');
  }
  const events: PathwayEvent[] = [
    {
      type: 'early-signal-received',
      pathwayId: state.pathwayId,
      data: {
        signalPartnerType: command.signalPartnerType,
        arrearsCents: command.arrearsCents,
        arrearsSince: command.arrearsSince,
        signalledAt: command.signalledAt,
        crisis: command.crisis,
        warmHandover: command.warmHandover,
      },
    },
  ];
  if (command.crisis !== null) {
    const shortened = shortenedDeadline(state, rules, command.receivedAt, 'crisis-reported', command.crisis.type);
    if (shortened) events.push(shortened);
  }
  return events;
}

function reportCrisis(command: ReportCrisis, state: PathwayState, rules: PathwayRules): PathwayEvent[] {
  requireHelpRequest(state, 'report a crisis');
  // After the first conversation the Wgs term is spent; a later crisis is handled
  // in the running trajectory, so reporting it changes no deadline (and is no error,
  // because partners may flag the same threat more than once).
  const shortened = shortenedDeadline(state, rules, command.reportedAt, command.reason, command.crisis.type);
  return shortened ? [shortened] : [];
}

/**
 * A crisis that becomes known while the first conversation is still pending
 * brings its deadline forward to 3 working days after the crisis became known,
 * unless the current deadline is already earlier. The event names the threat,
 * so readers (and `evolve`) know which crisis it is.
 */
function shortenedDeadline(
  state: PathwayState,
  rules: PathwayRules,
  knownAt: Date,
  reason: DeadlineChanged['data']['reason'],
  threat: CrisisType,
): DeadlineChanged | undefined {
  if (state.status !== 'open' || state.phase !== 'aanmelding' || state.firstConversationDue === null) return undefined;
  const current = LocalDate.parse(state.firstConversationDue);
  const { dueOn } = rules.deadlines.firstConversationDue(LocalDate.fromInstant(knownAt), true);
  if (!dueOn.isBefore(current)) return undefined;
  return {
    type: 'deadline-changed',
    pathwayId: state.pathwayId,
    data: {
      firstConversationDue: dueOn.toString(),
      reason,
      previousFirstConversationDue: state.firstConversationDue,
      threat,
    },
  };
}

function holdFirstConversation(
  command: HoldFirstConversation,
  state: PathwayState,
  rules: PathwayRules,
): PathwayEvent[] {
  requireHelpRequest(state, 'hold the first conversation');
  if (state.firstConversationHeldAt !== null) {
    throw new DomainRuleViolation(`the first conversation was already held at ${state.firstConversationHeldAt}`);
  }
  const heldAt = command.heldAt.toISOString();
  if (state.requestedAt !== null && heldAt < state.requestedAt) {
    throw new DomainRuleViolation('the first conversation cannot be held before the help request');
  }
  const due = state.firstConversationDue!;
  return [
    {
      type: 'first-conversation-held',
      pathwayId: state.pathwayId,
      data: {
        heldAt,
        deadlineMet: rules.deadlines.deadlineMet(command.heldAt, LocalDate.parse(due)),
        firstConversationDue: due,
      },
    },
    phaseChanged(state, 'aanmelding', 'intake', heldAt),
  ];
}

function decideIntake(command: DecideIntake, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'decide on the intake');
  if (state.phase !== 'intake') {
    throw new DomainRuleViolation(
      state.intakeDecision !== null
        ? `the intake was already decided (${state.intakeDecision})`
        : `an intake decision needs the intake phase, but the pathway is in phase ${state.phase}; hold the first conversation first`,
    );
  }
  const decidedAt = parseDate(command.decidedAt, 'decidedAt');
  if (
    state.firstConversationHeldAt &&
    decidedAt.isBefore(LocalDate.fromInstant(new Date(state.firstConversationHeldAt)))
  ) {
    throw new DomainRuleViolation('the intake decision cannot be dated before the first conversation');
  }
  const at = notBeforePhaseStart(command.at, state);
  const events: PathwayEvent[] = [
    {
      type: 'intake-decided',
      pathwayId: state.pathwayId,
      data: { decision: BESCHIKKINGSSOORT[command.decision], decidedAt: command.decidedAt },
    },
  ];
  if (command.decision === 'toelating') {
    events.push(phaseChanged(state, 'intake', 'plan-van-aanpak', at));
  } else {
    events.push(...closing(state, 'intake', command.closeReason ?? 'Voldoet niet', at));
  }
  return events;
}

function changePhase(command: ChangePhase, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'change its phase');
  const from = state.phase!;
  const refused = refusedPhaseTransition(from, command.to);
  if (refused) throw new DomainRuleViolation(refused);
  return [phaseChanged(state, from, command.to, notBeforePhaseStart(command.at, state))];
}

function makeReferral(command: MakeReferral, state: PathwayState): PathwayEvent[] {
  if (state.status === 'new') throw new DomainRuleViolation('the pathway does not exist yet');
  if (state.referrals[command.referralId]) {
    throw new DomainRuleViolation(`referral ${command.referralId} was already made`);
  }
  if (!ORGANISATION_URN.test(command.toOrg)) {
    throw new DomainRuleViolation(`toOrg must be an organisation URN like urn:nld:ketenpad:social-work:<orgId>`);
  }
  const fromOrg = municipalityUrn(state.municipalityCode);
  if (command.toOrg === fromOrg) {
    throw new DomainRuleViolation('a municipality cannot refer a resident to itself');
  }
  const at = command.at.toISOString();
  if (state.requestedAt !== null && at < state.requestedAt) {
    throw new DomainRuleViolation('the referral cannot be made before the help request');
  }
  return [
    {
      type: 'referral-made',
      pathwayId: state.pathwayId,
      data: {
        referralId: command.referralId,
        fromOrg,
        toOrg: command.toOrg,
        reason: command.reason,
        urgent: command.urgent,
        warm: command.warm,
        ...(command.consentRef !== undefined ? { consentRef: command.consentRef } : {}),
        at,
      },
    },
  ];
}

/**
 * Takes a referral from another organisation into this pathway:
 * - a pathway without a help request (the referral's own new pathway, or an
 *   existing one with only early signals) gets one through channel
 *   `verwijzing`, dated at the referral, so the Wgs term counts from the
 *   referral. An urgent referral counts as a crisis (type `other`, as the
 *   referral codes no threat): the first conversation is due in 3 working days;
 * - an open pathway keeps its help request; an urgent referral brings a
 *   pending first conversation forward to 3 working days after the referral;
 * - taken into another pathway than its own, the referral's pathway is
 *   declared merged into this one.
 * A referral already taken in produces nothing (redelivery, or the referring
 * organisation sending it twice).
 */
function acceptReferral(command: AcceptReferral, state: PathwayState, rules: PathwayRules): PathwayEvent[] {
  if (state.receivedReferrals[command.referralId]) return [];
  const merge = command.referralPathwayId !== state.pathwayId;
  if (merge && state.status === 'new') {
    throw new DomainRuleViolation('a referral can only be merged into an existing pathway');
  }
  const at = command.acceptedAt.toISOString();
  const events: PathwayEvent[] = [];
  if (merge) {
    events.push({
      type: 'pathway-merged',
      pathwayId: command.referralPathwayId,
      data: { intoPathwayId: state.pathwayId, referralId: command.referralId, at },
    });
  }
  if (state.status === 'new' || state.status === 'signalled') {
    events.push(
      ...registerHelpRequest(
        {
          type: 'register-help-request',
          channel: 'verwijzing',
          requestedAt: command.referredAt,
          crisis: command.urgent ? { type: 'other' } : null,
          referralId: command.referralId,
        },
        state,
        rules,
      ),
    );
  } else if (command.urgent) {
    // An urgent referral codes no threat: `other`, as for a pathway it opens.
    const shortened = shortenedDeadline(state, rules, command.referredAt, 'crisis-reported', 'other');
    if (shortened) events.push(shortened);
  }
  events.push({
    type: 'referral-accepted',
    pathwayId: state.pathwayId,
    data: {
      referralId: command.referralId,
      by: municipalityUrn(state.municipalityCode),
      at,
      // Always named, so a reader that sees the acceptance before the referral
      // itself (another topic) still knows who referred.
      fromOrg: command.fromOrg,
      ...(merge ? { intoPathwayId: state.pathwayId } : {}),
    },
  });
  return events;
}

function recordConsent(command: RecordConsent, state: PathwayState): PathwayEvent[] {
  if (state.status === 'new') throw new DomainRuleViolation('the pathway does not exist yet');
  if (state.consents[command.consentId])
    throw new DomainRuleViolation(`consent ${command.consentId} was already recorded`);
  if (!ORGANISATION_URN.test(command.grantee)) {
    throw new DomainRuleViolation('grantee must be an organisation URN like urn:nld:ketenpad:social-work:<orgId>');
  }
  if (command.grantee === municipalityUrn(state.municipalityCode)) {
    throw new DomainRuleViolation('the municipality needs no consent to see its own pathway');
  }
  if (command.scope.length === 0 || new Set(command.scope).size !== command.scope.length) {
    throw new DomainRuleViolation('the scope must name at least one classification, each once');
  }
  if (
    command.validUntil !== null &&
    parseDate(command.validUntil, 'validUntil').isBefore(LocalDate.fromInstant(command.at))
  ) {
    throw new DomainRuleViolation('validUntil lies before the day the consent is given');
  }
  return [
    {
      type: 'consent-recorded',
      pathwayId: state.pathwayId,
      data: {
        consentId: command.consentId,
        grantee: command.grantee,
        purpose: command.purpose,
        scope: [...command.scope],
        validUntil: command.validUntil,
        at: command.at.toISOString(),
      },
    },
  ];
}

function withdrawConsent(command: WithdrawConsent, state: PathwayState): PathwayEvent[] {
  const consent = state.consents[command.consentId];
  if (!consent) throw new DomainRuleViolation(`there is no consent ${command.consentId} on this pathway`);
  if (consent.withdrawnAt !== null) {
    throw new DomainRuleViolation(`consent ${command.consentId} was already withdrawn at ${consent.withdrawnAt}`);
  }
  return [
    {
      type: 'consent-withdrawn',
      pathwayId: state.pathwayId,
      data: { consentId: command.consentId, grantee: consent.grantee, at: command.at.toISOString() },
    },
  ];
}

function closePathway(command: ClosePathway, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'close it with an uitstroom reason');
  return closing(state, state.phase!, command.reason, notBeforePhaseStart(command.at, state));
}

/** Uitstroom: the phase moves to uitstroom and the pathway closes with its DDAS reason. */
function closing(state: PathwayState, phaseAtClose: Phase, reason: ClosePathway['reason'], at: string): PathwayEvent[] {
  return [
    phaseChanged(state, phaseAtClose, 'uitstroom', at),
    { type: 'pathway-closed', pathwayId: state.pathwayId, data: { reason, phaseAtClose, at } },
  ];
}
