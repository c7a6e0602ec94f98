import { DomainRuleViolation, InvalidCourtCommand } from '../court-case.errors';
import { WSNP_MAX_TERM_MONTHS } from './court-case.codes';
import type { WsnpCommand } from './court-case.commands';
import type { WsnpAdmitted, WsnpEnded, WsnpPetitionFiled, WsnpRejected } from './court-case.events';

export type WsnpEvent = WsnpPetitionFiled | WsnpAdmitted | WsnpRejected | WsnpEnded;

/**
 * The statutory debt scheme (Wsnp): petition → admitted → ended, or
 * petition → rejected (after which a new petition may be filed).
 */
export type WsnpState =
  | { readonly status: 'none' }
  | { readonly status: 'petitioned'; readonly petitionedAt: string }
  | { readonly status: 'rejected'; readonly rejectedAt: string }
  | { readonly status: 'admitted'; readonly admittedAt: string; readonly termMonths: number }
  | {
      readonly status: 'ended';
      readonly admittedAt: string;
      readonly termMonths: number;
      readonly endedAt: string;
      readonly cleanSlate: boolean;
    };

export const NO_WSNP: WsnpState = { status: 'none' };

export function decideWsnp(command: WsnpCommand, state: WsnpState, pathwayId: string): WsnpEvent[] {
  const at = command.at.toISOString();
  switch (command.type) {
    case 'file-wsnp-petition':
      if (state.status === 'petitioned')
        throw new DomainRuleViolation('a Wsnp petition is already pending for this pathway');
      if (state.status === 'admitted') throw new DomainRuleViolation('the resident is already admitted to the Wsnp');
      if (state.status === 'ended') throw new DomainRuleViolation('the Wsnp of this pathway has already ended');
      return [{ type: 'wsnp-petition-filed', pathwayId, data: { at } }];
    case 'admit-to-wsnp':
      if (
        !Number.isInteger(command.termMonths) ||
        command.termMonths < 1 ||
        command.termMonths > WSNP_MAX_TERM_MONTHS
      ) {
        throw new InvalidCourtCommand(`termMonths must be a whole number of months from 1 to ${WSNP_MAX_TERM_MONTHS}`);
      }
      requirePendingPetition(state, 'Wsnp admitted before a petition');
      return [{ type: 'wsnp-admitted', pathwayId, data: { at, termMonths: command.termMonths } }];
    case 'reject-wsnp-petition':
      requirePendingPetition(state, 'Wsnp rejected before a petition');
      return [{ type: 'wsnp-rejected', pathwayId, data: { at } }];
    case 'end-wsnp':
      if (state.status === 'ended') throw new DomainRuleViolation('the Wsnp of this pathway has already ended');
      if (state.status !== 'admitted') throw new DomainRuleViolation('Wsnp ended before an admission');
      return [{ type: 'wsnp-ended', pathwayId, data: { at, cleanSlate: command.cleanSlate } }];
  }
}

function requirePendingPetition(state: WsnpState, withoutPetition: string): void {
  if (state.status === 'petitioned') return;
  if (state.status === 'admitted') throw new DomainRuleViolation('the court already admitted the resident to the Wsnp');
  if (state.status === 'ended') throw new DomainRuleViolation('the Wsnp of this pathway has already ended');
  throw new DomainRuleViolation(withoutPetition);
}

export function evolveWsnp(state: WsnpState, event: WsnpEvent): WsnpState {
  switch (event.type) {
    case 'wsnp-petition-filed':
      return { status: 'petitioned', petitionedAt: event.data.at };
    case 'wsnp-admitted':
      return { status: 'admitted', admittedAt: event.data.at, termMonths: event.data.termMonths };
    case 'wsnp-rejected':
      return { status: 'rejected', rejectedAt: event.data.at };
    case 'wsnp-ended':
      return state.status === 'admitted'
        ? { ...state, status: 'ended', endedAt: event.data.at, cleanSlate: event.data.cleanSlate }
        : state;
  }
}
