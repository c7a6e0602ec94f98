import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import { topics, type MunicipalityPathwayMergedV1 } from '@ketenpad/contracts';
import type { EventEnvelope } from '@ketenpad/events';
import { ANY_EVENT, type InboxEventContext } from '@ketenpad/platform';
import { Clock } from '@ketenpad/runtime';
import { partnerMayReadEvent, pathwayAccessFacts } from '../domain/partner-access.policy';
import { matchesFilter } from '../domain/subscription.filter';
import { DeliveryRepository } from '../adapters/persistence/delivery.repository';
import { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import { PathwayPrivacyRepository } from '../adapters/persistence/pathway-privacy.repository';
import { SubscriptionRepository } from '../adapters/persistence/subscription.repository';
import { municipalityOfSource } from './partner.urn';
import { ERASURE_REQUESTED, PersonalDataErasureHandler } from './personal-data-erasure.handler';

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
interface ErasureRequested {
  erasureId: string;
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
 *
 * An event of a pathway whose personal data was erased (or of a pathway
 * merged into such a one, at any depth) that arrives after the erasure is
 * stored without its identifying data, and entitled partners are still
 * notified of it: its non-personal facts remain chain facts (the timeline
 * shows them too), the notification is thin and its `dataref` serves the
 * stripped copy.
 */
@Controller()
export class ChainEventsConsumer {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly pathways: PathwayPrivacyRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly erasure: PersonalDataErasureHandler,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ANY_EVENT)
  async consume(@Payload() { event: received, manager }: InboxEventContext): Promise<void> {
    const now = this.clock.now();
    if (received.type === ERASURE_REQUESTED) {
      const { erasureId } = received.data as unknown as ErasureRequested;
      // A request carried out before (the same erasure id under another event id) changes nothing and notifies nobody.
      if (!(await this.erasure.erase(manager, received.pathwayid, erasureId))) return;
      // Then it is notified like any chain event: entitled partners learn that they should erase their copies too (AVG art. 19).
    }
    // An event of an erased pathway is kept without identifying data, and still notified (see the class comment).
    const event = await this.erasure.asStored(manager, received);
    if (!(await this.entitlements.storeEvent(manager, event, now))) return;
    await this.project(manager, event);
    const [records, subscriptions] = await Promise.all([
      this.entitlements.recordsOfPathway(manager, event.pathwayid),
      this.subscriptions.all(manager),
    ]);
    const today = LocalDate.fromInstant(now).toString();
    const access = pathwayAccessFacts(records);
    const notified = {
      type: event.type,
      classification: event.classification,
      pathwayId: event.pathwayid,
      municipalityCode: records.municipalityCode,
    };
    // The subscription's filter only ever narrows what the chain's need-to-know policy allows.
    const matching = subscriptions.filter(
      (s) => matchesFilter(s, notified) && partnerMayReadEvent(access, s.partnerOrg, event, today),
    );
    await this.deliveries.enqueue(
      manager,
      matching.map((s) => ({ subscriptionId: s.subscriptionId, pathwayId: event.pathwayid, eventId: event.id })),
      now,
    );
  }

  /**
   * Entitlement follows referrals to and consents for an organisation; the
   * pathway's municipality its first municipality event; a merge is
   * remembered, so erasure and the access log of the surviving pathway reach
   * the merged one.
   */
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
    } else if (event.type === 'nl.ketenpad.municipality.pathway-merged.v1' && municipality !== null) {
      const data = event.data as unknown as MunicipalityPathwayMergedV1;
      await this.pathways.rememberMerge(manager, event.pathwayid, data.intoPathwayId, municipality);
      // Merged into a pathway erased before: the erasure reaches the merged pathway's copies now.
      await this.erasure.mergeRecorded(manager, event.pathwayid);
    }
  }
}
