import type { EntityManager } from 'typeorm';
import type { CourtFact } from '../domain/court/court-instrument.history';
import type { CourtFactStore } from './court-fact-store.port';
import type { PathwayStore } from './pathway-store.port';

/** What a court event did; the consumer logs it. */
export type CourtFactOutcome =
  | { readonly kind: 'recorded'; readonly pathwayId: string }
  | { readonly kind: 'ignored'; readonly pathwayId: string; readonly reason: string };

/**
 * Keeps the court instruments the court liaison publishes about the
 * municipality's pathways, for the DDAS delivery. Works in the inbox
 * transaction it is given, so a redelivered event has no second effect.
 */
export class CourtInstrumentsHandler {
  constructor(
    private readonly pathways: Pick<PathwayStore, 'loadAnyForUpdate'>,
    private readonly facts: Pick<CourtFactStore, 'record'>,
  ) {}

  async record(
    manager: EntityManager,
    received: { readonly eventId: string; readonly pathwayId: string; readonly fact: CourtFact },
  ): Promise<CourtFactOutcome> {
    const { pathwayId } = received;
    // Locked like any other change to the pathway, so an erasure cannot interleave.
    const pathway = await this.pathways.loadAnyForUpdate(manager, pathwayId);
    // A court case on a pathway the municipality never had (e.g. a GP's) is not the municipality's to report.
    if (!pathway) return { kind: 'ignored', pathwayId, reason: 'not a pathway of this service' };
    await this.facts.record(manager, { ...received, municipalityCode: pathway.state.municipalityCode });
    return { kind: 'recorded', pathwayId };
  }
}
