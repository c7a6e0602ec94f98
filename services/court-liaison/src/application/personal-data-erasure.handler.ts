import type { EntityManager } from 'typeorm';
import { buildEvent, serviceSourceFor } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import type { Clock } from '@ketenpad/runtime';
import { COURT_LIAISON_TOPIC } from './court-case-event.envelope';
import type { PathwayPrivacyStore } from './pathway-privacy.port';

/** Source of the erasure answer: the court-liaison service itself, which answers for every organisation it hosts. */
export const COURT_LIAISON_SERVICE_SOURCE = serviceSourceFor('court-liaison');

/**
 * Answers the municipality's erasure request for a pathway (issue 6.4). The
 * court liaison holds no personal data of a resident: its cases are coded,
 * dated court procedures on a random pathway id (no BSN, pseudonym, name or
 * free text; its events carry none either), the same pseudonymous facts the
 * timeline keeps after an erasure. So nothing is deleted, and it still answers
 * `personal-data-erased` (same erasure id) in the inbox transaction, so the
 * municipality sees the request completed here.
 */
export class PersonalDataErasureHandler {
  constructor(
    private readonly store: PathwayPrivacyStore,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Inside the inbox transaction; `false` when this erasure id was answered before (nothing happens again). */
  async erase(manager: EntityManager, pathwayId: string, erasureId: string): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.store.recordErasure(manager, erasureId, pathwayId, now))) return false;
    const answer = buildEvent({
      type: 'nl.ketenpad.court-liaison.personal-data-erased.v1',
      source: COURT_LIAISON_SERVICE_SOURCE,
      pathwayId,
      data: { erasureId, at: now.toISOString() },
      time: now.toISOString(),
    });
    await this.outbox.append(manager, [answer], { topic: COURT_LIAISON_TOPIC });
    return true;
  }
}
