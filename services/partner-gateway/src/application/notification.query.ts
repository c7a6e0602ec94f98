import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { LocalDate } from '@ketenpad/calendar';
import type { EventEnvelope } from '@ketenpad/events';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { Clock } from '@ketenpad/runtime';
import { partnerMayReadEvent, pathwayAccessFacts } from '../domain/partner-access.policy';
import type { EntitlementRepository } from '../adapters/persistence/entitlement.repository';
import { NotificationNotFound } from './application.errors';

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
      const records = await this.entitlements.recordsOfPathway(manager, event.pathwayid);
      const today = LocalDate.fromInstant(this.clock.now()).toString();
      // The route takes the partner role only, which only partner organisations hold: the principal is a partner reader.
      if (!partnerMayReadEvent(pathwayAccessFacts(records), principal.organisation.id, event, today))
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
