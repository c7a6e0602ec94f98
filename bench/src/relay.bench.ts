import { EventCodec } from '@ketenpad/events';
import { createKafkaClient, KafkaMessageBus, OutboxRelay, OutboxWriter } from '@ketenpad/messaging';
import { measurement, TOPICS, until, type BenchContext, type Measurement } from './bench.context';
import { chainEvent } from './event.fixture';

const EVENTS_PER_TRANSACTION = 1_000;

/**
 * B3: N pending outbox rows (written with the real OutboxWriter, untimed)
 * drained by the real OutboxRelay with its default batch size: SELECT ...
 * FOR UPDATE SKIP LOCKED, publish with acks=all, UPDATE sent_at, commit.
 * The clock runs from relay start until the last row is marked sent.
 */
export async function relayDrain(ctx: BenchContext): Promise<Measurement> {
  const total = ctx.sizes.relayRows;
  const writer = new OutboxWriter(EventCodec.shared());
  for (let written = 0; written < total; written += EVENTS_PER_TRANSACTION) {
    const events = Array.from({ length: Math.min(EVENTS_PER_TRANSACTION, total - written) }, (_, i) => chainEvent(written + i));
    await ctx.dataSource.transaction((manager) => writer.append(manager, events, { topic: TOPICS.relay }));
    ctx.progress(`B3 writing outbox ${written + events.length}/${total}`);
  }
  const bus = new KafkaMessageBus(createKafkaClient({ clientId: 'bench.outbox-relay', brokers: ctx.brokers, logger: ctx.logger }));
  await bus.connect();
  let published = 0;
  let publishAndMarkMs = 0;
  let rounds = 0;
  const relay = new OutboxRelay({
    dataSource: ctx.dataSource,
    bus,
    logger: ctx.logger,
    listen: false,
    retentionMs: null,
    metrics: {
      onPublished: (count, ms) => {
        published += count;
        publishAndMarkMs += ms;
        rounds += 1;
      },
    },
  });
  const ticker = setInterval(() => ctx.progress(`B3 relay ${published}/${total}`), 500);
  try {
    const started = performance.now();
    await relay.start();
    await until(() => published >= total, 600_000, `the relay to publish ${total} rows (has ${published})`);
    const ms = performance.now() - started;
    const backlog = await relay.backlog();
    if (backlog !== 0) throw new Error(`B3: ${backlog} outbox rows still unsent`);
    // publishAndMarkMs: broker send with acks=all plus the UPDATE; the rest is SELECT, locking, commit and loop overhead.
    return measurement(total, ms, { rounds, publishAndMarkMs: Math.round(publishAndMarkMs), otherMs: Math.round(ms - publishAndMarkMs) });
  } finally {
    clearInterval(ticker);
    await relay.stop();
    await bus.disconnect();
  }
}
