import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import { CORRELATION_HEADER, correlation } from '@ketenpad/runtime';
import type { EventSerializer } from './event.serializer';
import { OutboxSignal } from './outbox.signal';

/** Where appended events go. */
export interface OutboxAppendOptions {
  /** Topic of the producing context, e.g. `municipality.events.v1`. */
  readonly topic: string;
  /** Kind of aggregate the key names (default `pathway`). */
  readonly aggregateType?: string;
}

/** Header names every published event carries. */
export const EVENT_ID_HEADER = 'id';
export const EVENT_TYPE_HEADER = 'type';
export const TRACEPARENT_HEADER = 'traceparent';
export const CONTENT_TYPE_HEADER = 'content-type';
/**
 * Every message is a CloudEvent in the structured content mode of the CloudEvents Kafka protocol
 * binding: the value is the whole envelope as JSON, announced by this `content-type` (see
 * contracts/README.md, "Kafka messages", for why structured rather than binary mode).
 */
export const CLOUDEVENTS_STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

// PostgreSQL allows 65535 bind parameters per statement; 7 per row.
const ROWS_PER_INSERT = 1_000;
const COLUMNS = 7;

/**
 * Writes events into the outbox inside the caller's transaction, so state and
 * events commit together (no dual write). Only the relay publishes them.
 */
export class OutboxWriter {
  constructor(
    private readonly serializer: EventSerializer,
    /** Fired by {@link afterCommit}; give the same signal to the relay. */
    readonly signal: OutboxSignal = new OutboxSignal(),
  ) {}

  /**
   * Encodes (and so validates) every event first, then inserts them in order
   * with multi-row INSERTs through `manager`. An invalid event throws before
   * anything is written, failing the caller's transaction.
   */
  async append(manager: EntityManager, events: readonly EventEnvelope[], options: OutboxAppendOptions): Promise<void> {
    if (events.length === 0) return;
    const aggregateType = options.aggregateType ?? 'pathway';
    const rows = events.map((event) => {
      const payload = this.serializer.encode(event);
      const headers: Record<string, string> = {
        [CONTENT_TYPE_HEADER]: CLOUDEVENTS_STRUCTURED_CONTENT_TYPE,
        [EVENT_ID_HEADER]: event.id,
        [EVENT_TYPE_HEADER]: event.type,
      };
      const correlationId = event.correlationid ?? correlation.current();
      if (correlationId) headers[CORRELATION_HEADER] = correlationId;
      if (event.traceparent) headers[TRACEPARENT_HEADER] = event.traceparent;
      return [event.id, aggregateType, event.pathwayid, event.type, options.topic, payload, JSON.stringify(headers)];
    });
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const values = chunk
        .map((_, r) => `(${Array.from({ length: COLUMNS }, (_c, c) => `$${r * COLUMNS + c + 1}`).join(', ')})`)
        .join(', ');
      await manager.query(
        `INSERT INTO outbox (id, aggregate_type, aggregate_id, type, topic, payload, headers) VALUES ${values}`,
        chunk.flat(),
      );
    }
  }

  /** Call after the transaction that appended events committed: wakes a relay in this process. */
  afterCommit(): void {
    this.signal.notify();
  }
}
