import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ANY_EVENT, type InboxEventContext } from '@ketenpad/platform';
import { type ChainEvent, parseSource } from '../domain/chain-event';
import { describeEvent } from '../domain/event-description';
import { evolveSummary, type PathwaySummary } from '../domain/pathway-summary';
import { TimelineRepository } from '../adapters/persistence/timeline.repository';

import { PROJECTION_GENERATION, projectionConsumerName } from './projection.generation';

/**
 * Projects every chain event into the timeline: one entry per event, the
 * pathway summary with the coordinator analytics derived from it, plus the
 * checkpoint, all in the inbox transaction - so an event is applied exactly
 * once even when Kafka delivers it again.
 */
@Controller()
export class TimelineProjection {
  private readonly consumerName: string;

  constructor(
    private readonly repository: TimelineRepository,
    @Inject(PROJECTION_GENERATION) generation: string,
  ) {
    this.consumerName = projectionConsumerName(generation);
  }

  @EventPattern(ANY_EVENT)
  async project(@Payload() { event: envelope, manager, meta }: InboxEventContext): Promise<void> {
    const event: ChainEvent = {
      id: envelope.id,
      type: envelope.type,
      source: envelope.source,
      time: envelope.time,
      pathwayId: envelope.pathwayid,
      classification: envelope.classification,
      data: envelope.data,
    };
    const organisation = parseSource(event.source) ?? { kind: 'unknown', id: event.source };
    const current = await this.repository.lockSummary(manager, event.pathwayId);
    const entry = {
      event,
      organisationKind: organisation.kind,
      organisationId: organisation.id,
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      summary: describeEvent(event),
    };
    // Topics are consumed independently, so a pathway's events can arrive out of
    // order (always so when rebuilding from offset zero). The summary is defined as
    // the fold of all its events in canonical order: fold incrementally when this
    // event is the newest, otherwise store it and fold the stored events again.
    const incremental = current === undefined || event.time > current.lastEventAt;
    if (!incremental) await this.repository.insertEntry(manager, entry);
    const next = incremental
      ? evolveSummary(current, event)
      : (await this.repository.findEventsForFold(manager, event.pathwayId)).reduce<PathwaySummary | undefined>(
          evolveSummary,
          undefined,
        )!;
    await this.repository.saveProjection(manager, entry, current, next, {
      consumer: this.consumerName,
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
    });
  }
}
