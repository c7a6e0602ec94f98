import { buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import type { SocialWorkEvent } from '../domain/social-work.events';

/** The Kafka topic of everything social work publishes. */
export const SOCIAL_WORK_TOPIC = 'social-work.events.v1';

/** Full CloudEvents type of a domain event, e.g. `nl.ketenpad.social-work.referral-accepted.v1`. */
export function cloudEventTypeOf(event: SocialWorkEvent): KetenpadEventType {
  return `nl.ketenpad.social-work.${event.type}.v1`;
}

/**
 * Wraps domain events in CloudEvents envelopes from the acting social-work
 * organisation. The outbox writer validates each against its schema in
 * contracts/ before anything is written.
 */
export function toEnvelopes(events: readonly SocialWorkEvent[], context: { organisationId: string; time: Date }): EventEnvelope[] {
  const source = sourceFor('social-work', context.organisationId);
  return events.map((event) =>
    buildEvent({
      type: cloudEventTypeOf(event),
      source,
      pathwayId: event.pathwayId,
      // The domain event types are the generated contract types (social-work.events.ts),
      // but TypeScript cannot correlate the union member with the mapped type here.
      data: event.data as KetenpadEventDataMap[KetenpadEventType],
      time: context.time.toISOString(),
    }),
  );
}
