import type { EntityManager } from 'typeorm';
import type { CourtCaseState } from '../domain/court-case/court-case.state';

/** A court case as loaded: its state and the version the next save must match. */
export interface StoredCourtCase {
  readonly state: CourtCaseState;
  readonly version: number;
}

/**
 * Where court cases and the referrals that reached them are kept. Every method
 * takes the transaction's EntityManager explicitly (STYLE.md rule 4) and is
 * scoped to an organisation. Implemented by adapters/persistence/court-case.repository.ts.
 */
export interface CourtCaseStore {
  /** Loads and locks the case (SELECT … FOR UPDATE) for a command. */
  loadForUpdate(
    manager: EntityManager,
    organisationId: string,
    pathwayId: string,
  ): Promise<StoredCourtCase | undefined>;
  /**
   * Locks the case, first creating it in state `new` when there is none (the row only commits with its first event).
   * Only for a referral received: a court liaison never creates a case on its own (see CourtCaseCommandHandler.openCase).
   */
  loadOrCreateForUpdate(manager: EntityManager, organisationId: string, pathwayId: string): Promise<StoredCourtCase>;
  /** Loads without locking, for reads. */
  load(manager: EntityManager, organisationId: string, pathwayId: string): Promise<StoredCourtCase | undefined>;
  /** Every case of the organisation that a referral opened (never one still `new`), most recently changed first. */
  list(manager: EntityManager, organisationId: string): Promise<CourtCaseState[]>;
  /** Saves new state if nobody saved since `expectedVersion`. */
  update(manager: EntityManager, state: CourtCaseState, expectedVersion: number): Promise<StoredCourtCase>;
  /** Remembers which pathway a referral to this organisation concerns; a repeat is ignored. */
  recordReferral(manager: EntityManager, organisationId: string, referralId: string, pathwayId: string): Promise<void>;
  /** The pathway of a referral addressed to this organisation; undefined for one addressed to any other. */
  pathwayOfReferral(manager: EntityManager, organisationId: string, referralId: string): Promise<string | undefined>;
}
