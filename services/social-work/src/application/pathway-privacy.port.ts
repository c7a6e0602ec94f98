import type { EntityManager } from 'typeorm';

/**
 * What social work knows about a pathway beyond its own records (its
 * responsible municipality, merges), and how its personal data of a pathway
 * is erased. Every method takes the transaction's EntityManager (STYLE.md
 * rule 4). Implemented by adapters/persistence/pathway-privacy.repository.ts.
 */
export interface PathwayPrivacyStore {
  /**
   * Remembers `municipalityCode` as responsible for the pathway, but only for a
   * pathway social work holds records of: the chain's other pathways are none
   * of its business (data minimisation).
   */
  rememberMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void>;
  /** Remembers that the municipality merged a pathway social work holds records of into `intoPathwayId`. */
  rememberMerge(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
    municipalityCode: string,
  ): Promise<void>;
  /** The municipality responsible for the pathway, or null when social work does not know one. */
  responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null>;
  /** The pathway itself and every pathway merged into it (directly or through another merge). */
  pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]>;
  /** Records the erasure; `false` (and no change) when this erasure id was already carried out. */
  recordErasure(manager: EntityManager, erasureId: string, pathwayId: string, at: Date): Promise<boolean>;
  /**
   * Irreversibly removes the personal data social work holds of these pathways:
   * the resident pseudonyms of its onward referrals, including the published
   * copies still kept in its outbox. The coded, pseudonymous facts (referrals,
   * caseload, support periods) stay, as the timeline keeps them.
   */
  erasePersonalData(manager: EntityManager, pathwayIds: readonly string[]): Promise<void>;
}
