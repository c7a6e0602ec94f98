import type { EntityManager } from 'typeorm';

/**
 * What the GP service knows about a pathway beyond its practices' own records
 * (its responsible municipality, merges), and how its personal data of a
 * pathway is erased. Every method takes the transaction's EntityManager
 * (STYLE.md rule 4). Implemented by adapters/persistence/pathway-privacy.repository.ts.
 */
export interface PathwayPrivacyStore {
  /**
   * Remembers `municipalityCode` as responsible for the pathway, but only for a
   * pathway a practice has a consent or referral on (its own episode pathway,
   * or the pathway its referral follows): the chain's other pathways are none
   * of its business (data minimisation).
   */
  rememberMunicipality(manager: EntityManager, pathwayId: string, municipalityCode: string): Promise<void>;
  /** Remembers that the municipality merged a pathway the GP service knows into `intoPathwayId`. */
  rememberMerge(
    manager: EntityManager,
    pathwayId: string,
    intoPathwayId: string,
    municipalityCode: string,
  ): Promise<void>;
  /** The municipality responsible for the pathway, or null when the GP service does not know one. */
  responsibleMunicipality(manager: EntityManager, pathwayId: string): Promise<string | null>;
  /** The pathway itself and every pathway merged into it (directly or through another merge). */
  pathwayWithMerged(manager: EntityManager, pathwayId: string): Promise<string[]>;
  /** Records the erasure; `false` (and no change) when this erasure id was already carried out. */
  recordErasure(manager: EntityManager, erasureId: string, pathwayId: string, at: Date): Promise<boolean>;
  /**
   * Irreversibly deletes what the practices hold of the resident on these
   * pathways: every consent on them or behind a referral on or following them
   * (BSN, patient reference, purpose, scope) with all referrals resting on those
   * consents, and the published copies of the episode's events still kept in
   * the outbox (the referral carries the resident pseudonym). What the chain
   * learnt stays on its topics, without personal data but the pseudonym.
   */
  erasePersonalData(manager: EntityManager, pathwayIds: readonly string[]): Promise<void>;
}
