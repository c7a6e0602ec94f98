import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { buildEvent } from '@ketenpad/events';
import { OutboxWriter } from '@ketenpad/messaging';
import { Clock, JsonLogger } from '@ketenpad/runtime';
import { TimelineRepository } from '../adapters/persistence/timeline.repository';
import { TIMELINE_SOURCE, TIMELINE_TOPIC } from './bottleneck-alert.scheduler';

/**
 * Carries out the municipality's erasure request in the timeline: removes
 * what could identify the resident from the entries of the pathway and of
 * every pathway merged into it, remembers the erasure (so events projected
 * later, or again in a rebuild, are stored without it), and answers with
 * `nl.ketenpad.timeline.personal-data-erased.v1` through the outbox - all in
 * the inbox transaction of the request, so erasure and answer commit together
 * and happen once per erasure id.
 */
@Injectable()
export class PersonalDataErasure {
  constructor(
    private readonly repository: TimelineRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /** `false` when this erasure id was answered before (only the idempotent stripping runs again) or the request is malformed. */
  async erase(manager: EntityManager, pathwayId: string, data: Readonly<Record<string, unknown>>): Promise<boolean> {
    const erasureId = data.erasureId;
    if (typeof erasureId !== 'string') return false;
    const now = this.clock.now();
    const { recorded, ...erased } = await this.repository.erasePersonalData(manager, erasureId, pathwayId, now);
    if (!recorded) {
      this.logger.info('erasure request already carried out', { pathwayId, erasureId, ...erased });
      return false;
    }
    const answer = buildEvent({
      type: 'nl.ketenpad.timeline.personal-data-erased.v1',
      source: TIMELINE_SOURCE,
      pathwayId,
      time: now.toISOString(),
      data: { erasureId, at: now.toISOString() },
    });
    await this.outbox.append(manager, [answer], { topic: TIMELINE_TOPIC });
    this.logger.info('personal data of the pathway erased from the timeline', { pathwayId, erasureId, ...erased });
    return true;
  }

  /**
   * A merge learned of after the surviving pathway's erasure: the merged
   * pathway (and what was merged into it) inherits that erasure, so its stored
   * entries lose their identifying data and its later events arrive without.
   * No answer is published: the erasure request was answered already.
   */
  async mergeRecorded(
    manager: EntityManager,
    pathwayId: string,
    data: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const intoPathwayId = data.intoPathwayId;
    if (typeof intoPathwayId !== 'string') return;
    const inherited = await this.repository.inheritErasure(manager, pathwayId, intoPathwayId);
    if (inherited.pathways > 0)
      this.logger.info('merged pathway inherits the erasure of the pathway it was merged into', {
        pathwayId,
        intoPathwayId,
        ...inherited,
      });
  }
}
