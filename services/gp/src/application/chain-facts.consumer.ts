import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEvent } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { PATHWAY_PRIVACY_STORE } from './gp-store.token';
import type { PathwayPrivacyStore } from './pathway-privacy.port';
import { PersonalDataErasureHandler } from './personal-data-erasure.handler';

/**
 * The municipality's facts the GP service needs for need-to-know and erasure,
 * from the outcome feedback's subscription (same consumer, same group id):
 * which municipality is responsible for a pathway the practices know
 * (help-requested; merges and acceptances are remembered by the
 * ReferralOutcomeConsumer, which already handles them), and its erasure
 * requests. Each commits with the inbox row, so a redelivery has no second effect.
 */
@Controller()
export class ChainFactsConsumer {
  private readonly logger: JsonLogger;

  constructor(
    @Inject(PATHWAY_PRIVACY_STORE) private readonly privacy: PathwayPrivacyStore,
    private readonly erasure: PersonalDataErasureHandler,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('chain-facts');
  }

  @EventPattern('nl.ketenpad.municipality.help-requested.v1')
  async helpRequested(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.help-requested.v1'>>,
  ): Promise<void> {
    await this.privacy.rememberMunicipality(manager, event.pathwayid, event.data.municipalityCode);
  }

  @EventPattern('nl.ketenpad.municipality.personal-data-erased.v1')
  async personalDataErased(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.personal-data-erased.v1'>>,
  ): Promise<void> {
    const erased = await this.erasure.erase(manager, event.pathwayid, event.data.erasureId);
    this.logger.info(erased ? 'personal data of the pathway erased' : 'erasure request already carried out', {
      pathwayId: event.pathwayid,
      erasureId: event.data.erasureId,
    });
  }
}
