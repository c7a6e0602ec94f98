import type { EntityManager } from 'typeorm';
import type { ErasingService, PersonalDataErasure } from '../domain/erasure/personal-data-erasure';

/**
 * Where erasure requests and their completion per service are kept.
 * Implemented by adapters/persistence/erasure.repository.ts.
 */
export interface ErasureStore {
  forPathway(manager: EntityManager, pathwayId: string): Promise<PersonalDataErasure | undefined>;
  byId(manager: EntityManager, erasureId: string): Promise<PersonalDataErasure | undefined>;
  /** Stores a new request with the completions it already has (the municipality's own). */
  insert(manager: EntityManager, erasure: PersonalDataErasure, municipalityCode: string): Promise<void>;
  /** Records that a service carried the request out; false when it had already answered. */
  complete(manager: EntityManager, erasureId: string, service: ErasingService, at: Date): Promise<boolean>;
}
