import type { EntityManager } from 'typeorm';
import type { CaseloadEvent, CaseloadPathway } from '../domain/caseload/caseload-pathway';
import type { ReceivedReferral, ReferralStatus } from '../domain/referral/received-referral';
import type { SupportKind, Threat } from '../domain/social-work.codes';
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
  /** One referral addressed to the organisation, unlocked (a read); `undefined` for an unknown one or another organisation's. */
  find(manager: EntityManager, organisation: string, referralId: string): Promise<ReceivedReferral | undefined>;
  /** The organisation's referrals on one pathway, unlocked, newest first. */
  listOnPathway(manager: EntityManager, organisation: string, pathwayId: string): Promise<ReceivedReferral[]>;
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
  /** The organisation's caseload, most recently opened first, each with its running support and urgent situations. */
  list(manager: EntityManager, organisation: string): Promise<CaseloadEntry[]>;
  /** One pathway of the organisation's caseload; `undefined` when it is not in it (whoever else works on it). */
  find(manager: EntityManager, organisation: string, pathwayId: string): Promise<CaseloadEntry | undefined>;
}

/** A pathway of a caseload as the social worker reads it. */
export interface CaseloadEntry {
  readonly pathwayId: string;
  /** How it joined the caseload: the organisation accepted a referral, or referred onward on a new pathway. */
  readonly openedBy: 'referral-accepted' | 'referral-made';
  readonly openedAt: Date;
  /** The kinds of support running now, oldest first. */
  readonly activeSupport: readonly SupportKind[];
  /** Urgent situations flagged on it, oldest first. */
  readonly urgentSituations: readonly { threat: Threat; dueBy: string; flaggedAt: Date }[];
}
