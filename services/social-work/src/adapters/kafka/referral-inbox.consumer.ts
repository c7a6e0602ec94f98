import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEvent } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { SocialWorkCommandHandler } from '../../application/social-work.command-handler';
import { municipalityCodeOf } from '../../domain/organisation.urn';
import { PathwayPrivacyRepository } from '../persistence/pathway-privacy.repository';

/** The consumer (and group id) of the referral inbox. */
export const REFERRAL_INBOX_CONSUMER = 'social-work.referrals';
/** Producers whose referrals can be addressed to social work. */
export const REFERRAL_SOURCE_TOPICS: readonly string[] = ['municipality.events.v1', 'gp.events.v1'];

type ReferralMadeEvent =
  | KetenpadEvent<'nl.ketenpad.municipality.referral-made.v1'>
  | KetenpadEvent<'nl.ketenpad.gp.referral-made.v1'>;

/**
 * Feeds the referral inboxes from the municipality's and GPs' `referral-made`
 * events. The inbox row and the stored referral commit in one transaction, so
 * a redelivered event has no second effect; a referral to another kind of
 * organisation is recorded as seen and otherwise ignored (never thrown, which
 * would send a legitimate event to the DLQ).
 */
@Controller()
export class ReferralInboxConsumer {
  constructor(
    private readonly commands: SocialWorkCommandHandler,
    private readonly privacy: PathwayPrivacyRepository,
    private readonly logger: JsonLogger,
  ) {}

  @EventPattern('nl.ketenpad.municipality.referral-made.v1')
  async fromMunicipality(
    @Payload() context: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.referral-made.v1'>>,
  ): Promise<void> {
    await this.receive(context);
    // The referring municipality is responsible for the pathway (remembered only when the referral was taken in).
    const municipalityCode = municipalityCodeOf(context.event.source);
    if (municipalityCode !== undefined)
      await this.privacy.rememberMunicipality(context.manager, context.event.pathwayid, municipalityCode);
  }

  @EventPattern('nl.ketenpad.gp.referral-made.v1')
  async fromGp(@Payload() context: InboxEventContext<KetenpadEvent<'nl.ketenpad.gp.referral-made.v1'>>): Promise<void> {
    await this.receive(context);
  }

  private async receive({ event, manager }: InboxEventContext<ReferralMadeEvent>): Promise<void> {
    const { referralId, fromOrg, toOrg, reason, urgent, warm, at } = event.data;
    const takenIn = await this.commands.takeIn(manager, {
      referralId,
      pathwayId: event.pathwayid,
      fromOrg,
      toOrg,
      reason,
      urgent,
      warm,
      at,
    });
    this.logger.debug(takenIn ? 'referral taken into the inbox' : 'referral not for social work or already known', {
      eventId: event.id,
      referralId,
      pathwayId: event.pathwayid,
    });
  }
}
