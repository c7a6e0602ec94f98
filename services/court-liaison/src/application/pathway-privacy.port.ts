import type { EntityManager } from 'typeorm';

/**
 * What the court liaison knows about a pathway beyond its own cases (its
 * responsible municipality, merges) and which erasures it answered. Every
 * method takes the transaction's EntityManager (STYLE.md rule 4).
 * Implemented by adapters/persistence/pathway-privacy.repository.ts.
 */
export interface PathwayPrivacyStore {
  /**
   * Remembers `municipalityCode` as responsible for the pathway, but only for a
   * pathway the court liaison has a case or referral of: the chain's other
   * pathways are none of its business (data minimisation).
   */
  rememberMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void>;
  /** Remembers that the municipality merged a pathway the court liaison knows into `intoPathwayId`. */
  rememberMerge(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
    municipalityCode: string,
  ): Promise<void>;
  /** The municipality responsible for the pathway, or null when the court liaison does not know one. */
  responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null>;
  /** The pathway itself and every pathway merged into it (directly or through another merge). */
  pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]>;
  /** Records the erasure; `false` (and no change) when this erasure id was already answered. */
  recordErasure(manager: EntityManager, erasureId: string, pathwayId: string, at: Date): Promise<boolean>;
}
