import { randomUUID } from 'node:crypto';
import { EventCodec, buildEvent, sourceFor, type EventEnvelope } from '@ketenpad/events';

/** One encoded chain event as the outbox relay would publish it. */
export interface EncodedEvent {
  readonly envelope: EventEnvelope;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

const SOURCE = sourceFor('municipality', 'GM0363');
const EVENTS_PER_PATHWAY = 10;
const START = Date.parse('2025-03-03T10:00:00Z');

/**
 * Realistic municipality events (~600 bytes encoded): per pathway one
 * help-requested followed by contact attempts, each strictly later, so the
 * projection folds incrementally (the common live case) and never refolds.
 */
export function chainEvent(index: number): EventEnvelope {
  const pathwayId = pathwayIdOf(Math.floor(index / EVENTS_PER_PATHWAY));
  const step = index % EVENTS_PER_PATHWAY;
  const time = new Date(START + index * 1_000).toISOString();
  if (step === 0)
    return buildEvent({
      type: 'nl.ketenpad.municipality.help-requested.v1',
      source: SOURCE,
      pathwayId,
      time,
      correlationId: randomUUID(),
      data: {
        channel: 'verwijzing',
        requestedAt: time,
        crisis: { type: 'eviction' },
        firstConversationDue: time.slice(0, 10),
        municipalityCode: 'GM0363',
        referralId: randomUUID(),
      },
    }) as EventEnvelope;
  return buildEvent({
    type: 'nl.ketenpad.municipality.contact-attempted.v1',
    source: SOURCE,
    pathwayId,
    time,
    correlationId: randomUUID(),
    data: { kind: 'Huisbezoek', reached: step % 3 === 0, at: time },
  }) as EventEnvelope;
}

export function encodeEvent(envelope: EventEnvelope): EncodedEvent {
  return {
    envelope,
    key: envelope.pathwayid,
    value: EventCodec.shared().encode(envelope),
    headers: { id: envelope.id, type: envelope.type },
  };
}

// A run-unique prefix keeps pathways of different runs apart; the suffix is the pathway number.
const RUN_PREFIX = randomUUID().slice(0, 24);
function pathwayIdOf(n: number): string {
  return `${RUN_PREFIX}${n.toString(16).padStart(12, '0')}`;
}
