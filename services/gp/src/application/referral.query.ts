import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { Referral } from '../domain/referral/referral';
import { ReferralNotFound } from './application.errors';
import type { GpStore } from './gp-store.port';

/** The practice's view of a referral: where it went, why (coded), and what became of it. */
export interface ReferralView {
  readonly referralId: string;
  readonly consentId: string;
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly reason: Referral['reason'];
  readonly urgent: boolean;
  readonly warm: boolean;
  readonly madeAt: string;
  readonly status: Referral['status'];
  readonly outcome: Referral['outcome'];
  readonly outcomeAt: string | null;
}

/**
 * Reads for the practice's own staff; another practice's referral is "not found".
 *
 * Need-to-know: a practice reads its own referrals and what became of them,
 * nothing else of the pathway. That is the `referring GP` rule of `readAccess`
 * (libs/privacy): its own events and the outcome it was told. Every served read
 * is recorded in the access log (resource `referral`), once per pathway the
 * referral concerns: the practice's episode pathway and, once accepted, the
 * pathway it follows (the responsible municipality asks by the latter).
 */
export class ReferralQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: GpStore,
    private readonly accessLog: AccessLog,
  ) {}

  async list(principal: Principal, practiceId: string, purpose: string): Promise<ReferralView[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const referrals = await this.store.listReferrals(manager, practiceId);
      await this.logReads(manager, principal, referrals, purpose);
      return referrals.map(viewOf);
    });
  }

  async get(principal: Principal, practiceId: string, referralId: string, purpose: string): Promise<ReferralView> {
    return inTransaction(this.dataSource, async (manager) => {
      const referral = await this.store.loadReferral(manager, practiceId, referralId);
      if (!referral) throw new ReferralNotFound();
      await this.logReads(manager, principal, [referral], purpose);
      return viewOf(referral);
    });
  }

  private async logReads(
    manager: EntityManager,
    principal: Principal,
    referrals: readonly Referral[],
    purpose: string,
  ): Promise<void> {
    const pathways = new Set(
      referrals.flatMap((r) => (r.followedPathwayId === null ? [r.pathwayId] : [r.pathwayId, r.followedPathwayId])),
    );
    await this.accessLog.record(
      principal,
      [...pathways].map((pathwayId) => ({ pathwayId, resource: 'referral' })),
      purpose,
      manager,
    );
  }
}

/** The view of a referral; the followed pathway id is internal bookkeeping and stays out. */
export function viewOf(referral: Referral): ReferralView {
  return {
    referralId: referral.referralId,
    consentId: referral.consentId,
    fromOrg: referral.fromOrg,
    toOrg: referral.toOrg,
    reason: referral.reason,
    urgent: referral.urgent,
    warm: referral.warm,
    madeAt: referral.madeAt.toISOString(),
    status: referral.status,
    outcome: referral.outcome,
    outcomeAt: referral.outcomeAt?.toISOString() ?? null,
  };
}
