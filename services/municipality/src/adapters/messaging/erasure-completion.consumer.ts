import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';
import type { EventEnvelope } from '@ketenpad/events';
import type { InboxEventContext } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { PersonalDataErasureHandler } from '../../application/personal-data-erasure.command-handler';
import { ERASING_SERVICES, erasingServiceOf } from '../../domain/erasure/personal-data-erasure';

/** Every other service's answer to an erasure request. */
export const ERASURE_ANSWER_TYPES: readonly string[] = ERASING_SERVICES.filter((s) => s !== 'municipality').map(
  (service) => `nl.ketenpad.${service}.personal-data-erased.v1`,
);

type ErasureAnswer = KetenpadEventDataMap['nl.ketenpad.gp.personal-data-erased.v1'];

/**
 * Records, per service, that it carried out an erasure request the
 * municipality made (its own `personal-data-erased` with the same erasureId).
 * An answer to an erasure this municipality never requested is ignored (logged),
 * never thrown: it is not retried or dead-lettered.
 */
@Controller()
export class ErasureCompletionConsumer {
  private readonly logger = new JsonLogger('municipality', 'erasure-completion');

  constructor(private readonly erasures: PersonalDataErasureHandler) {}

  @EventPattern([...ERASURE_ANSWER_TYPES])
  async personalDataErased(
    @Payload() { event, manager }: InboxEventContext<EventEnvelope<ErasureAnswer>>,
  ): Promise<void> {
    const service = erasingServiceOf(event.type);
    // Only the types above are routed here; a type without a service is a bug in the list.
    if (!service) throw new Error(`no erasing service for event type ${event.type}`);
    const outcome = await this.erasures.recordCompletion(manager, {
      erasureId: event.data.erasureId,
      service,
      at: new Date(event.data.at),
    });
    const fields = { eventId: event.id, erasureId: event.data.erasureId, pathwayId: event.pathwayid, service, outcome };
    if (outcome === 'unknown-erasure') this.logger.warn('erasure answer ignored', fields);
    else this.logger.info('erasure completion recorded', fields);
  }
}
