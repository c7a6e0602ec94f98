import type { EntityManager } from 'typeorm';
import { buildEvent, serviceSourceFor } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import type { Clock } from '@ketenpad/runtime';
import { SOCIAL_WORK_TOPIC } from './social-work-event.envelope';
import type { PathwayPrivacyStore } from './pathway-privacy.port';

/**
 * Source of the erasure answer: the social-work service itself, which erases
 * for every social-work organisation it hosts (not one organisation's act).
 */
export const SOCIAL_WORK_SERVICE_SOURCE = serviceSourceFor('social-work');

/**
 * Carries out the municipality's erasure request for a pathway (issue 6.4):
 * erases social work's personal data of the pathway and of every pathway
 * merged into it, and answers with `personal-data-erased` (same erasure id)
 * in the same transaction, so the erasure and its answer commit together.
 */
export class PersonalDataErasureHandler {
  constructor(
    private readonly store: PathwayPrivacyStore,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Inside the inbox transaction; `false` when this erasure id was carried out before (nothing happens again). */
  async erase(manager: EntityManager, pathwayId: string, erasureId: string): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.store.recordErasure(manager, erasureId, pathwayId, now))) return false;
    await this.store.erasePersonalData(manager, await this.store.pathwayWithMerged(manager, pathwayId));
    const answer = buildEvent({
      type: 'nl.ketenpad.social-work.personal-data-erased.v1',
      source: SOCIAL_WORK_SERVICE_SOURCE,
      pathwayId,
      data: { erasureId, at: now.toISOString() },
      time: now.toISOString(),
    });
    await this.outbox.append(manager, [answer], { topic: SOCIAL_WORK_TOPIC });
    return true;
  }
}
