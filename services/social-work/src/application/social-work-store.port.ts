import type { EntityManager } from 'typeorm';
import type { CaseloadEvent, CaseloadPathway } from '../domain/caseload/caseload-pathway';
import type { ReceivedReferral, ReferralStatus } from '../domain/referral/received-referral';
import type { ReferralMade } from '../domain/social-work.events';

/**
 * Where referral inboxes are kept. Every method takes the transaction's
 * EntityManager explicitly (STYLE.md rule 4) and is scoped to the addressed
 * organisation: a referral of another organisation is never returned.
 * Implemented by adapters/persistence/referral.repository.ts.
 */
export interface ReferralStore {
  /** Stores a new referral; `false` (and no change) when its id is already known. */
  insertIfNew(manager: EntityManager, referral: ReceivedReferral): Promise<boolean>;
  loadForUpdate(
    manager: EntityManager,
    organisation: string,
    referralId: string,
  ): Promise<ReceivedReferral | undefined>;
  /** The organisation's referrals on one pathway, locked, newest first. */
  loadOnPathwayForUpdate(manager: EntityManager, organisation: string, pathwayId: string): Promise<ReceivedReferral[]>;
  update(manager: EntityManager, referral: ReceivedReferral): Promise<void>;
  list(manager: EntityManager, organisation: string, status?: ReferralStatus): Promise<ReceivedReferral[]>;
  /** Records a referral the organisation made onward (with at most the resident's pseudonym). */
  insertOnward(manager: EntityManager, made: ReferralMade): Promise<void>;
}

/** Where each organisation's caseload (pathways it took on) and its support and urgent situations are kept. */
export interface CaseloadStore {
  loadForUpdate(manager: EntityManager, organisation: string, pathwayId: string): Promise<CaseloadPathway | undefined>;
  /** Adds the pathway to the caseload; nothing happens when it is there already. */
  open(
    manager: EntityManager,
    organisation: string,
    pathwayId: string,
    openedBy: 'referral-accepted' | 'referral-made',
    at: Date,
  ): Promise<void>;
  record(manager: EntityManager, organisation: string, events: readonly CaseloadEvent[]): Promise<void>;
}
