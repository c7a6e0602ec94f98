import type { DataSource } from 'typeorm';
import { waitingHours, type ReceivedReferral, type ReferralStatus } from '../domain/referral/received-referral';
import { socialWorkUrn } from '../domain/organisation.urn';
import type { DeclineReason, ReferralReason } from '../domain/social-work.codes';
import type { Clock } from '@ketenpad/runtime';
import type { ReferralStore } from './social-work-store.port';

/** A referral as the addressed organisation's inbox shows it. */
export interface ReferralView {
  referralId: string;
  pathwayId: string;
  fromOrg: string;
  toOrg: string;
  reason: ReferralReason;
  urgent: boolean;
  warm: boolean;
  status: ReferralStatus;
  /** ISO 8601. */
  madeAt: string;
  receivedAt: string;
  decidedAt: string | null;
  declineReason: DeclineReason | null;
  firstContactAt: string | null;
  /** Whole hours since the referral was made: until now while open, until the decision otherwise. */
  waitingHours: number;
}

export function referralView(referral: ReceivedReferral, now: Date): ReferralView {
  return {
    referralId: referral.referralId,
    pathwayId: referral.pathwayId,
    fromOrg: referral.fromOrg,
    toOrg: referral.toOrg,
    reason: referral.reason,
    urgent: referral.urgent,
    warm: referral.warm,
    status: referral.status,
    madeAt: referral.madeAt.toISOString(),
    receivedAt: referral.receivedAt.toISOString(),
    decidedAt: referral.decidedAt?.toISOString() ?? null,
    declineReason: referral.declineReason,
    firstContactAt: referral.firstContactAt?.toISOString() ?? null,
    waitingHours: waitingHours(referral, now),
  };
}

/** Reads a social-work organisation's referral inbox. */
export class ReferralQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralStore,
    private readonly clock: Clock,
  ) {}

  /** The referrals addressed to the social-work organisation `organisationId` (e.g. `SW-AMS`). */
  async inbox(organisationId: string, status?: ReferralStatus): Promise<ReferralView[]> {
    const now = this.clock.now();
    const referrals = await this.referrals.list(this.dataSource.manager, socialWorkUrn(organisationId), status);
    return referrals.map((r) => referralView(r, now));
  }
}
