import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEvent } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { PersonalDataErasureHandler } from '../../application/personal-data-erasure.handler';
import { PathwayPrivacyRepository } from '../persistence/pathway-privacy.repository';
import { municipalityCodeOf } from '../../domain/organisation.urn';

/**
 * The municipality's facts social work needs for need-to-know and erasure,
 * from the referral inbox's subscription (same consumer, same group id):
 * which municipality is responsible for a pathway social work holds records
 * of (help-requested, pathway-merged), and its erasure requests. Each commits
 * with the inbox row, so a redelivered event has no second effect.
 */
@Controller()
export class ChainFactsConsumer {
  constructor(
    private readonly privacy: PathwayPrivacyRepository,
    private readonly erasure: PersonalDataErasureHandler,
    private readonly logger: JsonLogger,
  ) {}

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
    const erased = await this.erasure.erase(manager, event.pathwayid, event.data.erasureId);
    this.logger.info(erased ? 'personal data of the pathway erased' : 'erasure request already carried out', {
      pathwayId: event.pathwayid,
      erasureId: event.data.erasureId,
    });
  }
}
