import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import { PHASES, type Phase } from './pathway.codes';
import type { PhaseChanged } from './pathway.events';
import type { PathwayState } from './pathway.state';

// Preconditions and the phase-changed fact shared by pathway.decider.ts and
// trajectory.decider.ts; each throws a DomainRuleViolation with the reason.

export function phaseChanged(state: PathwayState, from: Phase | null, to: Phase, at: string): PhaseChanged {
  return { type: 'phase-changed', pathwayId: state.pathwayId, data: { from, to, at } };
}

export function requireHelpRequest(state: PathwayState, action: string): void {
  if (state.status === 'new') throw new DomainRuleViolation('the pathway does not exist yet');
  if (state.status === 'signalled') {
    throw new DomainRuleViolation(`the pathway has only early signals and no help request yet; cannot ${action}`);
  }
}

/** Phase changes are facts in time order: one cannot be dated before the phase it leaves began. */
export function notBeforePhaseStart(at: Date, state: PathwayState): string {
  const iso = at.toISOString();
  if (state.phaseSince !== null && iso < state.phaseSince) {
    throw new DomainRuleViolation(`the change cannot be dated before the current phase began (${state.phaseSince})`);
  }
  return iso;
}

/** An end cannot be dated before the start it ends (`what` names it in the reason). */
export function notBefore(at: Date, start: string, what: string): string {
  const iso = at.toISOString();
  if (iso < start) throw new DomainRuleViolation(`${what} cannot be dated before it started (${start})`);
  return iso;
}

export function parseDate(value: string, field: string): LocalDate {
  if (!LocalDate.isValid(value)) throw new DomainRuleViolation(`${field} must be a calendar date (YYYY-MM-DD)`);
  return LocalDate.parse(value);
}

/** Position of a phase in the NVVK reference process, for "at least this far" checks. */
export function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}
