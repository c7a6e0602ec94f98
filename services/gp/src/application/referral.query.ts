import type { DataSource } from 'typeorm';
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

/** Reads for the practice's own staff; another practice's referral is "not found". */
export class ReferralQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: GpStore,
  ) {}

  async list(practiceId: string): Promise<ReferralView[]> {
    return (await this.store.listReferrals(this.dataSource.manager, practiceId)).map(viewOf);
  }

  async get(practiceId: string, referralId: string): Promise<ReferralView> {
    const referral = await this.store.loadReferral(this.dataSource.manager, practiceId, referralId);
    if (!referral) throw new ReferralNotFound();
    return viewOf(referral);
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
