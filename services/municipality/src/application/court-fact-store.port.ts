import type { EntityManager } from 'typeorm';
import type { CourtFact } from '../domain/court/court-instrument.history';

/** A court fact as the municipality received it, for one of its pathways. */
export interface ReceivedCourtFact {
  /** Id of the court liaison's event: a redelivered event is recorded once. */
  readonly eventId: string;
  readonly pathwayId: string;
  readonly municipalityCode: string;
  readonly fact: CourtFact;
}

/**
 * The per-pathway history of court instruments, append-only. Implemented by
 * adapters/persistence/court-fact.repository.ts.
 */
export interface CourtFactStore {
  record(manager: EntityManager, received: ReceivedCourtFact): Promise<void>;
  /** The facts of these pathways of the municipality, by pathway id, in the order they happened. */
  listFor(
    manager: EntityManager,
    municipalityCode: string,
    pathwayIds: readonly string[],
  ): Promise<Map<string, CourtFact[]>>;
}
