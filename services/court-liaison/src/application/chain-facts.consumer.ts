import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEvent } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import type { PathwayPrivacyStore } from './pathway-privacy.port';
import { PATHWAY_PRIVACY_STORE } from './pathway-privacy.token';
import { municipalityCodeOf } from '../domain/court-case/court-case.codes';
import { PersonalDataErasureHandler } from './personal-data-erasure.handler';

/**
 * The municipality's facts the court liaison needs for need-to-know and
 * erasure, from the referral subscription (same consumer, same group id):
 * which municipality is responsible for a pathway it knows (help-requested,
 * pathway-merged), and its erasure requests. Each commits with the inbox row,
 * so a redelivered event has no second effect.
 */
@Controller()
export class ChainFactsConsumer {
  private readonly logger: JsonLogger;

  constructor(
    @Inject(PATHWAY_PRIVACY_STORE) private readonly privacy: PathwayPrivacyStore,
    private readonly erasure: PersonalDataErasureHandler,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('chain-facts.consumer');
  }

  @EventPattern('nl.ketenpad.municipality.help-requested.v1')
  async helpRequested(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.help-requested.v1'>>,
  ): Promise<void> {
    await this.privacy.rememberMunicipality(manager, event.pathwayid, event.data.municipalityCode);
  }

  @EventPattern('nl.ketenpad.municipality.pathway-merged.v1')
  async pathwayMerged(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.pathway-merged.v1'>>,
  ): Promise<void> {
    const municipalityCode = municipalityCodeOf(event.source);
    if (municipalityCode === undefined) return;
    await this.privacy.rememberMerge(manager, event.pathwayid, event.data.intoPathwayId, municipalityCode);
  }

  @EventPattern('nl.ketenpad.municipality.personal-data-erased.v1')
  async personalDataErased(
    @Payload() { event, manager }: InboxEventContext<KetenpadEvent<'nl.ketenpad.municipality.personal-data-erased.v1'>>,
  ): Promise<void> {
    const answered = await this.erasure.erase(manager, event.pathwayid, event.data.erasureId);
    this.logger.info(answered ? 'erasure request answered' : 'erasure request already answered', {
      pathwayId: event.pathwayid,
      erasureId: event.data.erasureId,
    });
  }
}
