import type { EntityManager } from 'typeorm';
import { buildEvent, type EventEnvelope } from '@ketenpad/events';
import type { OutboxWriter } from '@ketenpad/messaging';
import { IDENTIFYING_KEYS, withoutIdentifyingData } from '@ketenpad/privacy';
import type { Clock } from '@ketenpad/runtime';
import type { DeliveryRepository } from '../adapters/persistence/delivery.repository';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import type { PathwayPrivacyRepository } from '../adapters/persistence/pathway-privacy.repository';
import { PARTNER_GATEWAY_SOURCE, PARTNER_GATEWAY_TOPIC } from './delivery.worker';

/** The municipality's request to erase a pathway's personal data everywhere (issue 6.4). */
export const ERASURE_REQUESTED = 'nl.ketenpad.municipality.personal-data-erased.v1';

/**
 * Carries out an erasure request for a pathway and every pathway the
 * municipality merged into it (e.g. the one a GP's referral opened, whose
 * `referral-made` carries the resident's pseudonym): their stored event
 * copies go, and every delivery of them - queued ones are not sent any more,
 * delivered and dead-lettered ones leave the delivery log (which never held
 * payloads; what stays are the Prometheus counters, which name no pathway).
 * Then the gateway answers with its own `personal-data-erased`, same erasure
 * id, in the same (inbox) transaction, so erasure and answer commit together,
 * once.
 *
 * Kept: the entitlement projection (which partner was referred or holds
 * consent, the municipality, the merges), organisation facts the chain's
 * need-to-know policy and the access log still need for the pathway's
 * non-personal history, like the timeline keeps its participants; and the
 * access log, which is append-only by law (NEN 7513).
 *
 * After the erasure the pathway's events (and those of every pathway merged
 * into it, also by a merge the gateway learns of later) are still chain facts:
 * they are kept without the identifying keys of `@ketenpad/privacy` (as the
 * timeline keeps them), see {@link asStored} and {@link mergeRecorded}.
 */
export class PersonalDataErasureHandler {
  constructor(
    private readonly pathways: PathwayPrivacyRepository,
    private readonly entitlements: EntitlementRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Inside the inbox transaction; false when this erasure id was carried out before (nothing happens again). */
  async erase(manager: EntityManager, pathwayId: string, erasureId: string): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.pathways.recordErasure(manager, erasureId, pathwayId, now))) return false;
    const erased = await this.pathways.pathwayWithMerged(manager, pathwayId);
    // Deliveries first: they refer to the event copies.
    await this.deliveries.erasePathways(manager, erased);
    await this.entitlements.eraseEvents(manager, erased);
    const answer = buildEvent({
      type: 'nl.ketenpad.partner-gateway.personal-data-erased.v1',
      source: PARTNER_GATEWAY_SOURCE,
      pathwayId,
      data: { erasureId, at: now.toISOString() },
      time: now.toISOString(),
    });
    await this.outbox.append(manager, [answer], { topic: PARTNER_GATEWAY_TOPIC });
    return true;
  }

  /**
   * The event as the gateway may keep it: without identifying data when the
   * personal data of its pathway, or of a pathway it was merged into, was
   * erased before. Inside the inbox transaction, so an erasure handled
   * earlier in the same transaction (one inbox batch) counts.
   */
  async asStored(manager: EntityManager, event: EventEnvelope): Promise<EventEnvelope> {
    // Most events carry nothing identifying: stripping would change nothing, so no lookup on the hot path.
    if (!IDENTIFYING_KEYS.some((key) => key in event.data)) return event;
    if (!(await this.pathways.wasErased(manager, event.pathwayid))) return event;
    return { ...event, data: withoutIdentifyingData(event.data) };
  }

  /**
   * After a merge is remembered: when the pathway it was merged into had been
   * erased already, the erasure reaches the merged pathway (and those merged
   * into it) now - their stored copies lose their identifying data. Returns
   * the copies changed. Unlike the erasure itself the copies and their
   * deliveries stay, as for events that arrive after the erasure: what is
   * left of them is non-personal.
   */
  async mergeRecorded(manager: EntityManager, mergedPathwayId: string): Promise<number> {
    if (!(await this.pathways.wasErased(manager, mergedPathwayId))) return 0;
    const reached = await this.pathways.pathwayWithMerged(manager, mergedPathwayId);
    return this.entitlements.stripEventData(manager, reached, IDENTIFYING_KEYS);
  }
}
