import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEvent } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { courtLiaisonIdOf, municipalityCodeOf } from '../domain/court-case/court-case.codes';
import { CourtCaseCommandHandler } from './court-case.command-handler';
import type { PathwayPrivacyStore } from './pathway-privacy.port';
import { PATHWAY_PRIVACY_STORE } from './pathway-privacy.token';

/** The referral event this service reacts to (the codec validated it against its schema on consume). */
export const MUNICIPALITY_REFERRAL_MADE = 'nl.ketenpad.municipality.referral-made.v1';

/**
 * Opens a court case when a municipality refers a pathway to a court liaison.
 * Runs in the inbox transaction: the inbox row and the case commit together,
 * so a redelivered event has no second effect. Referrals to other kinds of
 * organisation are legitimately irrelevant here and are ignored, not thrown.
 */
@Controller()
export class CourtReferralConsumer {
  private readonly logger: JsonLogger;

  constructor(
    private readonly commands: CourtCaseCommandHandler,
    @Inject(PATHWAY_PRIVACY_STORE) private readonly privacy: PathwayPrivacyStore,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('court-referral.consumer');
  }

  @EventPattern(MUNICIPALITY_REFERRAL_MADE)
  async onReferralMade(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<typeof MUNICIPALITY_REFERRAL_MADE>>,
  ): Promise<void> {
    const organisationId = courtLiaisonIdOf(event.data.toOrg);
    if (organisationId === undefined) return;
    const outcome = await this.commands.receiveReferral(manager, organisationId, event.pathwayid, {
      referralId: event.data.referralId,
      fromOrg: event.data.fromOrg,
      reason: event.data.reason,
      urgent: event.data.urgent,
      madeAt: new Date(event.data.at),
    });
    // The referring municipality is responsible for the pathway (need-to-know of the access log).
    const municipalityCode = municipalityCodeOf(event.source);
    if (municipalityCode !== undefined)
      await this.privacy.rememberMunicipality(manager, event.pathwayid, municipalityCode);
    if (outcome.events.length > 0) {
      this.logger.info('court case received a referral', {
        pathwayId: event.pathwayid,
        organisationId,
        referralId: event.data.referralId,
      });
    }
  }
}
