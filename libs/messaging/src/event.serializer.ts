import type { EventEnvelope } from '@ketenpad/events';

/**
 * Turns envelopes into message values and back. The platform's implementation
 * is `EventCodec` from `@ketenpad/events`, which validates against the
 * contracts on both sides (STYLE.md rule 2); messaging only needs this shape.
 */
export interface EventSerializer {
  /** Validates and encodes; throws for an invalid event. */
  encode(event: EventEnvelope): Buffer;
  /** Decodes and validates; throws for a value that is not a valid event. */
  decode(value: Buffer): EventEnvelope;
}
