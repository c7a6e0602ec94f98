import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { OutboxWriter } from '@ketenpad/messaging';
import { inTransaction } from '@ketenpad/persistence';
import type { ReferralReason } from '../domain/gp.codes';
import { makeReferral, type Referral } from '../domain/referral/referral';
import type { Clock } from '@ketenpad/runtime';
import { GP_TOPIC, gpEvent, practiceUrn } from './gp-event.envelope';
import type { GpStore } from './gp-store.port';

/** What the practice sends when it refers a patient. */
export interface ReferralRequest {
  readonly referralId: string;
  readonly consentId: string;
  readonly toOrg: string;
  readonly reason: ReferralReason;
  readonly urgent: boolean;
  readonly warm: boolean;
  /** When the referral was made on the practice's own system, if earlier than now (the adapter checks its bounds). */
  readonly madeAt?: Date;
}

/**
 * Makes referrals on a valid consent. The event carries the consent id and the
 * resident's keyed pseudonym (so the receiver can find an existing file of the
 * same person), never the BSN and never why the GP refers.
 */
export class ReferralCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly store: GpStore,
  ) {}

  /**
   * A DomainRuleViolation (409, nothing written) without a valid consent of
   * this practice today: the referral goes out now, whenever it was made.
   */
  async refer(practiceId: string, request: ReferralRequest): Promise<Referral> {
    const now = this.clock.now();
    const madeAt = request.madeAt ?? now;
    const referral = await inTransaction(this.dataSource, async (manager) => {
      // Locked so a withdrawal cannot commit between the check and the referral.
      const consent = await this.store.loadConsentForUpdate(manager, practiceId, request.consentId);
      const made = makeReferral(
        {
          referralId: request.referralId,
          practiceId,
          fromOrg: practiceUrn(practiceId),
          toOrg: request.toOrg,
          reason: request.reason,
          urgent: request.urgent,
          warm: request.warm,
          at: madeAt,
        },
        consent,
        LocalDate.fromInstant(now),
      );
      await this.store.insertReferral(manager, made);
      const event = gpEvent(
        'nl.ketenpad.gp.referral-made.v1',
        practiceId,
        made.pathwayId,
        {
          referralId: made.referralId,
          fromOrg: made.fromOrg,
          toOrg: made.toOrg,
          reason: made.reason,
          urgent: made.urgent,
          warm: made.warm,
          consentRef: made.consentId,
          // consent is defined here: makeReferral refuses a missing one. Computed when the consent was recorded.
          residentPseudonym: consent!.residentPseudonym,
          at: madeAt.toISOString(),
        },
        now,
      );
      await this.outbox.append(manager, [event], { topic: GP_TOPIC });
      return made;
    });
    this.outbox.afterCommit();
    return referral;
  }
}
