import type { EventEnvelope } from '@ketenpad/events';
import type { EventSerializer } from '../src';

/**
 * Test stand-in for `EventCodec`: plain JSON, rejecting values that are not
 * JSON or lack `id`, `type` or `pathwayid`, and events marked `invalid`.
 */
export class JsonEventSerializer implements EventSerializer {
  encode(event: EventEnvelope): Buffer {
    this.validate(event);
    return Buffer.from(JSON.stringify(event));
  }

  decode(value: Buffer): EventEnvelope {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    this.validate(parsed);
    return parsed;
  }

  private validate(value: unknown): asserts value is EventEnvelope {
    const event = value as Partial<EventEnvelope> | null;
    if (typeof event !== 'object' || event === null) throw new Error('event is not an object');
    for (const field of ['id', 'type', 'pathwayid'] as const) {
      if (typeof event[field] !== 'string' || event[field] === '') throw new Error(`event has no ${field}`);
    }
    if ((event.data as { invalid?: boolean } | undefined)?.invalid) throw new Error('event data is invalid');
  }
}
