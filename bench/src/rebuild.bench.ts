import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { topicOfProducer } from '@ketenpad/contracts';
import { startDevBroker } from '@ketenpad/dev-broker';
import { EventCodec, type KetenpadEvent } from '@ketenpad/events';
import { chainEventStreams, interleaved } from '../../infra/cli/src/demo/chain-event.stream';
import { generateScenarios } from '../../infra/cli/src/demo/scenario.generator';
import { projectionChecksum } from '../../test/support/projection.checksum';
import { measurement, until, type BenchContext, type Measurement } from './bench.context';
import { startBenchService, type BenchService } from './service.stack';

/** What B5 measured. */
export interface RebuildResult {
  readonly events: number;
  /** kafkajs eachBatch over the same topics, same broker, same run. */
  readonly rawConsumer: Measurement;
  /** The timeline process projecting the events as they are produced. */
  readonly live: Measurement;
  /** A second timeline process, new generation, empty database, from offset zero. */
  readonly rebuild: Measurement;
  readonly identical: boolean;
  readonly checksum: { readonly live: string; readonly rebuilt: string };
}

const SEED = 7_100_2025;
const SEND_SIZE = 500;

/**
 * B5: the load generator's chain events (every organisation's topic) produced
 * to a fresh dev broker while a timeline process projects them live; then a
 * second timeline process with a new projection generation rebuilds from
 * offset zero into an empty database. Rate = events / (first to last event
 * processed, from the timeline's own inbox rows); the read models must be
 * identical (test/support/projection.checksum.ts).
 */
export async function rebuildFromZero(ctx: BenchContext, events: number): Promise<RebuildResult> {
  ctx.progress('B5 generating events');
  const stream = generateEvents(events);
  const broker = await startDevBroker();
  const services: BenchService[] = [];
  try {
    const kafka = new Kafka({ clientId: 'bench.b5', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    ctx.progress('B5 starting the live timeline');
    const live = await startBenchService('timeline', broker.brokers, {
      TIMELINE_PROJECTION_GENERATION: `live-${randomUUID().slice(0, 8)}`,
    });
    services.push(live);
    await produce(ctx, kafka, stream);
    const liveRate = await projected(ctx, live, stream.length, 'B5 live projection');

    ctx.progress('B5 raw consumer');
    const rawConsumer = await rawRead(kafka, stream.length);

    ctx.progress('B5 starting the rebuild');
    const rebuilt = await startBenchService('timeline', broker.brokers, {
      TIMELINE_PROJECTION_GENERATION: `rebuild-${randomUUID().slice(0, 8)}`,
    });
    services.push(rebuilt);
    const rebuildRate = await projected(ctx, rebuilt, stream.length, 'B5 rebuild');

    const [a, b] = await Promise.all([projectionChecksum(live.database.url), projectionChecksum(rebuilt.database.url)]);
    const identical = a.entries === stream.length && JSON.stringify(a) === JSON.stringify(b);
    return {
      events: stream.length,
      rawConsumer,
      live: liveRate,
      rebuild: rebuildRate,
      identical,
      checksum: {
        live: `${a.entries} entries ${a.entriesMd5}, ${a.summaries} summaries ${a.summariesMd5}`,
        rebuilt: `${b.entries} entries ${b.entriesMd5}, ${b.summaries} summaries ${b.summariesMd5}`,
      },
    };
  } finally {
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await broker.stop();
  }
}

/** About `count` events of whole pathways, in time order. */
function generateEvents(count: number): KetenpadEvent[] {
  // ~17 events per generated pathway (measured); a few extra pathways, then cut at a pathway boundary.
  const scenarios = generateScenarios({ pathways: Math.max(16, Math.ceil(count / 15)), seed: SEED });
  const streams = chainEventStreams(scenarios, {
    seed: SEED,
    startsAt: Date.parse('2023-01-02T08:00:00Z'),
    spacingMs: 15 * 60_000,
  });
  const kept = [];
  let total = 0;
  for (const s of streams) {
    if (total + s.events.length > count) break;
    kept.push(s);
    total += s.events.length;
  }
  return interleaved(kept);
}

async function produce(ctx: BenchContext, kafka: Kafka, stream: readonly KetenpadEvent[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = EventCodec.shared();
  try {
    for (let sent = 0; sent < stream.length; sent += SEND_SIZE) {
      const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
      for (const event of stream.slice(sent, sent + SEND_SIZE)) {
        const topic = topicOfProducer(event.type.split('.')[2]!).name;
        const messages = byTopic.get(topic) ?? [];
        messages.push({
          key: event.pathwayid,
          value: codec.encode(event),
          headers: { id: event.id, type: event.type },
        });
        byTopic.set(topic, messages);
      }
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        acks: -1,
      });
      ctx.progress(`B5 producing ${Math.min(stream.length, sent + SEND_SIZE)}/${stream.length}`);
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Waits until the timeline's inbox holds `count` events. The rate spans its
 * first to its last inbox row (`received_at` is the transaction start, so the
 * last batch's own time is left out: one batch in thousands).
 */
async function projected(ctx: BenchContext, service: BenchService, count: number, label: string): Promise<Measurement> {
  const client = new Client({ connectionString: service.database.url });
  await client.connect();
  try {
    let done = 0;
    const deadline = Date.now() + 1_800_000;
    while (done < count) {
      if (Date.now() > deadline) throw new Error(`${label}: ${done}/${count} events after 30 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM inbox WHERE consumer LIKE 'timeline.%'",
      );
      done = rows[0]?.n ?? 0;
      ctx.progress(`${label} ${done}/${count}`);
    }
    const { rows } = await client.query<{ ms: number }>(
      "SELECT (extract(epoch FROM max(received_at) - min(received_at)) * 1000)::float8 AS ms FROM inbox WHERE consumer LIKE 'timeline.%'",
    );
    return measurement(count, Math.max(1, rows[0]?.ms ?? 1));
  } finally {
    await client.end();
  }
}

async function rawRead(kafka: Kafka, expected: number): Promise<Measurement> {
  const consumer = kafka.consumer({
    groupId: `bench.b5-raw.${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({
    topics: ['municipality', 'social-work', 'court-liaison', 'gp'].map((p) => topicOfProducer(p).name),
    fromBeginning: true,
  });
  let count = 0;
  let first: number | undefined;
  let last = 0;
  try {
    await consumer.run({
      eachBatch: async ({ batch }) => {
        first ??= performance.now();
        count += batch.messages.length;
        last = performance.now();
      },
    });
    await until(() => count >= expected, 120_000, `B5 raw consumer to read ${expected} messages (has ${count})`);
    return measurement(count, last - (first ?? last));
  } finally {
    await consumer.disconnect();
  }
}
