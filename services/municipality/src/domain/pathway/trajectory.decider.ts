import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import { COLLECTION_PAUSE_DAYS, type CrisisType, type Phase } from './pathway.codes';
import type {
  AnswerHelpOffer,
  AttemptContact,
  CompleteRepayment,
  DecideSettlement,
  EndAftercare,
  EndCrisisIntervention,
  EndGuidance,
  InventoryDebts,
  ProposeSettlement,
  ReachStabilisation,
  RecordCreditorResponse,
  SetPlanOfAction,
  StartAftercare,
  StartCrisisIntervention,
  StartGuidance,
  StartRepayment,
  StartStabilisation,
  TrajectoryCommand,
} from './pathway.commands';
import type { PathwayEvent } from './pathway.events';
import { notBefore, notBeforePhaseStart, phaseChanged, phaseIndex, requireHelpRequest } from './pathway.guards';
import type { PathwayState, Settlement } from './pathway.state';

/** Upper bounds of the contracts (amountCents, creditorCount, termMonths). */
const MAX_AMOUNT_CENTS = 100_000_000_000;
const MAX_CREDITORS = 1000;
const MAX_TERM_MONTHS = 120;

/**
 * Decides the commands of the trajectory after the aanmelding: outreach, the
 * offer of help, crisis interventions, plan, stabilisation, guidance, debts,
 * settlement, repayment and aftercare. Pure, like pathway.decider.ts (which
 * already refused everything on a closed pathway). Which of these facts move
 * the phase is in the table of phase-transition.rule.ts.
 */
export function decideTrajectory(command: TrajectoryCommand, state: PathwayState): PathwayEvent[] {
  switch (command.type) {
    case 'attempt-contact':
      return attemptContact(command, state);
    case 'answer-help-offer':
      return answerHelpOffer(command, state);
    case 'start-crisis-intervention':
      return startCrisisIntervention(command, state);
    case 'end-crisis-intervention':
      return endCrisisIntervention(command, state);
    case 'set-plan-of-action':
      return setPlanOfAction(command, state);
    case 'start-stabilisation':
      return startStabilisation(command, state);
    case 'reach-stabilisation':
      return reachStabilisation(command, state);
    case 'start-guidance':
      return startGuidance(command, state);
    case 'end-guidance':
      return endGuidance(command, state);
    case 'inventory-debts':
      return inventoryDebts(command, state);
    case 'propose-settlement':
      return proposeSettlement(command, state);
    case 'record-creditor-response':
      return recordCreditorResponse(command, state);
    case 'decide-settlement':
      return decideSettlement(command, state);
    case 'start-repayment':
      return startRepayment(command, state);
    case 'complete-repayment':
      return completeRepayment(command, state);
    case 'start-aftercare':
      return startAftercare(command, state);
    case 'end-aftercare':
      return endAftercare(command, state);
  }
}

/** Outreach counts from the first signal on: no help request is needed (DDAS contactpogingen). */
function attemptContact(command: AttemptContact, state: PathwayState): PathwayEvent[] {
  requireExisting(state);
  return [
    {
      type: 'contact-attempted',
      pathwayId: state.pathwayId,
      data: { kind: command.kind, reached: command.reached, at: command.at.toISOString() },
    },
  ];
}

/**
 * The offer of help follows an early signal and is answered once. On acceptance
 * the signalling partners pause collection for 30 days, counted in calendar
 * days from the day of acceptance (Europe/Amsterdam).
 */
function answerHelpOffer(command: AnswerHelpOffer, state: PathwayState): PathwayEvent[] {
  requireExisting(state);
  if (state.earlySignals.length === 0) {
    throw new DomainRuleViolation('an offer of help follows an early signal, and this pathway has none');
  }
  const previous = state.trajectory.helpOffer;
  if (previous) throw new DomainRuleViolation(`the resident already ${previous.answer} the offer of help at ${previous.at}`);
  const at = command.at.toISOString();
  if (command.answer === 'declined') return [{ type: 'help-offer-declined', pathwayId: state.pathwayId, data: { at } }];
  const collectionPausedUntil = LocalDate.fromInstant(command.at).plusDays(COLLECTION_PAUSE_DAYS).toString();
  return [{ type: 'help-offer-accepted', pathwayId: state.pathwayId, data: { at, collectionPausedUntil } }];
}

/** One running intervention per threat; a signalled pathway may need one before any help request (eindeleveringssignaal). */
function startCrisisIntervention(command: StartCrisisIntervention, state: PathwayState): PathwayEvent[] {
  requireExisting(state);
  const running = state.trajectory.crisisInterventions[command.threat];
  if (running) throw new DomainRuleViolation(`a crisis intervention for ${command.threat} is already running since ${running}`);
  return [
    { type: 'crisis-intervention-started', pathwayId: state.pathwayId, data: { threat: command.threat, at: command.at.toISOString() } },
  ];
}

function endCrisisIntervention(command: EndCrisisIntervention, state: PathwayState): PathwayEvent[] {
  requireExisting(state);
  const running = Object.keys(state.trajectory.crisisInterventions) as CrisisType[];
  if (running.length === 0) throw new DomainRuleViolation('no crisis intervention is running');
  let threat = command.threat;
  if (threat === undefined) {
    if (running.length > 1) {
      throw new DomainRuleViolation(`several crisis interventions are running (${running.join(', ')}); name the threat to end`);
    }
    threat = running[0]!;
  }
  const startedAt = state.trajectory.crisisInterventions[threat];
  if (startedAt === undefined) {
    throw new DomainRuleViolation(`no crisis intervention for ${threat} is running (running: ${running.join(', ')})`);
  }
  const at = notBefore(command.at, startedAt, 'the end of the crisis intervention');
  return [{ type: 'crisis-intervention-ended', pathwayId: state.pathwayId, data: { threat, at } }];
}

/**
 * The plan van aanpak is set (and may be revised) from the toelating on. It
 * moves no phase: the plan decides whether stabilisation or a settlement
 * comes next, and those facts move the phase.
 */
function setPlanOfAction(command: SetPlanOfAction, state: PathwayState): PathwayEvent[] {
  requireAtLeast(state, 'plan-van-aanpak', 'set a plan van aanpak', 'a plan van aanpak needs a toelatingsbeschikking');
  if (command.supportTypes.length === 0 || new Set(command.supportTypes).size !== command.supportTypes.length) {
    throw new DomainRuleViolation('a plan van aanpak names at least one kind of support, each once');
  }
  return [
    {
      type: 'plan-of-action-set',
      pathwayId: state.pathwayId,
      data: { at: command.at.toISOString(), supportTypes: [...command.supportTypes] },
    },
  ];
}

/** Starts from the plan van aanpak (moving to stabilisatie), or in stabilisatie when the phase was already moved by hand. */
function startStabilisation(command: StartStabilisation, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'start stabilisation');
  const started = state.trajectory.stabilisation;
  if (started) throw new DomainRuleViolation(`stabilisation already started at ${started.startedAt}`);
  const phase = state.phase!;
  if (phase !== 'plan-van-aanpak' && phase !== 'stabilisatie') {
    throw new DomainRuleViolation(
      phaseIndex(phase) < phaseIndex('plan-van-aanpak')
        ? `stabilisation starts from the plan van aanpak, but the pathway is in phase ${phase}`
        : `the pathway is already past stabilisation (phase ${phase})`,
    );
  }
  const at = notBeforePhaseStart(command.at, state);
  const events: PathwayEvent[] = [{ type: 'stabilisation-started', pathwayId: state.pathwayId, data: { at } }];
  if (phase === 'plan-van-aanpak') events.push(phaseChanged(state, phase, 'stabilisatie', at));
  return events;
}

function reachStabilisation(command: ReachStabilisation, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'reach stabilisation');
  const stabilisation = state.trajectory.stabilisation;
  if (!stabilisation) throw new DomainRuleViolation('stabilisation has not started; start it first');
  if (stabilisation.endedAt !== null) throw new DomainRuleViolation(`stabilisation was already reached at ${stabilisation.endedAt}`);
  const at = notBefore(command.at, stabilisation.startedAt, 'reaching stabilisation');
  return [{ type: 'stabilisation-reached', pathwayId: state.pathwayId, data: { at } }];
}

/** Guidance (begeleiding) runs beside the phases: any open pathway, one running guidance per kind. */
function startGuidance(command: StartGuidance, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'start guidance');
  const running = state.trajectory.guidance[command.kind];
  if (running) throw new DomainRuleViolation(`${command.kind} is already running since ${running}`);
  return [{ type: 'guidance-started', pathwayId: state.pathwayId, data: { kind: command.kind, at: command.at.toISOString() } }];
}

function endGuidance(command: EndGuidance, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'end guidance');
  const startedAt = state.trajectory.guidance[command.kind];
  if (startedAt === undefined) {
    const running = Object.keys(state.trajectory.guidance);
    throw new DomainRuleViolation(
      `${command.kind} is not running (running: ${running.length > 0 ? running.join(', ') : 'none'})`,
    );
  }
  const at = notBefore(command.at, startedAt, `the end of ${command.kind}`);
  return [{ type: 'guidance-ended', pathwayId: state.pathwayId, data: { kind: command.kind, at } }];
}

/**
 * The saldo-inventarisatie: from the intake on, and again when it changes,
 * but not while a proposal built on it is pending or after it was granted.
 */
function inventoryDebts(command: InventoryDebts, state: PathwayState): PathwayEvent[] {
  requireAtLeast(state, 'intake', 'inventory the debts', 'the debts are inventoried from the intake on; hold the first conversation first');
  const settlement = state.trajectory.settlement;
  if (settlement?.status === 'pending' || settlement?.status === 'granted') {
    throw new DomainRuleViolation(`the settlement based on the current inventory is ${settlement.status}; the debts cannot be inventoried again`);
  }
  const { creditorCount, totalDebtCents, debtTypes } = command;
  if (!Number.isInteger(creditorCount) || creditorCount < 0 || creditorCount > MAX_CREDITORS) {
    throw new DomainRuleViolation(`creditorCount must be a whole number from 0 to ${MAX_CREDITORS}`);
  }
  requireCents(totalDebtCents, 'totalDebtCents');
  if ((creditorCount === 0) !== (totalDebtCents === 0)) {
    throw new DomainRuleViolation('debts without creditors (or creditors without debts) cannot be inventoried');
  }
  if (new Set(debtTypes).size !== debtTypes.length) throw new DomainRuleViolation('each debt type is named once');
  return [
    {
      type: 'debts-inventoried',
      pathwayId: state.pathwayId,
      data: { creditorCount, totalDebtCents, debtTypes: [...debtTypes], at: command.at.toISOString() },
    },
  ];
}

/**
 * A proposal to the creditors, from the plan van aanpak, stabilisatie or
 * oplossing; it moves the pathway to oplossing when it is not there yet.
 * Needs an inventory with debts; a new proposal only after the previous one
 * was rejected or withdrawn.
 */
function proposeSettlement(command: ProposeSettlement, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'propose a settlement');
  const phase = state.phase!;
  if (phase !== 'plan-van-aanpak' && phase !== 'stabilisatie' && phase !== 'oplossing') {
    throw new DomainRuleViolation(
      phaseIndex(phase) < phaseIndex('plan-van-aanpak')
        ? `a settlement is proposed from the plan van aanpak on, but the pathway is in phase ${phase}`
        : `the pathway is already past the oplossing (phase ${phase})`,
    );
  }
  const previous = state.trajectory.settlement;
  if (previous?.status === 'pending') {
    throw new DomainRuleViolation(`a settlement proposal of ${previous.proposedAt} is still pending; grant, reject or withdraw it first`);
  }
  if (previous?.status === 'granted') throw new DomainRuleViolation(`the settlement was already granted at ${previous.decidedAt}`);
  const debts = state.trajectory.debts;
  if (!debts) throw new DomainRuleViolation('inventory the debts before proposing a settlement');
  if (debts.creditorCount === 0) throw new DomainRuleViolation('the inventory found no debts to settle');
  requireCents(command.vtlbCents, 'vtlbCents');
  if (!Number.isInteger(command.termMonths) || command.termMonths < 1 || command.termMonths > MAX_TERM_MONTHS) {
    throw new DomainRuleViolation(`termMonths must be a whole number from 1 to ${MAX_TERM_MONTHS}`);
  }
  const at = phase === 'oplossing' ? command.at.toISOString() : notBeforePhaseStart(command.at, state);
  const events: PathwayEvent[] = [
    {
      type: 'settlement-proposed',
      pathwayId: state.pathwayId,
      data: { solutionKind: command.solutionKind, vtlbCents: command.vtlbCents, termMonths: command.termMonths, at },
    },
  ];
  if (phase !== 'oplossing') events.push(phaseChanged(state, phase, 'oplossing', at));
  return events;
}

/** One answer per inventoried creditor, while the proposal is pending. */
function recordCreditorResponse(command: RecordCreditorResponse, state: PathwayState): PathwayEvent[] {
  const settlement = pendingSettlement(state, 'record a creditor response');
  const answered = settlement.responses.accepted + settlement.responses.refused + settlement.responses['no-cooperation'];
  const creditors = state.trajectory.debts?.creditorCount ?? 0;
  if (answered >= creditors) throw new DomainRuleViolation(`all ${creditors} creditors have already responded`);
  const at = notBefore(command.at, settlement.proposedAt, 'a creditor response');
  return [{ type: 'creditor-responded', pathwayId: state.pathwayId, data: { response: command.response, at } }];
}

/**
 * Exactly one decision per proposal. Granting despite refusals is possible:
 * the court can impose the arrangement on refusing creditors (dwangakkoord,
 * art. 287a Fw).
 */
function decideSettlement(command: DecideSettlement, state: PathwayState): PathwayEvent[] {
  const settlement = pendingSettlement(state, `record the settlement as ${command.decision}`);
  const at = notBefore(command.at, settlement.proposedAt, 'the decision on the settlement');
  const type = (
    { granted: 'settlement-granted', rejected: 'settlement-rejected', withdrawn: 'settlement-withdrawn' } as const
  )[command.decision];
  return [{ type, pathwayId: state.pathwayId, data: { at } }];
}

/** Repayment (18 months since 1 July 2023) follows a granted settlement and moves the pathway to aflossing. */
function startRepayment(command: StartRepayment, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'start repayment');
  const settlement = state.trajectory.settlement;
  if (settlement?.status !== 'granted') {
    throw new DomainRuleViolation(
      settlement
        ? `repayment needs a granted settlement, but the settlement is ${settlement.status}`
        : 'repayment needs a granted settlement, and no settlement was proposed',
    );
  }
  const repayment = state.trajectory.repayment;
  if (repayment) throw new DomainRuleViolation(`repayment already started at ${repayment.startedAt}`);
  if (state.phase !== 'oplossing') {
    throw new DomainRuleViolation(`repayment starts from the oplossing, but the pathway is in phase ${state.phase}`);
  }
  const at = notBeforePhaseStart(command.at, state);
  if (at < settlement.decidedAt!) throw new DomainRuleViolation(`repayment cannot start before the settlement was granted (${settlement.decidedAt})`);
  return [{ type: 'repayment-started', pathwayId: state.pathwayId, data: { at } }, phaseChanged(state, 'oplossing', 'aflossing', at)];
}

function completeRepayment(command: CompleteRepayment, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'complete repayment');
  const repayment = state.trajectory.repayment;
  if (!repayment) throw new DomainRuleViolation('repayment has not started');
  if (repayment.endedAt !== null) throw new DomainRuleViolation(`repayment was already completed at ${repayment.endedAt}`);
  const at = notBefore(command.at, repayment.startedAt, 'completing repayment');
  return [{ type: 'repayment-completed', pathwayId: state.pathwayId, data: { at } }];
}

/**
 * Nazorg follows what solved the problem: stabilisation alone (once reached,
 * if it was started), a settlement without repayment period (none pending),
 * or a completed repayment. Moves the pathway to nazorg.
 */
function startAftercare(command: StartAftercare, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'start aftercare');
  const { aftercare, stabilisation, settlement, repayment } = state.trajectory;
  if (aftercare) throw new DomainRuleViolation(`aftercare already started at ${aftercare.startedAt}`);
  const phase = state.phase!;
  if (phase === 'stabilisatie' && stabilisation && stabilisation.endedAt === null) {
    throw new DomainRuleViolation('stabilisation has not been reached yet; aftercare follows it');
  }
  if (phase === 'oplossing' && settlement?.status === 'pending') {
    throw new DomainRuleViolation('a settlement proposal is still pending; decide it before aftercare');
  }
  if (phase === 'aflossing' && repayment?.endedAt == null) {
    throw new DomainRuleViolation('repayment is still running; complete it before aftercare');
  }
  if (!AFTERCARE_FROM.includes(phase)) {
    throw new DomainRuleViolation(`aftercare follows stabilisation, a settlement or repayment, but the pathway is in phase ${phase}`);
  }
  const at = notBeforePhaseStart(command.at, state);
  return [{ type: 'aftercare-started', pathwayId: state.pathwayId, data: { at } }, phaseChanged(state, phase, 'nazorg', at)];
}

const AFTERCARE_FROM: readonly Phase[] = ['stabilisatie', 'oplossing', 'aflossing'];

function endAftercare(command: EndAftercare, state: PathwayState): PathwayEvent[] {
  requireHelpRequest(state, 'end aftercare');
  const aftercare = state.trajectory.aftercare;
  if (!aftercare) throw new DomainRuleViolation('aftercare has not started');
  if (aftercare.endedAt !== null) throw new DomainRuleViolation(`aftercare already ended at ${aftercare.endedAt}`);
  const at = notBefore(command.at, aftercare.startedAt, 'the end of aftercare');
  return [{ type: 'aftercare-ended', pathwayId: state.pathwayId, data: { at } }];
}

function pendingSettlement(state: PathwayState, action: string): Settlement {
  requireHelpRequest(state, action);
  const settlement = state.trajectory.settlement;
  if (!settlement) throw new DomainRuleViolation(`there is no settlement proposal; cannot ${action}`);
  if (settlement.status !== 'pending') {
    throw new DomainRuleViolation(`the settlement was already ${settlement.status} at ${settlement.decidedAt}; cannot ${action}`);
  }
  return settlement;
}

function requireExisting(state: PathwayState): void {
  if (state.status === 'new') throw new DomainRuleViolation('the pathway does not exist yet');
}

function requireAtLeast(state: PathwayState, phase: Phase, action: string, reason: string): void {
  requireHelpRequest(state, action);
  if (phaseIndex(state.phase!) < phaseIndex(phase)) throw new DomainRuleViolation(`${reason}; the pathway is in phase ${state.phase}`);
}

function requireCents(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_AMOUNT_CENTS) {
    throw new DomainRuleViolation(`${field} must be a whole, non-negative number of euro cents`);
  }
}
