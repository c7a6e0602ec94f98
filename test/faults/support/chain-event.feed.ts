import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { buildEvent, EventCodec, sourceFor, type EventEnvelope } from '@ketenpad/events';
import { sleep } from './fault.profile';

export const MUNICIPALITY_TOPIC = 'municipality.events.v1';

/** One event this test put on the topic. */
export interface FedEvent {
  readonly id: string;
  readonly pathwayId: string;
  /** Position of the event within its pathway, from 0. */
  readonly step: number;
}

const SOURCE = sourceFor('municipality', 'GM0363');
const START = Date.parse('2025-03-03T10:00:00Z');

/**
 * Publishes well-formed municipality events straight to the topic, as the
 * outbox relay would (keyed by pathway, validated by the shared codec), for
 * faults that concern the consumer only. Pathways are interleaved, so each
 * pathway's events are spread over the whole run and every kill cuts through
 * many pathways.
 */
export class ChainEventFeed {
  readonly events: FedEvent[] = [];
  private readonly producer: Producer;
  private readonly pathways: string[];
  private connected = false;

  constructor(brokers: readonly string[], pathwayCount: number) {
    const kafka = new Kafka({ clientId: 'faults.feed', brokers: [...brokers], logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.pathways = Array.from({ length: pathwayCount }, () => randomUUID());
  }

  /** Publishes `count` more events in sends of `sendSize`. */
  async publish(count: number, sendSize = 500): Promise<void> {
    await this.connect();
    for (let sent = 0; sent < count; ) {
      const n = Math.min(sendSize, count - sent);
      const batch = Array.from({ length: n }, (_, i) => this.eventAt(this.events.length + i));
      await this.send(batch.map(({ envelope }) => envelope));
      this.events.push(...batch.map(({ fed }) => fed));
      sent += n;
    }
  }

  /**
   * Publishes `count` events, never more than `window` ahead of `consumed()`:
   * the dev broker keeps only ~5 MB per partition, so a feed far ahead of the
   * consumer would lose its oldest events before they are read. Stops early when `until` is aborted.
   */
  async publishWithin(
    count: number,
    window: number,
    consumed: () => Promise<number>,
    options: { sendSize?: number; until?: AbortSignal } = {},
  ): Promise<void> {
    const sendSize = options.sendSize ?? 500;
    const target = this.events.length + count;
    while (this.events.length < target && !options.until?.aborted) {
      if (this.events.length - (await consumed()) > window - sendSize) {
        await sleep(100);
        continue;
      }
      await this.publish(Math.min(sendSize, target - this.events.length), sendSize);
    }
  }

  /** Publishes at about `perSecond` events a second. */
  async publishAtRate(count: number, perSecond: number): Promise<void> {
    const tick = 100;
    const perTick = Math.max(1, Math.round((perSecond * tick) / 1000));
    const started = Date.now();
    for (let sent = 0; sent < count; sent += perTick) {
      await this.publish(Math.min(perTick, count - sent), perTick);
      const due = started + ((sent + perTick) / perSecond) * 1000;
      await sleep(Math.max(0, due - Date.now()));
    }
  }

  /** Publishes a message value as is (e.g. one no codec can decode), keyed like a pathway event. */
  async publishRaw(value: Buffer, headers: Record<string, string> = {}): Promise<void> {
    await this.connect();
    await this.producer.send({
      topic: MUNICIPALITY_TOPIC,
      acks: -1,
      messages: [{ key: this.pathways[0]!, value, headers }],
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }

  private async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  private async send(envelopes: readonly EventEnvelope[]): Promise<void> {
    const codec = EventCodec.shared();
    await this.producer.send({
      topic: MUNICIPALITY_TOPIC,
      acks: -1,
      messages: envelopes.map((e) => ({
        key: e.pathwayid,
        value: codec.encode(e),
        headers: { id: e.id, type: e.type },
      })),
    });
  }

  /** The `time` of the event this feed publishes as its `index`-th (from 0): a handle for faults aimed at one event. */
  static timeOf(index: number): string {
    // Strictly later per pathway, so the projection folds incrementally as it does live.
    return new Date(START + index * 1_000).toISOString();
  }

  private eventAt(index: number): { envelope: EventEnvelope; fed: FedEvent } {
    const pathwayId = this.pathways[index % this.pathways.length]!;
    const step = Math.floor(index / this.pathways.length);
    const time = ChainEventFeed.timeOf(index);
    const envelope =
      step === 0
        ? buildEvent({
            type: 'nl.ketenpad.municipality.help-requested.v1',
            source: SOURCE,
            pathwayId,
            time,
            data: {
              channel: 'telefoon',
              requestedAt: time,
              crisis: null,
              firstConversationDue: time.slice(0, 10),
              municipalityCode: 'GM0363',
            },
          })
        : buildEvent({
            type: 'nl.ketenpad.municipality.contact-attempted.v1',
            source: SOURCE,
            pathwayId,
            time,
            data: { kind: 'Huisbezoek', reached: step % 3 === 0, at: time },
          });
    return { envelope: envelope as EventEnvelope, fed: { id: envelope.id, pathwayId, step } };
  }
}
