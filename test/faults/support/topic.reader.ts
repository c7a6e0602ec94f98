import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@ketenpad/testing';

/** A message as it sits on a topic. */
export interface TopicMessage {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Reads every message on a topic up to its current end, with a throw-away consumer group. */
export async function readTopic(brokers: readonly string[], topic: string): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: 'faults.reader', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const end = new Map(ends.map((o) => [o.partition, BigInt(o.high)]));
  const start = new Map(ends.map((o) => [o.partition, BigInt(o.low)]));
  const total = ends.reduce((sum, o) => sum + Number(BigInt(o.high) - BigInt(o.low)), 0);
  const messages: TopicMessage[] = [];
  if (total === 0) return messages;
  const consumer = kafka.consumer({ groupId: `faults.reader.${randomUUID()}`, sessionTimeout: 6_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (
          BigInt(message.offset) >= (end.get(partition) ?? 0n) ||
          BigInt(message.offset) < (start.get(partition) ?? 0n)
        )
          return;
        const headers: Record<string, string> = {};
        for (const [name, raw] of Object.entries(message.headers ?? {}))
          if (raw !== undefined) headers[name] = (Array.isArray(raw) ? raw[0] : raw)!.toString();
        messages.push({
          partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
          key: message.key?.toString() ?? null,
          value: message.value,
          headers,
        });
      },
    });
    await waitFor(async () => messages.length >= total, {
      timeoutMs: 60_000,
      description: `all ${total} messages of ${topic}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** How far a consumer group is behind the end of a topic (committed offsets vs high watermarks), over all or one of its partitions. */
export async function groupLag(
  brokers: readonly string[],
  groupId: string,
  topic: string,
  partition?: number,
): Promise<number> {
  const kafka = new Kafka({ clientId: 'faults.lag', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map(committed!.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return ends
      .filter((o) => partition === undefined || o.partition === partition)
      .reduce((lag, o) => {
        const done = at.get(o.partition) ?? -1n;
        return lag + Number(BigInt(o.high) - (done < 0n ? BigInt(o.low) : done));
      }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** Committed offset per partition of a consumer group (-1: nothing committed yet). */
export async function committedOffsets(
  brokers: readonly string[],
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const kafka = new Kafka({ clientId: 'faults.offsets', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(committed!.partitions.map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Samples a consumer group's committed offsets on one topic every `intervalMs`,
 * so a test can tell afterwards when the group had passed a given offset.
 */
export class CommitSampler {
  private readonly samples: Array<{ at: number; offsets: Map<number, bigint> }> = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(brokers: readonly string[], groupId: string, topic: string, intervalMs = 200) {
    const admin = new Kafka({ clientId: 'faults.commits', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
    this.loop = (async () => {
      await admin.connect();
      try {
        while (this.running) {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => [undefined]);
          if (committed)
            this.samples.push({
              at: Date.now(),
              offsets: new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)])),
            });
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      } finally {
        await admin.disconnect();
      }
    })();
  }

  /** When the group's committed offset of `partition` first reached `offset` (the next offset to read), if it did. */
  reachedAt(partition: number, offset: bigint): number | undefined {
    return this.samples.find((s) => (s.offsets.get(partition) ?? -1n) >= offset)?.at;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
