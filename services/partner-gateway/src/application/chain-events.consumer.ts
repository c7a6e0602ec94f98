import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { topics } from '@ketenpad/contracts';
import type { EventEnvelope } from '@ketenpad/events';
import { ANY_EVENT, type InboxEventContext } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { mayReceive, NO_ENTITLEMENT } from '../domain/entitlement.policy';
import { matchesFilter } from '../domain/subscription.filter';
import { DeliveryRepository } from '../adapters/persistence/delivery.repository';
import { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import { SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import { municipalityOfSource, partnerUrn } from './partner.urn';

/** Consumer name and group id (stable per service). */
export const PARTNER_NOTIFICATIONS_CONSUMER = 'partner-gateway.notifications';
/** Every chain topic; never the gateway's own. */
export const PARTNER_GATEWAY_TOPICS: readonly string[] = topics
  .filter((t) => t.producer !== 'partner-gateway')
  .map((t) => t.name);

interface ReferralMade {
  referralId: string;
  toOrg: string;
  at: string;
}
interface ReferralDeclined {
  referralId: string;
  at: string;
}
interface ConsentRecorded {
  consentId: string;
  grantee: string;
  scope: string[];
  validUntil: string | null;
  at: string;
}
interface ConsentWithdrawn {
  consentId: string;
  at: string;
}

/**
 * Keeps the gateway's projection of the chain (events to serve, entitlement)
 * and queues one delivery per matching, entitled subscription - all in the
 * inbox transaction, so an event is queued exactly once. No HTTP here
 * (STYLE.md rule 5): the delivery worker calls the partners.
 */
@Controller()
export class ChainEventsConsumer {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ANY_EVENT)
  async consume(@Payload() { event, manager }: InboxEventContext): Promise<void> {
    const now = this.clock.now();
    if (!(await this.entitlements.storeEvent(manager, event, now))) return;
    await this.project(manager, event);
    const [entitlements, municipalityCode, subscriptions] = await Promise.all([
      this.entitlements.entitlementsOf(manager, event.pathwayid),
      this.entitlements.municipalityOf(manager, event.pathwayid),
      this.subscriptions.all(manager),
    ]);
    const today = LocalDate.fromInstant(now).toString();
    const facts = {
      type: event.type,
      classification: event.classification,
      pathwayId: event.pathwayid,
      municipalityCode,
    };
    const matching = subscriptions.filter(
      (s) =>
        matchesFilter(s, facts) &&
        mayReceive(entitlements.get(partnerUrn(s.partnerOrg)) ?? NO_ENTITLEMENT, event.classification, today),
    );
    await this.deliveries.enqueue(
      manager,
      matching.map((s) => ({ subscriptionId: s.subscriptionId, pathwayId: event.pathwayid, eventId: event.id })),
      now,
    );
  }

  /** Entitlement follows referrals to and consents for an organisation; the pathway's municipality its first municipality event. */
  private async project(manager: EntityManager, event: EventEnvelope): Promise<void> {
    const municipality = municipalityOfSource(event.source);
    if (municipality !== null) await this.entitlements.recordMunicipality(manager, event.pathwayid, municipality);
    // The codec validated `data` against the event's schema before it got here.
    if (event.type.endsWith('.referral-made.v1')) {
      const data = event.data as unknown as ReferralMade;
      await this.entitlements.recordReferral(manager, {
        referralId: data.referralId,
        pathwayId: event.pathwayid,
        toOrg: data.toOrg,
        at: data.at,
      });
    } else if (event.type.endsWith('.referral-declined.v1')) {
      const data = event.data as unknown as ReferralDeclined;
      await this.entitlements.declineReferral(manager, data.referralId, data.at);
    } else if (event.type === 'nl.ketenpad.municipality.consent-recorded.v1') {
      const data = event.data as unknown as ConsentRecorded;
      await this.entitlements.recordConsent(manager, { ...data, pathwayId: event.pathwayid });
    } else if (event.type === 'nl.ketenpad.municipality.consent-withdrawn.v1') {
      const data = event.data as unknown as ConsentWithdrawn;
      await this.entitlements.withdrawConsent(manager, data.consentId, data.at);
    }
  }
}
