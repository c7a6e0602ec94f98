import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { detectBrokerKind, type BrokerKind } from './kafka.client';
import type { BatchHandler, IncomingMessage, MessageSource } from './message-bus.port';

/**
 * How long a fetch waits for new messages when there are none, per broker kind.
 * Kafka answers a waiting fetch as soon as data arrives, so a long wait costs
 * nothing there. The dev broker (librdkafka's mock) does not: it answers an
 * empty fetch only after the full wait, even if messages arrive meanwhile
 * (rdkafka_mock_handlers.c, "we should cut the wait short ... too much of a
 * hassle"), so every wait is added to the latency of the next message. 20 ms
 * bounds that at the cost of ~50 small requests per second per idle consumer.
 */
export const FETCH_MAX_WAIT_MS: Readonly<Record<BrokerKind, number>> = { 'dev-broker': 20, kafka: 500 };

/** What to consume and as which group. */
export interface KafkaMessageSourceOptions {
  /**
   * Explicit, stable consumer group id, `<service>.<purpose>`, e.g.
   * `timeline.projection`. Changing it re-reads topics from the reset position.
   */
  readonly groupId: string;
  /** Topics to subscribe to; they must exist (services never create topics). */
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts: the beginning (true) or new messages only. */
  readonly fromBeginning?: boolean;
  /** Longest a fetch waits for new messages; default {@link FETCH_MAX_WAIT_MS} of the broker kind found. */
  readonly maxWaitTimeInMs?: number;
  /**
   * Partitions whose batches are handled at the same time (default 1). Above
   * 1, batches that share a message key still run one after the other (see
   * {@link KeyedGate}), so a pathway's events are never handled concurrently,
   * also not when they come from different topics. Only raise it for handlers
   * that write nothing shared between keys outside row locks or upserts.
   * Why it matters on the dev broker: its fetch returns one produce request's
   * messages per partition ("FIXME: Multiple messageSets?" in
   * rdkafka_mock_handlers.c), so a backlog does not grow the batches and a
   * consumer whose partitions take turns falls behind for good.
   */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * How long the coordinator waits for a silent member before rebalancing
   * (default 30 s). The dev broker ignores LeaveGroup, so a member restarting
   * in the same group there waits this long for its predecessor to expire.
   */
  readonly sessionTimeoutMs?: number;
}

/** kafkajs adapter of the {@link MessageSource} port; offsets are committed only by the handler. */
export class KafkaMessageSource implements MessageSource {
  private consumer: Consumer | undefined;
  private stopped = false;
  private readonly concurrency: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaMessageSourceOptions,
  ) {
    this.concurrency = options.partitionsConsumedConcurrently ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new RangeError(`partitionsConsumedConcurrently must be a positive integer, got ${this.concurrency}`);
  }

  async run(handler: BatchHandler): Promise<void> {
    // The fetch wait is fixed when the consumer is created, so the broker kind is asked first.
    const maxWaitTimeInMs = this.options.maxWaitTimeInMs ?? FETCH_MAX_WAIT_MS[await detectBrokerKind(this.kafka)];
    if (this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 3)),
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? false,
    });
    const gate = this.concurrency > 1 ? new KeyedGate() : undefined;
    await consumer.run({
      // The handler commits after its database transaction committed; kafkajs
      // must never commit an offset whose effects are not durable.
      autoCommit: false,
      eachBatchAutoResolve: false,
      // kafkajs never hands out two batches of one partition at a time, so a
      // partition stays in order; the gate keeps keys apart across partitions.
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: async (payload) => {
        const release = gate ? await gate.enter(keysOf(payload.batch.messages)) : undefined;
        try {
          await handleBatch(payload, handler);
        } finally {
          release?.();
        }
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const consumer = this.consumer;
    this.consumer = undefined;
    // disconnect() waits for the batch in progress before leaving the group.
    await consumer?.disconnect();
  }
}

async function handleBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
  const { batch } = payload;
  const { topic, partition } = batch;
  let resolved: bigint | undefined;
  let committed: bigint | undefined;
  await handler(
    {
      topic,
      partition,
      highWatermark: batch.highWatermark,
      messages: batch.messages.map((m) => toIncoming(topic, partition, m)),
    },
    {
      resolveOffset: (offset) => {
        payload.resolveOffset(offset);
        resolved = BigInt(offset);
      },
      commit: async () => {
        if (resolved === undefined || resolved === committed) return;
        const next = resolved + 1n;
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }],
        });
        committed = resolved;
      },
      heartbeat: () => payload.heartbeat(),
      isRunning: () => payload.isRunning(),
      isStale: () => payload.isStale(),
    },
  );
}

/** Keys of a batch; messages without a key have no order in Kafka either, so they hold none. */
function keysOf(messages: readonly KafkaMessage[]): Set<string> {
  const keys = new Set<string>();
  for (const { key } of messages) if (key) keys.add(key.toString('utf8'));
  return keys;
}

/**
 * Admits batches to run at the same time only when they share no key. Waiters
 * are admitted in arrival order: one is passed over only while its keys are
 * held or wanted by an earlier waiter, so two batches with a common key run in
 * the order they arrived. Admission takes all keys at once, so it cannot deadlock.
 */
export class KeyedGate {
  private readonly held = new Set<string>();
  private readonly waiting: Array<{ readonly keys: ReadonlySet<string>; readonly admit: () => void }> = [];

  /** Resolves once no running batch holds any of `keys`; call the returned function when done. */
  enter(keys: ReadonlySet<string>): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push({ keys, admit: () => resolve(this.hold(keys)) });
      this.admitWaiting();
    });
  }

  private hold(keys: ReadonlySet<string>): () => void {
    for (const key of keys) this.held.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) this.held.delete(key);
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    const wantedEarlier = new Set<string>();
    for (let i = 0; i < this.waiting.length; ) {
      const waiter = this.waiting[i]!;
      if ([...waiter.keys].some((key) => this.held.has(key) || wantedEarlier.has(key))) {
        for (const key of waiter.keys) wantedEarlier.add(key);
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      waiter.admit();
    }
  }
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: decodeHeaders(message.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}
