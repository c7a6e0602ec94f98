import { DomainRuleViolation } from '../court-case.errors';
import type { ForcedSettlementOutcome } from './court-case.codes';
import type { ForcedSettlementCommand } from './court-case.commands';
import type { ForcedSettlementDecided, ForcedSettlementRequested } from './court-case.events';

export type ForcedSettlementEvent = ForcedSettlementRequested | ForcedSettlementDecided;

/** The forced settlement (dwangakkoord, art. 287a Fw): none → requested → decided, once per case. */
export type ForcedSettlementState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly requestedAt: string }
  | {
      readonly status: 'decided';
      readonly requestedAt: string;
      readonly outcome: ForcedSettlementOutcome;
      readonly decidedAt: string;
    };

export const NO_FORCED_SETTLEMENT: ForcedSettlementState = { status: 'none' };

export function decideForcedSettlement(
  command: ForcedSettlementCommand,
  state: ForcedSettlementState,
  pathwayId: string,
): ForcedSettlementEvent[] {
  const at = command.at.toISOString();
  switch (command.type) {
    case 'request-forced-settlement':
      if (state.status === 'requested')
        throw new DomainRuleViolation('a forced settlement was already requested for this pathway');
      if (state.status === 'decided')
        throw new DomainRuleViolation(`the court already decided on the forced settlement (${state.outcome})`);
      return [{ type: 'forced-settlement-requested', pathwayId, data: { at } }];
    case 'decide-forced-settlement':
      if (state.status === 'none') throw new DomainRuleViolation('a forced settlement decided before it was requested');
      if (state.status === 'decided')
        throw new DomainRuleViolation(`the court already decided on the forced settlement (${state.outcome})`);
      return [{ type: 'forced-settlement-decided', pathwayId, data: { at, outcome: command.outcome } }];
  }
}

export function evolveForcedSettlement(
  state: ForcedSettlementState,
  event: ForcedSettlementEvent,
): ForcedSettlementState {
  switch (event.type) {
    case 'forced-settlement-requested':
      return { status: 'requested', requestedAt: event.data.at };
    case 'forced-settlement-decided':
      return {
        status: 'decided',
        requestedAt: state.status === 'none' ? event.data.at : state.requestedAt,
        outcome: event.data.outcome,
        decidedAt: event.data.at,
      };
  }
}
