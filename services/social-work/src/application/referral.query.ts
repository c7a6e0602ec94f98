import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import { waitingHours, type ReceivedReferral, type ReferralStatus } from '../domain/referral/received-referral';
import { socialWorkUrn } from '../domain/organisation.urn';
import type { DeclineReason, ReferralReason } from '../domain/social-work.codes';
import type { Clock } from '@ketenpad/runtime';
import { ReferralNotFound } from './application.errors';
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

/**
 * Reads a social-work organisation's referral inbox.
 *
 * Need-to-know: the inbox shows an organisation only referrals addressed to
 * it, which is what `readAccess` (libs/privacy) grants a participant (the
 * `chain` class; referrals are `chain`) and nothing of the rest of the pathway.
 * One rule here is the organisation's own: a referral it declined stays in its
 * inbox (status `declined`), where the policy would hide that pathway from then
 * on; the organisation sees only its own decision and the referral it answered,
 * its own record, which `mayReadEvent` always shows the producer.
 */
export class ReferralQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralStore,
    private readonly clock: Clock,
    private readonly accessLog: AccessLog,
  ) {}

  /**
   * The referrals addressed to the caller's social-work organisation
   * (`organisationId`, e.g. `SW-AMS`); every pathway shown is recorded in the
   * access log (one row per pathway, resource `referral`) in the reading transaction.
   */
  async inbox(
    principal: Principal,
    organisationId: string,
    purpose: string,
    status?: ReferralStatus,
  ): Promise<ReferralView[]> {
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      const referrals = await this.referrals.list(manager, socialWorkUrn(organisationId), status);
      const pathways = [...new Set(referrals.map((r) => r.pathwayId))];
      await this.accessLog.record(
        principal,
        pathways.map((pathwayId) => ({ pathwayId, resource: 'referral', classifications: ['chain'] })),
        purpose,
        manager,
      );
      return referrals.map((r) => referralView(r, now));
    });
  }

  /**
   * One referral addressed to the caller's organisation, recorded in the access
   * log like an inbox read; {@link ReferralNotFound} for an unknown referral or
   * one addressed to another organisation (the same answer).
   */
  async referral(
    principal: Principal,
    organisationId: string,
    referralId: string,
    purpose: string,
  ): Promise<ReferralView> {
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      const referral = await this.referrals.find(manager, socialWorkUrn(organisationId), referralId);
      if (!referral) throw new ReferralNotFound();
      await this.accessLog.record(
        principal,
        [{ pathwayId: referral.pathwayId, resource: 'referral', classifications: ['chain'] }],
        purpose,
        manager,
      );
      return referralView(referral, now);
    });
  }
}
