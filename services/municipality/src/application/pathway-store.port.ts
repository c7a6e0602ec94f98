import type { EntityManager } from 'typeorm';
import type { Bsn } from '../domain/bsn';
import type { PathwayState } from '../domain/pathway/pathway.state';
import type { Resident } from '../domain/resident/resident';
import type { ExportPeriod } from '../domain/ddas/ddas-export.mapping';

/** A pathway as loaded: its state and the version the next save must match. */
export interface StoredPathway {
  readonly state: PathwayState;
  readonly version: number;
}

/** A line of the counsellor's work list. */
export interface PathwayListItem {
  readonly pathwayId: string;
  readonly status: PathwayState['status'];
  readonly phase: PathwayState['phase'];
  readonly crisis: PathwayState['crisis'];
  /** Wgs deadline 'YYYY-MM-DD'; null while the pathway has only early signals. */
  readonly firstConversationDue: string | null;
  readonly firstConversationHeldAt: string | null;
}

/**
 * Where pathways and their (encrypted) residents are kept. Every method takes
 * the transaction's EntityManager explicitly (STYLE.md rule 4) and is scoped to
 * a municipality. Implemented by adapters/persistence/pathway.repository.ts.
 */
export interface PathwayStore {
  loadForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    pathwayId: string,
  ): Promise<StoredPathway | undefined>;
  /** Any municipality's pathway, locked: for chain events that name only a pathway id. */
  loadAnyForUpdate(manager: EntityManager, pathwayId: string): Promise<StoredPathway | undefined>;
  load(manager: EntityManager, municipalityCode: string, pathwayId: string): Promise<StoredPathway | undefined>;
  findOpenByResidentForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    bsn: Bsn,
  ): Promise<StoredPathway | undefined>;
  /** The resident's newest not-closed, not erased pathway, by the chain pseudonym; locked. */
  findOpenByPseudonymForUpdate(
    manager: EntityManager,
    municipalityCode: string,
    residentPseudonym: string,
  ): Promise<StoredPathway | undefined>;
  /**
   * The erased pathway this pathway id is, or was merged into (a referral's
   * pathway taken into a resident's pathway); undefined when neither was erased.
   */
  erasedPathwayOf(manager: EntityManager, pathwayId: string): Promise<string | undefined>;
  /** Remembers that a referral's pathway id was merged into a pathway (no personal data: two ids). */
  recordMerge(manager: EntityManager, mergedPathwayId: string, intoPathwayId: string, at: Date): Promise<void>;
  /** A pathway opened by a referral has no resident yet. */
  insert(manager: EntityManager, state: PathwayState, resident?: Resident): Promise<StoredPathway>;
  /** False when the pathway's data key was destroyed (erased). */
  saveResident(manager: EntityManager, state: PathwayState, resident: Resident): Promise<boolean>;
  list(
    manager: EntityManager,
    municipalityCode: string,
    filter: { status?: PathwayState['status']; limit: number },
  ): Promise<PathwayListItem[]>;
  /** The municipality's pathways of the resident with this BSN (blind index), newest first. */
  findByResident(manager: EntityManager, municipalityCode: string, bsn: Bsn): Promise<PathwayListItem[]>;
  update(manager: EntityManager, state: PathwayState, expectedVersion: number): Promise<StoredPathway>;
  loadResident(manager: EntityManager, pathwayId: string): Promise<Resident | undefined>;
  /** Deletes the resident record and destroys the pathway's data key (crypto-shredding). */
  erasePersonalData(manager: EntityManager, pathwayId: string): Promise<void>;
  /**
   * The municipality's pathways with a help request that may have been active
   * in the period (a superset: the domain's `wasActiveIn` decides exactly).
   */
  listActiveBetween(manager: EntityManager, municipalityCode: string, period: ExportPeriod): Promise<PathwayState[]>;
  /** The municipality's pathways with an early signal whose signaldatum lies in the period. */
  listSignalledBetween(manager: EntityManager, municipalityCode: string, period: ExportPeriod): Promise<PathwayState[]>;
}
