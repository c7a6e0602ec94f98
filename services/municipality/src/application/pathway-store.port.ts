import type { EntityManager } from 'typeorm';
import type { Bsn } from '../domain/bsn';
import type { PathwayState } from '../domain/pathway/pathway.state';
import type { Resident } from '../domain/resident/resident';

/** A pathway as loaded: its state and the version the next save must match. */
export interface StoredPathway {
  readonly state: PathwayState;
  readonly version: number;
}

/**
 * Where pathways and their (encrypted) residents are kept. Every method takes
 * the transaction's EntityManager explicitly (STYLE.md rule 4) and is scoped to
 * a municipality. Implemented by adapters/persistence/pathway.repository.ts.
 */
export interface PathwayStore {
  loadForUpdate(manager: EntityManager, municipalityCode: string, pathwayId: string): Promise<StoredPathway | undefined>;
  load(manager: EntityManager, municipalityCode: string, pathwayId: string): Promise<StoredPathway | undefined>;
  findOpenByResidentForUpdate(manager: EntityManager, municipalityCode: string, bsn: Bsn): Promise<StoredPathway | undefined>;
  insert(manager: EntityManager, state: PathwayState, resident: Resident): Promise<StoredPathway>;
  update(manager: EntityManager, state: PathwayState, expectedVersion: number): Promise<StoredPathway>;
  loadResident(manager: EntityManager, pathwayId: string): Promise<Resident | undefined>;
}
