import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { Clock } from '@ketenpad/runtime';
import { socialWorkUrn } from '../domain/organisation.urn';
import type { SupportKind, Threat } from '../domain/social-work.codes';
import { PathwayNotFound } from './application.errors';
import { referralView, type ReferralView } from './referral.query';
import type { CaseloadEntry, CaseloadStore, ReferralStore } from './social-work-store.port';

/** A pathway of the caseload as the social worker's list shows it. */
export interface CaseloadItemView {
  pathwayId: string;
  openedBy: 'referral-accepted' | 'referral-made';
  /** ISO 8601. */
  openedAt: string;
  activeSupport: SupportKind[];
  urgentSituations: { threat: Threat; dueBy: string; flaggedAt: string }[];
}

/** One pathway of the caseload, with the organisation's own referrals on it (newest first). */
export interface CaseloadPathwayView extends CaseloadItemView {
  referrals: ReferralView[];
}

function itemView(entry: CaseloadEntry): CaseloadItemView {
  return {
    pathwayId: entry.pathwayId,
    openedBy: entry.openedBy,
    openedAt: entry.openedAt.toISOString(),
    activeSupport: [...entry.activeSupport],
    urgentSituations: entry.urgentSituations.map((u) => ({
      threat: u.threat,
      dueBy: u.dueBy,
      flaggedAt: u.flaggedAt.toISOString(),
    })),
  };
}

/**
 * Reads a social-work organisation's caseload: the pathways it took on
 * (accepted referral, or its own onward referral on a new pathway) and only
 * its own records of them. Every pathway shown is recorded in the access log
 * (resource `caseload`) in the reading transaction.
 */
export class CaseloadQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caseload: CaseloadStore,
    private readonly referrals: ReferralStore,
    private readonly clock: Clock,
    private readonly accessLog: AccessLog,
  ) {}

  /** The caller's caseload (`organisationId`, e.g. `SW-AMS`), most recently opened first. */
  async list(principal: Principal, organisationId: string, purpose: string): Promise<CaseloadItemView[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const entries = await this.caseload.list(manager, socialWorkUrn(organisationId));
      await this.log(manager, principal, entries, purpose);
      return entries.map(itemView);
    });
  }

  /** One pathway of the caller's caseload; {@link PathwayNotFound} when it is not in it (whoever else works on it). */
  async pathway(
    principal: Principal,
    organisationId: string,
    pathwayId: string,
    purpose: string,
  ): Promise<CaseloadPathwayView> {
    const now = this.clock.now();
    const organisation = socialWorkUrn(organisationId);
    return inTransaction(this.dataSource, async (manager) => {
      const entry = await this.caseload.find(manager, organisation, pathwayId);
      if (!entry) throw new PathwayNotFound();
      const referrals = await this.referrals.listOnPathway(manager, organisation, pathwayId);
      await this.log(manager, principal, [entry], purpose);
      return { ...itemView(entry), referrals: referrals.map((r) => referralView(r, now)) };
    });
  }

  private async log(
    manager: EntityManager,
    principal: Principal,
    entries: readonly CaseloadEntry[],
    purpose: string,
  ): Promise<void> {
    await this.accessLog.record(
      principal,
      entries.map((e) => ({ pathwayId: e.pathwayId, resource: 'caseload', classifications: ['chain'] })),
      purpose,
      manager,
    );
  }
}
