import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { EventCodec } from '@ketenpad/events';
import { InboxConsumer, type InboxHandler } from '@ketenpad/messaging';
import { TimelineRepository } from '../../services/timeline/src/adapters/persistence/timeline.repository';
import { TimelineProjection } from '../../services/timeline/src/application/timeline.projection';
import { measurement, TOPICS, until, type BenchContext, type Measurement } from './bench.context';
import { chainEvent, encodeEvent } from './event.fixture';

/**
 * The dev broker keeps about 5 MB per partition and drops older messages
 * (README.md). At ~650 bytes an event, 24k unread events are ~2.6 MB per
 * partition of a 6-partition topic: that is the most produced ahead of the
 * consumer.
 */
const WINDOW = 24_000;
const SEND_SIZE = 500;

/** Produces the B2 events in order, never more than {@link WINDOW} ahead of what was consumed. */
export class EventFeeder {
  produced = 0;
  private producer: Producer | undefined;

  constructor(
    private readonly ctx: BenchContext,
    readonly total: number,
  ) {}

  /** Produces up to the window before any clock starts; returns how many are on the topic. */
  async prefill(): Promise<number> {
    this.producer = this.ctx.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    await this.produceUntil(Math.min(this.total, WINDOW), 'B2 producing events');
    return this.produced;
  }

  /** Keeps producing while `consumed()` advances (full runs only: quick runs fit in the prefill). */
  async keepUp(consumed: () => number): Promise<void> {
    while (this.produced < this.total) {
      await until(() => this.produced - consumed() < WINDOW - SEND_SIZE * 10, 600_000, 'the consumer to catch up');
      await this.produceUntil(Math.min(this.total, this.produced + SEND_SIZE * 10), undefined);
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }

  private async produceUntil(target: number, label: string | undefined): Promise<void> {
    if (!this.producer) throw new Error('prefill first');
    while (this.produced < target) {
      const n = Math.min(SEND_SIZE, target - this.produced);
      const messages = Array.from({ length: n }, (_, i) => {
        const { key, value, headers } = encodeEvent(chainEvent(this.produced + i));
        return { key, value, headers };
      });
      await this.producer.send({ topic: TOPICS.events, messages, acks: -1 });
      this.produced += n;
      if (label) this.ctx.progress(`${label} ${this.produced}/${target}`);
    }
  }
}

/**
 * B2: the events through the real InboxConsumer (decode + validate, attempt
 * counting, inbox dedupe, offset commit) with the real timeline projection
 * as handler. The clock starts at the first handler call and stops when the
 * consumer reported the last event processed.
 */
export async function projectionIngest(ctx: BenchContext, feeder: EventFeeder): Promise<Measurement> {
  const projection = new TimelineProjection(new TimelineRepository(), `bench-${randomUUID().slice(0, 8)}`);
  return ingest(ctx, 'timeline', feeder.total, feeder, (event, manager, meta) =>
    projection.project({ event, manager, meta }),
  );
}

/**
 * Diagnostic for B2: the same consumer with a handler that writes nothing,
 * i.e. the cost of decoding, attempt counting, the inbox insert and the
 * offset commit alone. Reads the first `count` (prefilled) events.
 */
export async function inboxOnlyIngest(ctx: BenchContext, count: number): Promise<Measurement> {
  return ingest(ctx, 'inbox-only', count, undefined, async () => undefined);
}

async function ingest(
  ctx: BenchContext,
  name: string,
  total: number,
  feeder: EventFeeder | undefined,
  handle: InboxHandler,
): Promise<Measurement> {
  let processed = 0;
  let first: number | undefined;
  const consumer = new InboxConsumer({
    consumerName: `bench.${name}`,
    groupId: `bench.${name}.${randomUUID()}`,
    clientId: `bench.${name}`,
    topics: [TOPICS.events],
    dataSource: ctx.dataSource,
    serializer: EventCodec.shared(),
    handle: (event, manager, meta) => {
      first ??= performance.now();
      return handle(event, manager, meta);
    },
    logger: ctx.logger,
    fromBeginning: true,
    brokers: ctx.brokers,
    metrics: {
      onProcessed: (count) => {
        processed += count;
      },
    },
  });
  const before = await counts(ctx, name);
  await consumer.start();
  const ticker = setInterval(() => ctx.progress(`B2 ${name} ${processed}/${total}`), 500);
  try {
    await Promise.all([
      feeder?.keepUp(() => processed),
      until(() => processed >= total, 900_000, `B2 ${name} to process ${total} events (has ${processed})`),
    ]);
    const done = performance.now();
    if (first === undefined) throw new Error(`B2 ${name}: handler never ran`);
    await verify(ctx, name, total, feeder !== undefined, before);
    return measurement(total, done - first);
  } finally {
    clearInterval(ticker);
    await consumer.stop();
    await feeder?.close();
  }
}

async function counts(ctx: BenchContext, name: string): Promise<{ entries: number; inbox: number }> {
  const [row] = await ctx.dataSource.query<Array<{ entries: number; inbox: number }>>(
    `SELECT (SELECT count(*)::int FROM timeline_entry) AS entries, (SELECT count(*)::int FROM inbox WHERE consumer = $1) AS inbox`,
    [`bench.${name}`],
  );
  return row ?? { entries: 0, inbox: 0 };
}

/** Exactly `total` new inbox rows (and timeline entries, when projected) beyond what was there before (preloaded history). */
async function verify(
  ctx: BenchContext,
  name: string,
  total: number,
  projected: boolean,
  before: { entries: number; inbox: number },
): Promise<void> {
  const after = await counts(ctx, name);
  const entries = after.entries - before.entries;
  const inbox = after.inbox - before.inbox;
  if (inbox !== total || (projected && entries !== total))
    throw new Error(`B2 ${name} wrote ${entries} timeline entries and ${inbox} inbox rows, expected ${total}`);
}
