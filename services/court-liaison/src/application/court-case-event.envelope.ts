import { buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import type { PublishedCourtCaseEvent } from '../domain/court-case/court-case.events';

/** The Kafka topic of everything the court liaison publishes. */
export const COURT_LIAISON_TOPIC = 'court-liaison.events.v1';

/** Full CloudEvents type of a published fact, e.g. `nl.ketenpad.court-liaison.moratorium-granted.v1`. */
export function cloudEventTypeOf(event: PublishedCourtCaseEvent): KetenpadEventType {
  return `nl.ketenpad.court-liaison.${event.type}.v1`;
}

/**
 * Wraps published facts in CloudEvents envelopes from the court liaison
 * organisation. The outbox writer validates each against its schema in
 * contracts/ before anything is written.
 */
export function toEnvelopes(
  events: readonly PublishedCourtCaseEvent[],
  context: { organisationId: string; time: Date },
): EventEnvelope[] {
  const source = sourceFor('court-liaison', context.organisationId);
  return events.map((event) =>
    buildEvent({
      type: cloudEventTypeOf(event),
      source,
      pathwayId: event.pathwayId,
      // The domain event types are the generated contract types (court-case.events.ts),
      // but TypeScript cannot correlate the union member with the mapped type here.
      data: event.data as KetenpadEventDataMap[KetenpadEventType],
      time: context.time.toISOString(),
    }),
  );
}
