import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { LocalDate } from '@ketenpad/calendar';
import type { EventEnvelope } from '@ketenpad/events';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { Clock } from '@ketenpad/runtime';
import { mayReceive, NO_ENTITLEMENT } from '../domain/entitlement.policy';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import { NotificationNotFound } from './application.errors';
import { partnerUrn } from './partner.urn';

/**
 * The `dataref` of a notification: the event (envelope and data; data holds
 * no personal data by contract) for a partner entitled to it at the moment of
 * reading, and the read in the access log in the same transaction. Anything
 * else is "not found", so event ids cannot be probed.
 */
export class NotificationQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entitlements: EntitlementRepository,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
  ) {}

  async read(principal: Principal, eventId: string, purpose: string): Promise<EventEnvelope> {
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.entitlements.findEvent(manager, eventId);
      if (!stored) throw new NotificationNotFound();
      const event = stored.envelope;
      const entitlement =
        (await this.entitlements.entitlementsOf(manager, event.pathwayid)).get(partnerUrn(principal.organisation.id)) ??
        NO_ENTITLEMENT;
      if (!mayReceive(entitlement, event.classification, LocalDate.fromInstant(this.clock.now()).toString()))
        throw new NotificationNotFound();
      await this.accessLog.record(
        principal,
        [{ pathwayId: event.pathwayid, resource: `notification:${event.id}`, classifications: [event.classification] }],
        purpose,
        manager,
      );
      return event;
    });
  }
}
