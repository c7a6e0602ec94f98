import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { measurement, TOPICS, until, type BenchContext, type Measurement } from './bench.context';
import { copyFrom } from './copy-in.query';

const SEND_SIZE = 100;
const COPY_BATCH = 10_000;

/** B1 producer ceiling: 1 KB values, 100 messages per send, awaited one after another (acks all). */
export async function rawProducer(ctx: BenchContext): Promise<Measurement> {
  const producer = ctx.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  await producer.connect();
  const value = randomBytes(512).toString('hex'); // 1 KB of text
  const total = ctx.sizes.producerMessages;
  try {
    const started = performance.now();
    for (let sent = 0; sent < total; sent += SEND_SIZE) {
      const messages = Array.from({ length: Math.min(SEND_SIZE, total - sent) }, () => ({ key: randomUUID(), value }));
      await producer.send({ topic: TOPICS.producer, messages, acks: -1 });
      if (sent % 5_000 === 0) ctx.progress(`B1 producer ${sent}/${total}`);
    }
    return measurement(total, performance.now() - started);
  } finally {
    await producer.disconnect();
  }
}

/**
 * B1 consumer ceiling: a fresh group reads `expected` messages of the B2 event
 * topic with eachBatch and does nothing else. The clock starts at the first
 * batch, so group join and metadata time are left out (as for B2).
 */
export async function rawConsumer(ctx: BenchContext, expected: number): Promise<Measurement> {
  const consumer = ctx.kafka.consumer({ groupId: `bench.raw-consumer.${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.events], fromBeginning: true });
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
    await until(() => count >= expected, 120_000, `raw consumer to read ${expected} messages (has ${count})`);
    if (first === undefined) throw new Error('raw consumer saw no batch');
    return measurement(count, last - first);
  } finally {
    await consumer.disconnect();
  }
}

/**
 * B1 COPY ceiling: timeline-shaped rows (a copy of timeline_entry with its
 * primary key and index) in COPY text format, 10k rows per COPY. Only the
 * COPY calls are timed; building the text is not.
 */
export async function rawCopy(ctx: BenchContext): Promise<Measurement> {
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const columns = 'event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data';
  try {
    await client.query('CREATE TABLE bench_copy (LIKE timeline_entry INCLUDING ALL)');
    const total = ctx.sizes.copyRows;
    const data = JSON.stringify({ kind: 'Huisbezoek', reached: true, at: '2025-03-10T09:30:00Z' });
    let ms = 0;
    for (let done = 0; done < total; done += COPY_BATCH) {
      const lines: string[] = [];
      const n = Math.min(COPY_BATCH, total - done);
      for (let i = 0; i < n; i++) {
        const time = new Date(Date.UTC(2025, 2, 3) + (done + i) * 1_000).toISOString();
        lines.push(
          [randomUUID(), randomUUID(), 'nl.ketenpad.municipality.contact-attempted.v1', 'urn:nld:ketenpad:municipality:GM0363', 'municipality', 'GM0363', 'chain', time, time, TOPICS.events, String(i % 6), String(done + i), 'Contact attempted: home visit, reached', data].join('\t'),
        );
      }
      const chunk = Buffer.from(lines.join('\n') + '\n');
      const started = performance.now();
      await copyFrom(client, `COPY bench_copy (${columns}) FROM STDIN`, [chunk]);
      ms += performance.now() - started;
      ctx.progress(`B1 COPY ${done + n}/${total}`);
    }
    const [row] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_copy')).rows;
    if (row?.n !== total) throw new Error(`COPY wrote ${row?.n} rows, expected ${total}`);
    return measurement(total, ms);
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_copy').catch(() => undefined);
    await client.end();
  }
}
