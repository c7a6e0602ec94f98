import { DomainRuleViolation } from '../court-case.errors';
import type { ProtectiveAdministrationCommand } from './court-case.commands';
import type {
  ProtectiveAdministrationLifted,
  ProtectiveAdministrationOrdered,
  ProtectiveAdministrationRequested,
} from './court-case.events';

export type ProtectiveAdministrationEvent =
  | ProtectiveAdministrationRequested
  | ProtectiveAdministrationOrdered
  | ProtectiveAdministrationLifted;

/**
 * Protective administration (beschermingsbewind) by the subdistrict court:
 * requested → ordered → lifted; after a lift it may be requested again.
 */
export type ProtectiveAdministrationState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly requestedAt: string }
  | { readonly status: 'ordered'; readonly orderedAt: string }
  | { readonly status: 'lifted'; readonly liftedAt: string };

export const NO_PROTECTIVE_ADMINISTRATION: ProtectiveAdministrationState = { status: 'none' };

export function decideProtectiveAdministration(
  command: ProtectiveAdministrationCommand,
  state: ProtectiveAdministrationState,
  pathwayId: string,
): ProtectiveAdministrationEvent[] {
  const at = command.at.toISOString();
  switch (command.type) {
    case 'request-protective-administration':
      if (state.status === 'requested')
        throw new DomainRuleViolation('protective administration was already requested for this pathway');
      if (state.status === 'ordered')
        throw new DomainRuleViolation('protective administration is already in force for this pathway');
      return [{ type: 'protective-administration-requested', pathwayId, data: { at } }];
    case 'order-protective-administration':
      if (state.status === 'ordered')
        throw new DomainRuleViolation('protective administration is already in force for this pathway');
      if (state.status !== 'requested')
        throw new DomainRuleViolation('protective administration ordered before it was requested');
      return [{ type: 'protective-administration-ordered', pathwayId, data: { at } }];
    case 'lift-protective-administration':
      if (state.status !== 'ordered')
        throw new DomainRuleViolation('no protective administration is in force for this pathway');
      return [{ type: 'protective-administration-lifted', pathwayId, data: { at } }];
  }
}

export function evolveProtectiveAdministration(
  _state: ProtectiveAdministrationState,
  event: ProtectiveAdministrationEvent,
): ProtectiveAdministrationState {
  switch (event.type) {
    case 'protective-administration-requested':
      return { status: 'requested', requestedAt: event.data.at };
    case 'protective-administration-ordered':
      return { status: 'ordered', orderedAt: event.data.at };
    case 'protective-administration-lifted':
      return { status: 'lifted', liftedAt: event.data.at };
  }
}
