import { LocalDate } from '@ketenpad/calendar';
import { DomainRuleViolation, InvalidCourtCommand } from '../court-case.errors';
import type { MoratoriumBasis } from './court-case.codes';
import type { MoratoriumCommand } from './court-case.commands';
import type { MoratoriumEnded, MoratoriumGranted, MoratoriumRejected, MoratoriumRequested } from './court-case.events';
import { moratoriumTermViolation } from './moratorium-term.rule';

export type MoratoriumEvent = MoratoriumRequested | MoratoriumGranted | MoratoriumRejected | MoratoriumEnded;

/**
 * The moratorium (afkoelingsperiode, art. 287b Fw / art. 5 Wgs) of a case:
 * none → requested → granted (in force) → ended, or requested → rejected.
 * After a rejection or an end a new request may follow.
 */
export type MoratoriumState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly basis: MoratoriumBasis; readonly requestedAt: string }
  | { readonly status: 'rejected'; readonly basis: MoratoriumBasis; readonly rejectedAt: string }
  | { readonly status: 'granted'; readonly basis: MoratoriumBasis; readonly startsAt: string; readonly endsAt: string }
  | {
      readonly status: 'ended';
      readonly basis: MoratoriumBasis;
      readonly startsAt: string;
      readonly endsAt: string;
      readonly endedAt: string;
    };

export const NO_MORATORIUM: MoratoriumState = { status: 'none' };

export function decideMoratorium(
  command: MoratoriumCommand,
  state: MoratoriumState,
  pathwayId: string,
): MoratoriumEvent[] {
  const at = command.at.toISOString();
  switch (command.type) {
    case 'request-moratorium':
      if (state.status === 'requested')
        throw new DomainRuleViolation('a moratorium request is already pending for this pathway');
      if (state.status === 'granted') throw new DomainRuleViolation(`a moratorium is in force until ${state.endsAt}`);
      return [{ type: 'moratorium-requested', pathwayId, data: { basis: command.basis, at } }];
    case 'grant-moratorium': {
      requirePendingRequest(state, 'granted');
      const violation = moratoriumTermViolation(LocalDate.parse(command.startsAt), LocalDate.parse(command.endsAt));
      if (violation !== undefined) throw new InvalidCourtCommand(violation);
      return [
        { type: 'moratorium-granted', pathwayId, data: { at, startsAt: command.startsAt, endsAt: command.endsAt } },
      ];
    }
    case 'reject-moratorium':
      requirePendingRequest(state, 'rejected');
      return [{ type: 'moratorium-rejected', pathwayId, data: { at } }];
    case 'end-moratorium':
      if (state.status !== 'granted') throw new DomainRuleViolation('no moratorium is in force for this pathway');
      if (!LocalDate.parse(command.today).isAfter(LocalDate.parse(state.endsAt))) {
        throw new DomainRuleViolation(`the moratorium is in force until ${state.endsAt}`);
      }
      return [{ type: 'moratorium-ended', pathwayId, data: { at } }];
  }
}

function requirePendingRequest(state: MoratoriumState, verb: 'granted' | 'rejected'): void {
  if (state.status === 'requested') return;
  if (state.status === 'granted')
    throw new DomainRuleViolation(`the moratorium was already granted (until ${state.endsAt})`);
  throw new DomainRuleViolation(`a moratorium can only be ${verb} after it was requested`);
}

export function evolveMoratorium(state: MoratoriumState, event: MoratoriumEvent): MoratoriumState {
  switch (event.type) {
    case 'moratorium-requested':
      return { status: 'requested', basis: event.data.basis, requestedAt: event.data.at };
    case 'moratorium-granted':
      return { status: 'granted', basis: basisOf(state), startsAt: event.data.startsAt, endsAt: event.data.endsAt };
    case 'moratorium-rejected':
      return { status: 'rejected', basis: basisOf(state), rejectedAt: event.data.at };
    case 'moratorium-ended':
      return state.status === 'granted' ? { ...state, status: 'ended', endedAt: event.data.at } : state;
  }
}

function basisOf(state: MoratoriumState): MoratoriumBasis {
  // A grant or rejection always follows a request (decide enforces it); the
  // fallback only matters for a hand-made event stream.
  return state.status === 'none' ? 'Fw-287b' : state.basis;
}
