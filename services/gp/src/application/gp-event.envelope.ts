import { buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';
import type { KetenpadEventDataMap } from '@ketenpad/contracts';

/** The Kafka topic of everything the GP service publishes. */
export const GP_TOPIC = 'gp.events.v1';

/** The event types the GP publishes. */
export type GpEventType = Extract<keyof KetenpadEventDataMap, `nl.ketenpad.gp.${string}`>;

/** The URN of a practice, as `source` of its events and `fromOrg` of its referrals. */
export function practiceUrn(practiceId: string): string {
  return sourceFor('gp', practiceId);
}

/**
 * A GP event of a practice on an episode's pathway. The outbox writer
 * validates it against its schema before anything is written.
 */
export function gpEvent<T extends GpEventType>(type: T, practiceId: string, pathwayId: string, data: KetenpadEventDataMap[T], time: Date): EventEnvelope {
  return buildEvent({ type, source: practiceUrn(practiceId), pathwayId, data, time: time.toISOString() });
}
