import { buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import type { PathwayEvent } from '../domain/pathway/pathway.events';

/** The Kafka topic of everything the municipality publishes. */
export const MUNICIPALITY_TOPIC = 'municipality.events.v1';

/** Full CloudEvents type of a domain event, e.g. `nl.ketenpad.municipality.help-requested.v1`. */
export function cloudEventTypeOf(event: PathwayEvent): KetenpadEventType {
  return `nl.ketenpad.municipality.${event.type}.v1`;
}

/**
 * Wraps domain events in CloudEvents envelopes from the owning municipality.
 * The outbox writer validates each against its schema in contracts/ before
 * anything is written.
 */
export function toEnvelopes(
  events: readonly PathwayEvent[],
  context: { municipalityCode: string; time: Date; correlationId?: string },
): EventEnvelope[] {
  const source = sourceFor('municipality', context.municipalityCode);
  return events.map((event) =>
    buildEvent({
      type: cloudEventTypeOf(event),
      source,
      pathwayId: event.pathwayId,
      // The domain event types are the generated contract types (pathway.events.ts),
      // but TypeScript cannot correlate the union member with the mapped type here.
      data: event.data as KetenpadEventDataMap[KetenpadEventType],
      time: context.time.toISOString(),
      ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
    }),
  );
}
